import { api, mediaType, monitoring } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as service from './device.service.js';
import { listReadings, seriesOf } from './readings.service.js';
import { ingestHttp } from './telemetry.service.js';

/** The devices' register, their readings and charts, and telemetry over HTTP: thin handlers over the services. */
export function deviceRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const r = api.monitoringDevices;

  route(app, platform, r.list, ({ actor, query }) => service.listDevices(db, actor, query));
  route(app, platform, r.create, ({ actor, body }) => service.createDevice(db, actor, body));
  route(app, platform, r.get, ({ actor, params }) => service.getDevice(db, actor, params.id));
  route(app, platform, r.update, ({ actor, params, body }) => service.updateDevice(db, actor, params.id, body));
  route(app, platform, r.issueToken, ({ actor, params }) => service.issueDeviceToken(db, actor, params.id));
  route(app, platform, r.readings, ({ actor, params, query }) => listReadings(db, actor, params.id, query));
  route(app, platform, r.seriesOf, ({ actor, params, query }) => seriesOf(db, actor, params.id, query));
  route(app, platform, r.geojson, async ({ actor, query }) => ({
    type: 'FeatureCollection' as const,
    features: (await service.allDevices(db, actor, query)).flatMap((d) =>
      d.lng !== null && d.lat !== null
        ? [
            {
              type: 'Feature' as const,
              id: d.id,
              geometry: { type: 'Point' as const, coordinates: [d.lng, d.lat] as [number, number] },
              properties: { id: d.id, code: d.code, name: d.name, type: d.type, state: d.state },
            },
          ]
        : [],
    ),
  }));
  route(app, platform, r.xlsx, async ({ actor, query, reply }) => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('监测设备');
    sheet.columns = [
      { header: '设备编码', width: 20 },
      { header: '名称', width: 30 },
      { header: '类型', width: 14 },
      { header: '责任单位', width: 30 },
      { header: '街道', width: 16 },
      { header: '位置', width: 30 },
      { header: '经度', width: 12 },
      { header: '纬度', width: 12 },
      { header: '监测指标', width: 40 },
      { header: '上报周期（秒）', width: 14 },
      { header: '状态', width: 10 },
      { header: '最后上报', width: 22 },
      { header: '异常报文数', width: 12 },
    ];
    for (const d of await service.allDevices(db, actor, query)) {
      sheet.addRow([
        d.code,
        d.name,
        monitoring.deviceTypes[d.type].zh,
        d.orgName,
        d.streetName ?? '',
        d.placeName ?? '',
        d.lng,
        d.lat,
        d.metrics.map((m) => `${m.key}（${m.unit}）`).join('、'),
        d.intervalSeconds,
        monitoring.deviceStates[d.state].zh,
        d.lastSeenAt ?? '',
        d.malformedCount,
      ]);
    }
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return sendDownload(reply, { name: '监测设备.xlsx', type: mediaType.xlsx, body });
  });
  route(app, platform, r.telemetry, async ({ actor, body, request }) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const bound = bearer ? await service.boundDeviceCode(db, bearer) : null;
    return ingestHttp(platform, actor, bound, body);
  });
}
