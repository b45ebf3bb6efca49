import { UploadOutlined } from '@ant-design/icons';
import { api, map } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Geometry } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildPath, buildQuery, call } from '../../shared/api';
import { postFile } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';

type Area = api.map.Area;
type Level = map.AreaLevel;
type Report = api.map.ImportReport;
type Options = { crs: map.BoundaryCrs; matchBy: 'name' | 'code'; property: string };

const sourceColour: Record<map.BoundarySource, string> = { demo: 'default', import: 'blue', drawn: 'green' };

/** Everything the map draws from boundaries, so that a change shows at once. */
const refresh = (client: ReturnType<typeof useQueryClient>) => invalidatePaths(client, '/api/map/');

/** 区域边界: the areas by level with their boundaries, the import of a file (preview, then save) and drawing one area. */
export default function BoundariesPage() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<Level | 'all'>('all');
  const [drawing, setDrawing] = useState<Area | null>(null);
  const areas = useApiQuery(api.map.listAreas, level === 'all' ? {} : { query: { level } });
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const time = useFormatTime();
  const remove = useMutation({
    mutationFn: (orgId: string) => call(api.map.deleteBoundary, { params: { orgId } }),
    onSuccess: async () => {
      message.success(t('map.boundaries.deleted'));
      await refresh(client);
    },
    onError: (e) => showError(e),
  });

  const columns: TableColumnsType<Area> = [
    { title: t('map.boundaries.columns.name'), dataIndex: 'name' },
    { title: t('map.boundaries.columns.level'), dataIndex: 'level', render: (l: Level) => t(`map.boundaries.levels.${l}`) },
    { title: t('map.boundaries.columns.parent'), dataIndex: 'parentName', responsive: ['md'] },
    {
      title: t('map.boundaries.columns.boundary'),
      key: 'boundary',
      render: (_, a) =>
        a.boundary ? (
          <Tag color={sourceColour[a.boundary.source]}>{t(`map.boundaries.sources.${a.boundary.source}`)}</Tag>
        ) : (
          <Typography.Text type="secondary">{t('map.boundaries.none')}</Typography.Text>
        ),
    },
    { title: t('map.boundaries.columns.updatedAt'), key: 'updatedAt', responsive: ['lg'], render: (_, a) => time(a.boundary?.updatedAt) },
    {
      title: t('map.boundaries.columns.actions'),
      key: 'actions',
      render: (_, a) => (
        <Space size="small">
          {a.allowedActions.includes('draw') && (
            <Button size="small" type="link" onClick={() => setDrawing(a)}>
              {a.boundary ? t('map.boundaries.redraw') : t('map.boundaries.draw')}
            </Button>
          )}
          {a.allowedActions.includes('delete') && (
            <Popconfirm title={t('map.boundaries.deleteConfirm', { name: a.name })} onConfirm={() => remove.mutate(a.orgId)}>
              <Button size="small" type="link" danger>
                {t('map.boundaries.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('map.boundaries.title')} />
      <ImportCard />
      <Card size="small">
        <FilterBar>
          <Segmented<Level | 'all'>
            value={level}
            onChange={setLevel}
            options={[
              { value: 'all', label: t('map.boundaries.allLevels') },
              ...map.areaLevels.map((l) => ({ value: l, label: t(`map.boundaries.levels.${l}`) })),
            ]}
          />
        </FilterBar>
        <Table<Area>
          rowKey="orgId"
          size="small"
          loading={areas.isFetching}
          dataSource={areas.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="areas-table"
        />
      </Card>
      {drawing && <DrawModal area={drawing} onClose={() => setDrawing(null)} />}
    </>
  );
}

/** Choose a file and how to read it, preview every row with its errors, then save (all, or the valid rows). */
function ImportCard() {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<Options>({ crs: 'wgs84', matchBy: 'name', property: '' });
  const [report, setReport] = useState<Report | null>(null);
  const [validOnly, setValidOnly] = useState(false);

  const query = (extra: Record<string, unknown> = {}) =>
    buildQuery({
      crs: options.crs,
      matchBy: options.matchBy,
      ...(options.property.trim() ? { property: options.property.trim() } : {}),
      ...extra,
    });
  const preview = useMutation({
    mutationFn: async (f: File) => api.map.importReport.parse(await postFile(buildPath(api.map.previewBoundaryImport.path) + query(), f)),
    onSuccess: (r) => {
      setReport(r);
      setValidOnly(false);
    },
    onError: (e) => showError(e),
  });
  const commit = useMutation({
    mutationFn: async (f: File) =>
      api.map.importReport.parse(await postFile(buildPath(api.map.importBoundaries.path) + query({ validOnly }), f)),
    onSuccess: async (r) => {
      message.success(t('map.boundaries.import.committed', { count: r.saved }));
      setReport(null);
      setFile(null);
      await refresh(client);
    },
    onError: (e) => showError(e),
  });
  // A changed option makes the preview stale: it must be previewed again before saving.
  const change = (next: Partial<Options>) => {
    setOptions((o) => ({ ...o, ...next }));
    setReport(null);
  };

  const columns: TableColumnsType<api.map.ImportRow> = [
    { title: t('map.boundaries.import.columns.index'), dataIndex: 'index', width: 56 },
    { title: t('map.boundaries.import.columns.key'), dataIndex: 'key' },
    { title: t('map.boundaries.import.columns.org'), dataIndex: 'orgName' },
    {
      title: t('map.boundaries.import.columns.level'),
      dataIndex: 'level',
      responsive: ['md'],
      render: (l: Level | null) => (l ? t(`map.boundaries.levels.${l}`) : ''),
    },
    { title: t('map.boundaries.import.columns.geometry'), dataIndex: 'geometryType', responsive: ['lg'] },
    {
      title: t('map.boundaries.import.columns.result'),
      key: 'result',
      render: (_, r) =>
        r.errors.length > 0 ? (
          <ul className="boundary-errors">
            {r.errors.map((e, i) => (
              <li key={i}>
                <Typography.Text type="danger">{bi(e)}</Typography.Text>
              </li>
            ))}
          </ul>
        ) : (
          <Space size={4} wrap>
            <Tag color="success">{t('map.boundaries.import.ok')}</Tag>
            {r.replaces && <Typography.Text type="secondary">{t('map.boundaries.import.replaces')}</Typography.Text>}
          </Space>
        ),
    },
  ];

  return (
    <Card size="small" title={t('map.boundaries.import.title')} style={{ marginBottom: 16 }} data-testid="boundary-import">
      <Typography.Paragraph type="secondary">{t('map.boundaries.import.help')}</Typography.Paragraph>
      <Form layout="vertical" className="boundary-import-form">
        <Form.Item label={t('map.boundaries.import.choose')}>
          <Upload
            accept=".geojson,.json,.zip"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setReport(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setReport(null);
            }}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />}>{t('map.boundaries.import.choose')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t('map.boundaries.import.crs')}>
          <Radio.Group value={options.crs} onChange={(e) => change({ crs: e.target.value as map.BoundaryCrs })}>
            <Radio value="wgs84">{t('map.boundaries.import.wgs84')}</Radio>
            <Radio value="gcj02">{t('map.boundaries.import.gcj02')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('map.boundaries.import.matchBy')}>
            <Radio.Group value={options.matchBy} onChange={(e) => change({ matchBy: e.target.value as 'name' | 'code' })}>
              <Radio.Button value="name">{t('map.boundaries.import.byName')}</Radio.Button>
              <Radio.Button value="code">{t('map.boundaries.import.byCode')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('map.boundaries.import.property')}>
            <Input
              value={options.property}
              onChange={(e) => change({ property: e.target.value })}
              placeholder={t('map.boundaries.import.propertyPlaceholder')}
              aria-label={t('map.boundaries.import.property')}
              style={{ width: 200 }}
              list="boundary-properties"
            />
            <datalist id="boundary-properties">
              {report?.properties.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </Form.Item>
        </Space>
        <Button type="primary" disabled={!file} loading={preview.isPending} onClick={() => file && preview.mutate(file)}>
          {t('map.boundaries.import.preview')}
        </Button>
      </Form>
      {report && (
        <div style={{ marginTop: 16 }} data-testid="import-preview">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type={report.invalid > 0 ? 'warning' : 'success'}
              showIcon
              title={t('map.boundaries.import.summary', { total: report.total, valid: report.valid, invalid: report.invalid })}
              description={
                <>
                  {report.prj === 'wgs84' && <div>{t('map.boundaries.import.prj')}</div>}
                  {report.invalid > 0 && <div>{t('map.boundaries.import.hasErrors')}</div>}
                </>
              }
            />
            <Table<api.map.ImportRow>
              rowKey="index"
              size="small"
              dataSource={report.rows}
              columns={columns}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              rowClassName={(r) => (r.errors.length > 0 ? 'boundary-row-error' : '')}
              scroll={{ x: 'max-content' }}
            />
            <Space wrap>
              {report.invalid > 0 && (
                <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} disabled={report.valid === 0}>
                  {t('map.boundaries.import.validOnly')}
                </Checkbox>
              )}
              <Button
                type="primary"
                disabled={!file || report.valid === 0 || (report.invalid > 0 && !validOnly)}
                loading={commit.isPending}
                onClick={() => file && commit.mutate(file)}
              >
                {t('map.boundaries.import.commit')}
              </Button>
            </Space>
          </Space>
        </div>
      )}
    </Card>
  );
}

/** Draws (or redraws) one area's boundary on the map, starting from the current one. */
function DrawModal({ area, onClose }: { area: Area; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const current = useApiQuery(api.map.getBoundary, { params: { orgId: area.orgId } }, { enabled: !!area.boundary });
  const [drawn, setDrawn] = useState<Geometry | null | undefined>(undefined);
  const existing = current.data?.geometry;
  // A one-part boundary is edited as the polygon it is; GeometryInput draws polygons.
  const initial: Geometry | null = existing
    ? existing.coordinates.length === 1
      ? { type: 'Polygon', coordinates: existing.coordinates[0]! }
      : existing
    : null;
  const value = drawn === undefined ? initial : drawn;
  const save = useMutation({
    mutationFn: (geometry: api.map.AreaGeometry) => call(api.map.saveBoundary, { params: { orgId: area.orgId }, body: { geometry } }),
    onSuccess: async () => {
      message.success(t('map.boundaries.saved'));
      await refresh(client);
      onClose();
    },
    onError: (e) => showError(e),
  });
  const ready = !area.boundary || current.data;
  return (
    <Modal
      open
      width={760}
      title={t('map.boundaries.drawTitle', { name: area.name })}
      onCancel={onClose}
      okText={t('map.boundaries.save')}
      okButtonProps={{ disabled: !value || (value.type !== 'Polygon' && value.type !== 'MultiPolygon'), loading: save.isPending }}
      onOk={() =>
        value && (value.type === 'Polygon' || value.type === 'MultiPolygon')
          ? save.mutate(value as api.map.AreaGeometry)
          : message.warning(t('map.boundaries.drawFirst'))
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('map.boundaries.drawHelp')}</Typography.Paragraph>
      {ready && <GeometryInput kinds={['Polygon']} value={value} onChange={(g) => setDrawn(g)} height={420} />}
    </Modal>
  );
}
