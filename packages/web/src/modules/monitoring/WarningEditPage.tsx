import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Geometry } from 'geojson';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useWarningText } from './warningLabels';

type Warning = api.monitoringWarnings.Warning;
type Content = api.monitoringWarnings.WarningContentInput;

interface Values {
  type: monitoring.WarningTypeCode;
  level: monitoring.WarningLevel;
  headline: string;
  description: string;
  instruction?: string;
  audience?: string;
  areaDesc?: string;
  area: Geometry | null;
  streetIds: string[];
  onset?: Dayjs | null;
  expires: Dayjs;
  channels: monitoring.WarningChannel[];
}

const fields = monitoring.warningContent.shape;

const valuesOf = (w: Warning): Values => ({
  type: w.type,
  level: w.level,
  headline: w.headline,
  description: w.description,
  instruction: w.instruction,
  audience: w.audience,
  areaDesc: w.areaDesc,
  // A drawn area is stored as one MultiPolygon; the drawing control edits its first polygon.
  area: w.area ? (w.area.type === 'MultiPolygon' ? { type: 'Polygon', coordinates: w.area.coordinates[0]! } : w.area) : null,
  streetIds: w.streetIds,
  onset: w.onset ? dayjs(w.onset) : null,
  expires: dayjs(w.expires),
  channels: w.channels,
});

const contentOf = (v: Values): Content => ({
  type: v.type,
  level: v.level,
  headline: v.headline,
  description: v.description,
  instruction: v.instruction?.trim() ?? '',
  audience: v.audience?.trim() ?? '',
  areaDesc: v.areaDesc?.trim() ?? '',
  area: v.area && v.area.type === 'Polygon' ? (v.area as Content['area']) : null,
  streetIds: v.streetIds ?? [],
  onset: v.onset ? v.onset.format() : null,
  expires: v.expires.format(),
  channels: v.channels,
});

function WarningForm({ warning }: { warning: Warning | null }) {
  const { t } = useTranslation();
  const w = useWarningText();
  const bi = useBi();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  // The district's streets as the map knows them: everyone who warns reads the map (map.read), whatever their org's reach.
  const streets = useApiQuery(api.map.listAreas, { query: { level: 'street' } }).data?.items ?? [];
  // A published warning changes through the `update` action: a new version, sent through its channels again.
  const updating = warning?.status === 'published';

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = contentOf(v);
      if (!warning) return call(api.monitoringWarnings.createWarning, { body });
      if (updating) return call(api.monitoringWarnings.warningAction, { params: { id: warning.id, action: 'update' }, body });
      return call(api.monitoringWarnings.updateWarning, { params: { id: warning.id }, body });
    },
    onSuccess: async (saved) => {
      message.success(updating ? w('published') : w('saved'));
      await invalidatePaths(client, '/api/warnings');
      navigate(`/monitoring/warnings/${saved.id}`);
    },
    onError: (e) => showError(e, form),
  });

  const initial: Values = warning
    ? valuesOf(warning)
    : {
        type: 'weather',
        level: 'blue',
        headline: '',
        description: '',
        area: null,
        streetIds: [],
        expires: dayjs().add(1, 'day'),
        channels: ['app', 'public'],
      };

  return (
    <>
      <PageHeader
        title={warning ? (updating ? w('updateTitle') : w('editTitle')) : w('newTitle')}
        extra={
          <Button onClick={() => navigate(warning ? `/monitoring/warnings/${warning.id}` : '/monitoring/warnings')}>
            {t('common.cancel')}
          </Button>
        }
      />
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small">
              <Form.Item
                name="headline"
                label={w('headline')}
                rules={[{ required: true, message: w('required.headline') }, zodRule(fields.headline)]}
              >
                <Input maxLength={160} data-testid="warning-headline" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="type" label={w('type')} rules={[{ required: true, message: w('required.type') }]}>
                    <Select
                      options={monitoring.warningTypeCodes.map((c) => ({ value: c, label: bi(monitoring.warningTypes[c].label) }))}
                      data-testid="warning-type"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="level" label={w('level')} rules={[{ required: true, message: w('required.level') }]}>
                    <Select
                      options={monitoring.warningLevels.map((l) => ({ value: l, label: bi(monitoring.warningLevelLabels[l]) }))}
                      data-testid="warning-level-select"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="description"
                label={w('description')}
                rules={[{ required: true, message: w('required.description') }, zodRule(fields.description)]}
              >
                <Input.TextArea rows={4} maxLength={4000} data-testid="warning-description" />
              </Form.Item>
              <Form.Item name="instruction" label={w('instruction')} rules={[zodRule(fields.instruction)]}>
                <Input.TextArea rows={3} maxLength={4000} data-testid="warning-instruction" />
              </Form.Item>
              <Form.Item name="audience" label={w('audience')} rules={[zodRule(fields.audience)]}>
                <Input maxLength={500} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="onset" label={w('onset')}>
                    <DatePicker showTime style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="expires" label={w('expires')} rules={[{ required: true, message: w('required.expires') }]}>
                    <DatePicker showTime style={{ width: '100%' }} data-testid="warning-expires" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="channels" label={w('channels')}>
                <Checkbox.Group
                  options={monitoring.warningChannels.map((c) => ({ value: c, label: bi(monitoring.warningChannelLabels[c]) }))}
                />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small">
              <Form.Item name="streetIds" label={w('streets')}>
                <Select
                  mode="multiple"
                  allowClear
                  aria-label={w('streets')}
                  options={streets.map((s) => ({ value: s.orgId, label: s.name }))}
                  data-testid="warning-streets"
                />
              </Form.Item>
              <Form.Item name="areaDesc" label={w('areaDesc')} extra={w('areaDescHelp')}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name="area" label={w('area')} extra={w('areaHelp')}>
                <GeometryInput kinds={['Polygon']} height={360} />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} size="large" style={{ marginTop: 16 }} data-testid="warning-save">
          {updating ? w('updateContent') : t('common.save')}
        </Button>
      </Form>
    </>
  );
}

/** 起草/修改预警: a new draft, a draft's edit, or a published warning's update (a new version). */
export default function WarningEditPage() {
  const { id } = useParams();
  const found = useApiQuery(api.monitoringWarnings.getWarning, { params: { id: id ?? '' } }, { enabled: Boolean(id) });
  if (!id) return <WarningForm warning={null} />;
  if (!found.data) return <Spin className="page-spin" />;
  return <WarningForm warning={found.data} />;
}
