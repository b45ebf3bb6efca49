import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Point } from 'geojson';
import { App, AutoComplete, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useUser } from '../../app/session';
import { call, isApiError } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useDeviceText } from './deviceLabels';

type Device = api.monitoringDevices.Device;

interface Values {
  code: string;
  name: string;
  type: monitoring.DeviceType;
  orgId?: string;
  place: Point | null;
  placeName?: string | null;
  intervalSeconds: number;
  status: monitoring.DeviceStatus;
  metrics: { key: string; unit: string; label?: string }[];
}

const fields = api.monitoringDevices.deviceInput.shape;
const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
const knownKeys = Object.keys(monitoring.knownMetrics) as monitoring.KnownMetric[];

const valuesOf = (d: Device): Values => ({
  code: d.code,
  name: d.name,
  type: d.type,
  orgId: d.orgId,
  place: d.lng !== null && d.lat !== null ? { type: 'Point', coordinates: [d.lng, d.lat] } : null,
  placeName: d.placeName,
  intervalSeconds: d.intervalSeconds,
  status: d.status,
  metrics: d.metrics,
});

/** 登记/修改监测设备: the basics, the metrics it reports (key and unit), its place on the map. */
export default function DeviceFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const bi = useBi();
  const d = useDeviceText();
  const user = useUser();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const existing = useApiQuery(api.monitoringDevices.get, { params: { id: id ?? '' } }, { enabled: !!id });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const [lng, lat] = v.place?.coordinates ?? [];
      const common = {
        name: v.name,
        type: v.type,
        placeName: blank(v.placeName),
        intervalSeconds: v.intervalSeconds,
        metrics: v.metrics.map((m) => ({ key: m.key, unit: m.unit, ...(blank(m.label) ? { label: blank(m.label)! } : {}) })),
        ...(lng !== undefined && lat !== undefined ? { lng, lat } : {}),
      };
      if (existing.data)
        return call(api.monitoringDevices.update, { params: { id: existing.data.id }, body: { ...common, status: v.status } });
      return call(api.monitoringDevices.create, { body: { ...common, code: v.code, orgId: v.orgId! } });
    },
    onSuccess: async (device) => {
      message.success(d('saved'));
      await invalidatePaths(client, '/api/devices');
      navigate(`/monitoring/devices/${device.id}`);
    },
    onError: (error) => showError(error, form),
  });

  if (id && isApiError(existing.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (id && !existing.data) return <Spin size="large" className="page-spin" />;
  const device = existing.data;
  const required = (key: Parameters<typeof d>[0]) => ({ required: true, message: d(key) });

  return (
    <>
      <PageHeader
        title={device ? d('editTitle', { name: device.name }) : d('newTitle')}
        extra={
          <Button onClick={() => navigate(device ? `/monitoring/devices/${device.id}` : '/monitoring/devices')}>
            {t('common.cancel')}
          </Button>
        }
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          device
            ? valuesOf(device)
            : {
                orgId: user.orgId ?? undefined,
                place: null,
                intervalSeconds: 60,
                status: 'active',
                metrics: [{ key: 'gas_lel', unit: '%LEL' }],
              }
        }
        onFinish={(v) => save.mutate(v)}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={d('basics')}>
              <Form.Item name="code" label={d('code')} extra={d('codeHelp')} rules={[required('codeRequired'), zodRule(fields.code)]}>
                <Input maxLength={64} disabled={!!device} data-testid="device-code" />
              </Form.Item>
              <Form.Item name="name" label={d('name')} rules={[required('nameRequired'), zodRule(fields.name)]}>
                <Input maxLength={100} data-testid="device-name" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="type" label={d('type')} rules={[required('typeRequired')]}>
                    <Select
                      options={monitoring.deviceTypeCodes.map((c) => ({ value: c, label: bi(monitoring.deviceTypes[c]) }))}
                      data-testid="device-type"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="intervalSeconds" label={d('interval')} extra={d('intervalHelp')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={86_400} style={{ width: '100%' }} data-testid="device-interval" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="orgId" label={d('unit')} rules={[required('unitRequired')]}>
                <OrgTreeSelect data-testid="device-org" />
              </Form.Item>
              {device && (
                <Form.Item name="status" label={d('status')}>
                  <Select
                    options={[
                      { value: 'active', label: d('statusActive') },
                      { value: 'disabled', label: d('statusDisabled') },
                    ]}
                    data-testid="device-status"
                  />
                </Form.Item>
              )}
              <Form.Item label={d('metrics')} required>
                <Form.List
                  name="metrics"
                  rules={[
                    {
                      validator: async (_rule, list?: unknown[]) => {
                        if (!list || list.length === 0) throw new Error(d('metricsRequired'));
                      },
                    },
                  ]}
                >
                  {(rows, { add, remove }, { errors }) => (
                    <>
                      {rows.map((row) => (
                        <Space key={row.key} align="baseline" wrap data-testid="device-metric">
                          <Form.Item name={[row.name, 'key']} rules={[required('keyRequired')]}>
                            <AutoComplete
                              aria-label={d('metricKey')}
                              placeholder={d('metricKey')}
                              style={{ width: 150 }}
                              options={knownKeys.map((k) => ({ value: k, label: `${k} ${bi(monitoring.knownMetrics[k].label)}` }))}
                              onSelect={(key: string) => {
                                const known = monitoring.knownMetrics[key as monitoring.KnownMetric];
                                if (known) form.setFieldValue(['metrics', row.name, 'unit'], known.unit);
                              }}
                            />
                          </Form.Item>
                          <Form.Item name={[row.name, 'unit']} rules={[required('unitOfMetricRequired')]}>
                            <Select
                              aria-label={d('metricUnit')}
                              placeholder={d('metricUnit')}
                              style={{ width: 130 }}
                              showSearch
                              options={(Object.keys(monitoring.metricUnits) as monitoring.MetricUnit[]).map((u) => ({
                                value: u,
                                label: `${u} ${bi(monitoring.metricUnits[u].label)}`,
                              }))}
                              optionLabelProp="value"
                            />
                          </Form.Item>
                          <Form.Item name={[row.name, 'label']}>
                            <Input aria-label={d('metricLabel')} placeholder={d('metricLabel')} maxLength={30} style={{ width: 140 }} />
                          </Form.Item>
                          <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
                        </Space>
                      ))}
                      <Button icon={<PlusOutlined />} onClick={() => add({ key: '', unit: undefined })} data-testid="device-add-metric">
                        {d('addMetric')}
                      </Button>
                      <Form.ErrorList errors={errors} />
                    </>
                  )}
                </Form.List>
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={d('place')}>
              <Form.Item name="place" label={d('place')} extra={d('placeHelp')}>
                <GeometryInput kinds={['Point']} height={320} />
              </Form.Item>
              <Form.Item name="placeName" label={d('placeName')}>
                <Input maxLength={200} data-testid="device-place-name" />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="device-save">
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}
