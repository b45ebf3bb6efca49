import { FileExcelOutlined, SwapOutlined } from '@ant-design/icons';
import { api, emergency, type Endpoint } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapLegend } from '../../shared/map/MapLegend';
import { type LngLat, MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { ResourceImport } from './ResourceImport';
import { ResourceNearest } from './ResourceNearest';

const r = api.emergencyResources;
type Tab = 'teams' | 'experts' | 'supplies' | 'shelters' | 'fire-stations' | 'nearest';
const availableHex = '#389e0d';
const busyHex = '#8c8c8c';

/** One register's map and table: the same district-wide list, the xlsx export and import. */
function RegisterTab<T extends { id: string; name: string }>({
  path,
  geojson,
  list,
  columns,
  testId,
  extra,
}: {
  path: string;
  geojson: Endpoint;
  list: Endpoint;
  columns: ColumnsType<T>;
  testId: string;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const points = useApiQuery(geojson, {} as never);
  const rows = useApiQuery(list, { query: { pageSize: 500 } } as never);
  const collection = points.data as
    { features: { geometry: { coordinates: LngLat }; properties: { name: string; available: boolean } }[] } | undefined;
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: (collection?.features ?? []).map((f) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: f.geometry.coordinates },
      properties: { label: f.properties.name, color: f.properties.available ? availableHex : busyHex, radius: 8 },
    })),
  };
  const extent: MultiPoint | null = features.features.length
    ? { type: 'MultiPoint', coordinates: (collection?.features ?? []).map((f) => f.geometry.coordinates) }
    : null;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DownloadButton
          icon={<FileExcelOutlined />}
          path={`/api/emergency/${path}.xlsx`}
          fileName={`${path}_${dateStamp()}.xlsx`}
          testId={`export-${path}`}
        >
          {t('common.exportExcel')}
        </DownloadButton>
        {can('emergency.resource') && <ResourceImport path={path} />}
        {extra}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <div data-testid={`${testId}-map`}>
            {points.data ? (
              <MapView features={features} initialView={extent} height={440} ariaLabel={t('emergency.resources.mapTitle')}>
                <MapLegend
                  title={t('emergency.resources.legend')}
                  items={[
                    { color: availableHex, label: t('emergency.resources.available') },
                    { color: busyHex, label: t('emergency.resources.unavailable') },
                  ]}
                />
              </MapView>
            ) : (
              <Spin />
            )}
          </div>
        </Col>
        <Col xs={24} xl={14}>
          <Table<T>
            rowKey="id"
            size="small"
            loading={rows.isLoading}
            dataSource={(rows.data as { items: T[] } | undefined)?.items ?? []}
            columns={columns}
            scroll={{ x: 640 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid={`${testId}-table`}
          />
        </Col>
      </Row>
    </>
  );
}

/** 出入库: stock in, out, lend or return, with the receipt number the server assigns. */
function MovementButton({ supply }: { supply: api.emergencyResources.Supply }) {
  const { t } = useTranslation();
  const bi = useBi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ kind: 'in' | 'out' | 'lend' | 'return'; quantity: number; counterparty?: string }>();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const done = await call(r.recordMovement, { params: { id: supply.id }, body: values });
      message.success(t('emergency.resources.moved', { receipt: done.movement.receiptNo }));
      setOpen(false);
      form.resetFields();
      await invalidatePaths(client, '/api/emergency');
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <>
      <Button size="small" icon={<SwapOutlined />} onClick={() => setOpen(true)} data-testid="supply-move">
        {t('emergency.resources.move')}
      </Button>
      <Modal open={open} title={`${supply.storeName} · ${supply.name}`} onCancel={() => setOpen(false)} onOk={() => void submit()}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'in' }}>
          <Form.Item name="kind" label={t('emergency.resources.moveKind')} rules={[{ required: true }]}>
            <Select
              options={(['in', 'out', 'lend', 'return'] as const).map((k) => ({
                value: k,
                label: bi(emergency.supplyMovementKindLabels[k]),
              }))}
            />
          </Form.Item>
          <Form.Item name="quantity" label={`${t('emergency.resources.quantity')}（${supply.unit}）`} rules={[{ required: true }]}>
            <InputNumber min={0.01} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="counterparty" label={t('emergency.resources.counterparty')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 最近资源 for an incident being handled: pick it, see what is nearest its place, dispatch. */
function NearestTab() {
  const { t } = useTranslation();
  const incidents = useApiQuery(api.emergency.listIncidents, { query: { pageSize: 100, sort: '-occurredAt' } });
  const handled = (incidents.data?.items ?? []).filter((i) => (i.status === 'reported' || i.status === 'responding') && i.lng !== null);
  const [incidentId, setIncidentId] = useState<string | null>(null);
  const incident = handled.find((i) => i.id === incidentId) ?? null;
  const sent = useApiQuery(r.listDispatches, { query: { incidentId: incidentId ?? '' } }, { enabled: Boolean(incidentId) });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Select
          style={{ width: '100%', marginBottom: 12 }}
          placeholder={t('emergency.resources.pickIncident')}
          aria-label={t('emergency.resources.pickIncident')}
          value={incidentId}
          onChange={setIncidentId}
          options={handled.map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))}
          data-testid="nearest-incident"
        />
        {incident ? (
          <ResourceNearest lng={incident.lng!} lat={incident.lat!} incidentId={incident.id} />
        ) : (
          <Typography.Text type="secondary">{t('emergency.resources.pickIncidentHelp')}</Typography.Text>
        )}
      </Col>
      <Col xs={24} xl={12}>
        <Typography.Title level={5}>{t('emergency.resources.dispatchedTitle')}</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={sent.data?.items ?? []}
          columns={[
            { title: t('emergency.resources.name'), dataIndex: 'resourceName' },
            {
              title: t('emergency.resources.quantity'),
              key: 'q',
              render: (_, d) => (d.quantity === null ? '—' : `${d.quantity}${d.unit ?? ''}`),
            },
            { title: t('emergency.resources.dispatchedBy'), dataIndex: 'dispatchedByName' },
            {
              title: t('emergency.resources.state'),
              key: 's',
              render: (_, d) =>
                d.returnedAt ? (
                  <Tag>{t('emergency.resources.returned')}</Tag>
                ) : (
                  <Tag color="processing">{t('emergency.resources.onScene')}</Tag>
                ),
            },
          ]}
          data-testid="dispatch-table"
        />
      </Col>
    </Row>
  );
}

/**
 * 应急资源: one tab per register (teams, experts, supplies, shelters, fire stations), each a map and a table with
 * the xlsx export and import; supplies with their stock movements; and the nearest resources to an incident
 * with dispatch.
 */
export default function ResourcesPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const [search, setSearch] = useSearchParams();
  const tab = (search.get('tab') as Tab | null) ?? 'teams';
  const availability = (ok: boolean) =>
    ok ? <Tag color="success">{t('emergency.resources.available')}</Tag> : <Tag>{t('emergency.resources.unavailable')}</Tag>;

  const teamColumns: ColumnsType<api.emergencyResources.Team> = [
    { title: t('emergency.resources.name'), dataIndex: 'name', fixed: 'left', width: 180 },
    { title: t('emergency.resources.teamKind'), dataIndex: 'kind', render: (k: emergency.TeamKind) => bi(emergency.teamKindLabels[k]) },
    { title: t('emergency.resources.members'), dataIndex: 'members', align: 'right' },
    { title: t('emergency.resources.owner'), dataIndex: 'orgName' },
    { title: t('emergency.resources.phone'), dataIndex: 'phone', render: (p: string | null) => (p ? <a href={`tel:${p}`}>{p}</a> : '—') },
    {
      title: t('emergency.resources.state'),
      dataIndex: 'status',
      render: (s: emergency.TeamStatus) => <Tag>{bi(emergency.teamStatusLabels[s])}</Tag>,
    },
  ];
  const expertColumns: ColumnsType<api.emergencyResources.Expert> = [
    { title: t('emergency.resources.name'), dataIndex: 'name', width: 100 },
    {
      title: t('emergency.resources.specialities'),
      dataIndex: 'specialities',
      render: (s: emergency.ExpertSpeciality[]) => s.map((x) => <Tag key={x}>{bi(emergency.expertSpecialityLabels[x])}</Tag>),
    },
    { title: t('emergency.resources.employer'), dataIndex: 'employer' },
    { title: t('emergency.resources.phone'), dataIndex: 'phone', render: (p: string | null) => (p ? <a href={`tel:${p}`}>{p}</a> : '—') },
    { title: t('emergency.resources.state'), dataIndex: 'available', render: availability },
  ];
  const supplyColumns: ColumnsType<api.emergencyResources.Supply> = [
    { title: t('emergency.resources.store'), dataIndex: 'storeName', width: 160 },
    { title: t('emergency.resources.name'), dataIndex: 'name', width: 140 },
    {
      title: t('emergency.resources.stock'),
      key: 'stock',
      align: 'right',
      render: (_, s) => (
        <Space size={4}>
          {`${s.quantity}${s.unit}`}
          {s.stockState === 'low' && (
            <Tag color="error" data-testid="supply-low">
              {t('emergency.resources.low')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('emergency.resources.minQuantity'), dataIndex: 'minQuantity', align: 'right' },
    {
      title: t('emergency.resources.expiresOn'),
      key: 'expiry',
      render: (_, s) => (
        <Space size={4}>
          {s.expiresOn ?? '—'}
          {(s.expiryState === 'expiring' || s.expiryState === 'expired') && (
            <Tag color={s.expiryState === 'expired' ? 'error' : 'warning'}>{bi(emergency.expiryStateLabels[s.expiryState])}</Tag>
          )}
        </Space>
      ),
    },
    ...(can('emergency.resource')
      ? [
          {
            title: '',
            key: 'move',
            render: (_: unknown, s: api.emergencyResources.Supply) =>
              s.allowedActions.includes('update') ? <MovementButton supply={s} /> : null,
          },
        ]
      : []),
  ];
  const shelterColumns: ColumnsType<api.emergencyResources.Shelter> = [
    { title: t('emergency.resources.name'), dataIndex: 'name', width: 180 },
    {
      title: t('emergency.resources.shelterType'),
      dataIndex: 'type',
      render: (k: emergency.ShelterType) => bi(emergency.shelterTypeLabels[k]),
    },
    { title: t('emergency.resources.area'), dataIndex: 'effectiveAreaM2', align: 'right' },
    { title: t('emergency.resources.capacity'), dataIndex: 'capacity', align: 'right' },
    {
      title: t('emergency.resources.served'),
      dataIndex: 'servedAreas',
      render: (a: { name: string }[]) => a.map((x) => x.name).join('、') || '—',
    },
  ];
  const stationColumns: ColumnsType<api.emergencyResources.FireStation> = [
    { title: t('emergency.resources.name'), dataIndex: 'name', width: 180 },
    { title: t('emergency.resources.personnel'), dataIndex: 'personnel', align: 'right' },
    {
      title: t('emergency.resources.vehicles'),
      dataIndex: 'vehicles',
      render: (vs: api.emergencyResources.Vehicle[]) =>
        vs.map((v) => (
          <Tag key={v.id} color={v.status === 'available' ? 'success' : 'default'}>
            {v.plate} {v.model}
          </Tag>
        )),
    },
    { title: t('emergency.resources.phone'), dataIndex: 'phone', render: (p: string | null) => (p ? <a href={`tel:${p}`}>{p}</a> : '—') },
  ];

  const items = [
    {
      key: 'teams',
      label: t('emergency.resources.tabs.teams'),
      children: <RegisterTab path="teams" geojson={r.teams.geojson} list={r.teams.list} columns={teamColumns} testId="teams" />,
    },
    {
      key: 'experts',
      label: t('emergency.resources.tabs.experts'),
      children: <RegisterTab path="experts" geojson={r.experts.geojson} list={r.experts.list} columns={expertColumns} testId="experts" />,
    },
    {
      key: 'supplies',
      label: t('emergency.resources.tabs.supplies'),
      children: <RegisterTab path="supplies" geojson={r.stores.geojson} list={r.supplies.list} columns={supplyColumns} testId="supplies" />,
    },
    {
      key: 'shelters',
      label: t('emergency.resources.tabs.shelters'),
      children: (
        <RegisterTab path="shelters" geojson={r.shelters.geojson} list={r.shelters.list} columns={shelterColumns} testId="shelters" />
      ),
    },
    {
      key: 'fire-stations',
      label: t('emergency.resources.tabs.fireStations'),
      children: (
        <RegisterTab
          path="fire-stations"
          geojson={r.fireStations.geojson}
          list={r.fireStations.list}
          columns={stationColumns}
          testId="stations"
        />
      ),
    },
    { key: 'nearest', label: t('emergency.resources.tabs.nearest'), children: <NearestTab /> },
  ];

  return (
    <>
      <PageHeader title={t('emergency.resources.title')} />
      <Card size="small">
        <Tabs activeKey={tab} onChange={(key) => setSearch({ tab: key })} items={items} destroyOnHidden data-testid="resource-tabs" />
      </Card>
    </>
  );
}
