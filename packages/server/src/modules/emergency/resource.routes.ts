import { api, emergency as em, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as dispatch from './dispatch.service.js';
import { nearestResources } from './resource.nearest.js';
import * as service from './resource.service.js';
import { commitImport, previewImport, type RegisterName, registerWorkbook } from './resource.xlsx.js';

type Feature = { id: string; location: [number, number] | null; name: string; available: boolean; detail: string };

/** Points for the map: resources without a place (an expert may have none) are left out. */
const featureCollection = (kind: em.ResourceKind, items: Feature[]) => ({
  type: 'FeatureCollection' as const,
  features: items.flatMap((i) =>
    i.location
      ? [
          {
            type: 'Feature' as const,
            id: i.id,
            geometry: { type: 'Point' as const, coordinates: i.location },
            properties: { id: i.id, kind, name: i.name, available: i.available, detail: i.detail },
          },
        ]
      : [],
  ),
});

/** The registers, nearest and dispatch: thin handlers over the services. */
export function resourceRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const r = api.emergencyResources;

  const xlsx = (name: RegisterName) => async (ctx: { actor: Actor; reply: Parameters<typeof sendDownload>[0] }) => {
    const file = await registerWorkbook(db, ctx.actor, name);
    return sendDownload(ctx.reply, { name: file.name, type: mediaType.xlsx, body: file.bytes });
  };

  route(app, platform, r.teams.list, ({ actor, query }) => service.listTeams(db, actor, query));
  route(app, platform, r.teams.create, ({ actor, body }) => service.createTeam(db, actor, body));
  route(app, platform, r.teams.update, ({ actor, params, body }) => service.updateTeam(db, actor, params.id, body));
  route(app, platform, r.teams.geojson, async ({ actor, query }) =>
    featureCollection(
      'team',
      (await service.allTeams(db, actor, query)).map((t) => ({
        ...t,
        available: t.status === 'available',
        detail: em.teamKindLabels[t.kind].zh,
      })),
    ),
  );
  route(app, platform, r.teams.xlsx, xlsx('teams'));
  route(app, platform, r.teams.previewImport, async ({ actor, upload }) => previewImport(platform, actor, 'teams', (await upload()).bytes));
  route(app, platform, r.teams.commitImport, async ({ actor, query, upload }) =>
    commitImport(platform, actor, 'teams', (await upload()).bytes, query.validOnly === 'true'),
  );

  route(app, platform, r.experts.list, ({ actor, query }) => service.listExperts(db, actor, query));
  route(app, platform, r.experts.create, ({ actor, body }) => service.createExpert(db, actor, body));
  route(app, platform, r.experts.update, ({ actor, params, body }) => service.updateExpert(db, actor, params.id, body));
  route(app, platform, r.experts.geojson, async ({ actor, query }) =>
    featureCollection(
      'expert',
      (await service.allExperts(db, actor, query)).map((e) => ({
        ...e,
        detail: e.specialities.map((s) => em.expertSpecialityLabels[s].zh).join('、'),
      })),
    ),
  );
  route(app, platform, r.experts.xlsx, xlsx('experts'));
  route(app, platform, r.experts.previewImport, async ({ actor, upload }) =>
    previewImport(platform, actor, 'experts', (await upload()).bytes),
  );
  route(app, platform, r.experts.commitImport, async ({ actor, query, upload }) =>
    commitImport(platform, actor, 'experts', (await upload()).bytes, query.validOnly === 'true'),
  );

  route(app, platform, r.stores.list, ({ actor, query }) => service.listStores(db, actor, query));
  route(app, platform, r.stores.create, ({ actor, body }) => service.createStore(db, actor, body));
  route(app, platform, r.stores.update, ({ actor, params, body }) => service.updateStore(db, actor, params.id, body));
  route(app, platform, r.stores.geojson, async ({ actor, query }) =>
    featureCollection(
      'supply',
      (await service.allStores(db, actor, query)).map((s) => ({ ...s, available: true, detail: s.address ?? '' })),
    ),
  );
  route(app, platform, r.stores.xlsx, async ({ actor, reply }) => {
    const file = await registerWorkbook(db, actor, 'supplies');
    return sendDownload(reply, { name: file.name, type: mediaType.xlsx, body: file.bytes });
  });

  route(app, platform, r.supplies.list, ({ actor, query }) => service.listSupplies(db, actor, query));
  route(app, platform, r.supplies.create, ({ actor, body }) => service.createSupply(db, actor, body));
  route(app, platform, r.supplies.update, ({ actor, params, body }) => service.updateSupply(db, actor, params.id, body));
  route(app, platform, r.supplies.geojson, async ({ actor, query }) =>
    featureCollection(
      'supply',
      (await service.allSupplies(db, actor, query)).map((s) => ({
        ...s,
        available: s.quantity > 0,
        detail: `${s.storeName} ${s.quantity}${s.unit}`,
      })),
    ),
  );
  route(app, platform, r.supplies.xlsx, xlsx('supplies'));
  route(app, platform, r.supplies.previewImport, async ({ actor, upload }) =>
    previewImport(platform, actor, 'supplies', (await upload()).bytes),
  );
  route(app, platform, r.supplies.commitImport, async ({ actor, query, upload }) =>
    commitImport(platform, actor, 'supplies', (await upload()).bytes, query.validOnly === 'true'),
  );
  route(app, platform, r.listMovements, ({ actor, params }) => service.listMovements(db, actor, params.id));
  route(app, platform, r.recordMovement, ({ actor, params, body }) => service.recordMovement(db, actor, params.id, body));

  route(app, platform, r.shelters.list, ({ actor, query }) => service.listShelters(db, actor, query));
  route(app, platform, r.shelters.create, ({ actor, body }) => service.createShelter(db, actor, body));
  route(app, platform, r.shelters.update, ({ actor, params, body }) => service.updateShelter(db, actor, params.id, body));
  route(app, platform, r.shelters.geojson, async ({ actor, query }) =>
    featureCollection(
      'shelter',
      (await service.allShelters(db, actor, query)).map((s) => ({
        ...s,
        available: true,
        detail: `${em.shelterTypeLabels[s.type].zh} ${s.capacity}人`,
      })),
    ),
  );
  route(app, platform, r.shelters.xlsx, xlsx('shelters'));
  route(app, platform, r.shelters.previewImport, async ({ actor, upload }) =>
    previewImport(platform, actor, 'shelters', (await upload()).bytes),
  );
  route(app, platform, r.shelters.commitImport, async ({ actor, query, upload }) =>
    commitImport(platform, actor, 'shelters', (await upload()).bytes, query.validOnly === 'true'),
  );

  route(app, platform, r.fireStations.list, ({ actor, query }) => service.listStations(db, actor, query));
  route(app, platform, r.fireStations.create, ({ actor, body }) => service.createStation(db, actor, body));
  route(app, platform, r.fireStations.update, ({ actor, params, body }) => service.updateStation(db, actor, params.id, body));
  route(app, platform, r.fireStations.geojson, async ({ actor, query }) =>
    featureCollection(
      'fire_station',
      (await service.allStations(db, actor, query)).map((s) => ({
        ...s,
        available: s.vehicles.some((v) => v.status === 'available'),
        detail: `${s.vehicles.filter((v) => v.status === 'available').length}/${s.vehicles.length} 辆可用`,
      })),
    ),
  );
  route(app, platform, r.fireStations.xlsx, xlsx('fire-stations'));
  route(app, platform, r.fireStations.previewImport, async ({ actor, upload }) =>
    previewImport(platform, actor, 'fire-stations', (await upload()).bytes),
  );
  route(app, platform, r.fireStations.commitImport, async ({ actor, query, upload }) =>
    commitImport(platform, actor, 'fire-stations', (await upload()).bytes, query.validOnly === 'true'),
  );
  route(app, platform, r.addVehicle, ({ actor, params, body }) => service.addVehicle(db, actor, params.id, body));
  route(app, platform, r.updateVehicle, ({ actor, params, body }) => service.updateVehicle(db, actor, params.id, params.vehicleId, body));

  route(app, platform, r.nearest, ({ actor, query }) => nearestResources(db, actor, query));
  route(app, platform, r.createDispatch, ({ actor, body }) => dispatch.createDispatch(db, actor, body));
  route(app, platform, r.listDispatches, ({ actor, query }) => dispatch.listDispatches(db, actor, query.incidentId));
  route(app, platform, r.returnDispatch, ({ actor, params, body }) => dispatch.returnDispatch(db, actor, params.id, body.returnedQuantity));
}
