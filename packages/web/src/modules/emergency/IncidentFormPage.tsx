import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Point } from 'geojson';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUser } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths } from '../../shared/query';
import { useIncidentText } from './incidentLabels';

interface Values {
  title: string;
  category: emergency.IncidentCategory;
  origin: emergency.IncidentOrigin;
  originRef?: string;
  occurredAt: Dayjs;
  learnedAt?: Dayjs | null;
  place: Point | null;
  placeName?: string;
  unitOrgId?: string;
  unitName?: string;
  summary?: string;
  measuresTaken?: string;
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
  directLossWan: number;
}

const fields = api.emergency.createIncident.body.shape;
const figureNames = ['deaths', 'missing', 'seriousInjuries', 'minorInjuries'] as const;

/**
 * 事故接报: what happened, when, where (a tap on the map: the server finds the street, community and grid), the unit,
 * the casualties and loss (the grade follows on the incident's page). One column on a phone; an enterprise records
 * its own incidents, so it is not asked for the unit.
 */
export default function IncidentFormPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const m = useIncidentText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const isEnterprise = user.roles.includes('enterprise');

  const save = useMutation({
    mutationFn: (v: Values) =>
      call(api.emergency.createIncident, {
        body: {
          title: v.title,
          category: v.category,
          origin: v.origin,
          originRef: v.originRef?.trim() || null,
          occurredAt: v.occurredAt.toISOString(),
          ...(v.learnedAt ? { learnedAt: v.learnedAt.toISOString() } : {}),
          placeName: v.placeName?.trim() || null,
          ...(v.place ? { lng: v.place.coordinates[0]!, lat: v.place.coordinates[1]! } : {}),
          ...(isEnterprise ? {} : { unitOrgId: v.unitOrgId ?? null, unitName: v.unitName?.trim() || null }),
          summary: v.summary?.trim() || null,
          measuresTaken: v.measuresTaken?.trim() || null,
          deaths: v.deaths,
          missing: v.missing,
          seriousInjuries: v.seriousInjuries,
          minorInjuries: v.minorInjuries,
          directLossWan: v.directLossWan,
        },
      }),
    onSuccess: async (saved) => {
      message.success(m('saved'));
      await invalidatePaths(client, '/api/emergency/incidents');
      navigate(`/emergency/incidents/${saved.id}`);
    },
    onError: (error) => showError(error, form),
  });

  const initial: Partial<Values> = {
    origin: isEnterprise ? 'enterprise' : user.roles.includes('grid_member') ? 'grid_member' : 'duty',
    occurredAt: dayjs(),
    place: null,
    deaths: 0,
    missing: 0,
    seriousInjuries: 0,
    minorInjuries: 0,
    directLossWan: 0,
  };

  return (
    <>
      <PageHeader title={m('newTitle')} extra={<Button onClick={() => navigate('/emergency/incidents')}>{t('common.cancel')}</Button>} />
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={m('basics')}>
              <Form.Item name="title" label={m('name')} rules={[{ required: true, message: m('required.title') }, zodRule(fields.title)]}>
                <Input maxLength={200} data-testid="incident-title" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="category" label={m('category')} rules={[{ required: true, message: m('required.category') }]}>
                    <Select
                      options={emergency.incidentCategories.map((c) => ({ value: c, label: bi(emergency.incidentCategoryLabels[c]) }))}
                      data-testid="incident-category"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="origin" label={m('origin')} rules={[{ required: true, message: m('required.origin') }]}>
                    <Select
                      options={emergency.incidentOrigins.map((o) => ({ value: o, label: bi(emergency.incidentOriginLabels[o]) }))}
                      data-testid="incident-origin"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="occurredAt" label={m('occurredAt')} rules={[{ required: true, message: m('required.occurredAt') }]}>
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                      data-testid="incident-occurred-at"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="learnedAt" label={m('learnedAt')} extra={m('learnedAtHelp')}>
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                    />
                  </Form.Item>
                </Col>
              </Row>
              {!isEnterprise && (
                <Row gutter={12}>
                  <Col xs={24} sm={12}>
                    <Form.Item name="unitOrgId" label={m('unit')}>
                      <OrgTreeSelect allowClear data-testid="incident-unit" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name="unitName" label={m('unitName')} rules={[zodRule(fields.unitName)]}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
              <Form.Item name="originRef" label={m('originRef')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="summary" label={m('summary')} rules={[zodRule(fields.summary)]}>
                <Input.TextArea rows={3} maxLength={5000} data-testid="incident-summary" />
              </Form.Item>
              <Form.Item name="measuresTaken" label={m('measuresTaken')} rules={[zodRule(fields.measuresTaken)]}>
                <Input.TextArea rows={2} maxLength={5000} />
              </Form.Item>
            </Card>
            <Card size="small" title={m('figures')} className="incident-row">
              <Row gutter={12}>
                {figureNames.map((name) => (
                  <Col xs={12} sm={6} key={name}>
                    <Form.Item name={name} label={m(name)} rules={[zodRule(fields[name])]}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} inputMode="numeric" data-testid={`incident-${name}`} />
                    </Form.Item>
                  </Col>
                ))}
                <Col xs={24} sm={12}>
                  <Form.Item name="directLossWan" label={m('directLossWan')} rules={[zodRule(fields.directLossWan)]}>
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} inputMode="decimal" data-testid="incident-directLossWan" />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text type="secondary">{bi(emergency.gradingSource)}</Typography.Text>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={m('place')}>
              <Form.Item name="place" rules={[{ required: true, message: m('required.place') }]} extra={m('placeHelp')}>
                <GeometryInput kinds={['Point']} height={320} />
              </Form.Item>
              <Form.Item name="placeName" label={m('placeName')} rules={[zodRule(fields.placeName)]}>
                <Input maxLength={200} data-testid="incident-place-name" />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          className="incident-row"
          block={false}
          data-testid="incident-save"
        >
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}
