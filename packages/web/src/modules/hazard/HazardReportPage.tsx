import { AimOutlined } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Point } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUser } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths } from '../../shared/query';
import { ClausePicker, ControlMeasurePicker, RiskSourcePicker } from './HazardLinks';
import { type CapturedPhoto, PhotoCapture, photoIds, photosUploading } from './PhotoCapture';

interface Values {
  title: string;
  level: hazard.HazardLevel;
  standardClauseId?: string;
  majorBasis?: string;
  riskSourceId?: string;
  controlMeasureId?: string;
  category?: hazard.HazardCategoryCode;
  description?: string;
  photos?: CapturedPhoto[];
  point?: Point | null;
  placeName?: string;
  responsibleOrgId?: string;
  responsiblePerson?: string;
  responsiblePhone?: string;
  departmentId?: string;
  foundAt: Dayjs;
  deadline?: Dayjs | null;
}

const fields = api.hazard.createHazard.body.shape;
const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : undefined);

type Located = { state: 'idle' | 'locating' } | { state: 'located'; accuracy: number } | { state: 'failed'; reason: string };

/**
 * 上报隐患, phone first: a grid member in the street takes photos with the camera, takes the
 * location from the device (or taps it on the map when the device cannot tell), says what and how
 * grave (重大 needs its basis) and whose it is. The street, community and grid are the server's,
 * computed from the point.
 */
export default function HazardReportPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const level = Form.useWatch('level', form);
  const photos = Form.useWatch('photos', form);
  const clauseId = Form.useWatch('standardClauseId', form);
  const unitId = Form.useWatch('responsibleOrgId', form);
  const sourceId = Form.useWatch('riskSourceId', form);
  const [located, setLocated] = useState<Located>({ state: 'idle' });
  const [mapKey, setMapKey] = useState(0);
  // The regulators the caller can name: a department or 安委办 sees them; an enterprise sees only itself, so no picker.
  const departments = useOrgs().orgs.filter((o) => o.type === 'department' || o.type === 'committee_office');

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocated({ state: 'failed', reason: t('hazard.hazards.report.locateUnsupported') });
      return;
    }
    setLocated({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { longitude, latitude, accuracy } = position.coords;
        form.setFieldValue('point', { type: 'Point', coordinates: [longitude, latitude] });
        setLocated({ state: 'located', accuracy: Math.round(accuracy) });
        // The map opens again on the point found, rather than staying on the whole district.
        setMapKey((k) => k + 1);
      },
      (error) => setLocated({ state: 'failed', reason: error.message }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const save = useMutation({
    mutationFn: (v: Values) => {
      const [lng, lat] = v.point?.coordinates ?? [];
      return call(api.hazard.createHazard, {
        body: {
          title: v.title.trim(),
          level: v.level,
          responsibleOrgId: v.responsibleOrgId!,
          foundAt: v.foundAt.toISOString(),
          description: blank(v.description),
          category: v.category,
          ...(lng !== undefined && lat !== undefined ? { lng, lat } : {}),
          placeName: blank(v.placeName),
          standardClauseId: v.level === '重大' ? v.standardClauseId : undefined,
          majorBasis: v.level === '重大' ? blank(v.majorBasis) : undefined,
          riskSourceId: v.riskSourceId,
          controlMeasureId: v.riskSourceId ? v.controlMeasureId : undefined,
          responsiblePerson: blank(v.responsiblePerson),
          responsiblePhone: blank(v.responsiblePhone),
          departmentId: v.departmentId,
          deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
          photoIds: photoIds(v.photos),
        },
      });
    },
    onSuccess: async (created) => {
      message.success(t('hazard.hazards.report.submitted', { code: created.code }));
      await invalidatePaths(client, '/api/hazards');
      navigate(`/hazards/${created.id}`);
    },
    onError: (error) => showError(error, form),
  });

  const point = Form.useWatch('point', form);
  const [lng, lat] = point?.coordinates ?? [];

  return (
    <div className="hazard-report">
      <PageHeader
        title={t('hazard.hazards.report.title')}
        extra={<Button onClick={() => navigate('/hazards')}>{t('common.cancel')}</Button>}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{
          level: '一般',
          foundAt: dayjs(),
          photos: [],
          point: null,
          // An enterprise reports its own hazards; others choose the unit.
          responsibleOrgId: user.roles.includes('enterprise') ? user.orgId : undefined,
        }}
        onFinish={(v) => save.mutate(v)}
        // A risk source is the unit's, a control measure the source's: choosing another clears what hung on the old one.
        onValuesChange={(changed: Partial<Values>) => {
          if ('responsibleOrgId' in changed) form.setFieldsValue({ riskSourceId: undefined, controlMeasureId: undefined });
          else if ('riskSourceId' in changed) form.setFieldValue('controlMeasureId', undefined);
        }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('hazard.hazards.report.photo')}>
              <Form.Item name="photos" label={t('hazard.hazards.report.photo')} noStyle>
                <PhotoCapture />
              </Form.Item>
            </Card>
            <Card size="small" title={t('hazard.hazards.report.basics')} className="hazard-row">
              <Form.Item
                name="title"
                label={t('hazard.hazards.name')}
                rules={[{ required: true, whitespace: true, message: t('hazard.hazards.report.titleRequired') }, zodRule(fields.title)]}
              >
                <Input maxLength={200} placeholder={t('hazard.hazards.report.titlePlaceholder')} data-testid="hazard-title" />
              </Form.Item>
              <Form.Item name="level" label={t('hazard.hazards.level')} extra={t('hazard.hazards.report.levelHelp')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={hazard.hazardLevels.map((l) => ({ value: l, label: bi(hazard.hazardLevelLabels[l]) }))}
                  data-testid="hazard-level"
                />
              </Form.Item>
              {level === '重大' && (
                <Form.Item name="standardClauseId" label={t('hazard.hazards.report.clause')} extra={t('hazard.hazards.report.clauseHelp')}>
                  <ClausePicker data-testid="hazard-clause-picker" aria-label={t('hazard.hazards.report.clause')} />
                </Form.Item>
              )}
              {level === '重大' && (
                <Form.Item
                  name="majorBasis"
                  label={t(clauseId ? 'hazard.hazards.report.basisNote' : 'hazard.hazards.majorBasis')}
                  dependencies={['standardClauseId']}
                  rules={[
                    // The clause is the basis; without one the basis is written out.
                    { required: !clauseId, whitespace: true, message: t('hazard.hazards.report.majorBasisRequired') },
                    zodRule(fields.majorBasis),
                  ]}
                >
                  <Input.TextArea
                    rows={2}
                    maxLength={2000}
                    placeholder={t('hazard.hazards.report.majorBasisPlaceholder')}
                    data-testid="hazard-basis"
                  />
                </Form.Item>
              )}
              <Form.Item name="category" label={t('hazard.hazards.category')}>
                <Select
                  allowClear
                  options={hazard.hazardCategories.map((c) => ({ value: c.code, label: bi(c.label) }))}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="hazard-category"
                />
              </Form.Item>
              <Form.Item name="description" label={t('hazard.hazards.description')} rules={[zodRule(fields.description)]}>
                <Input.TextArea rows={3} maxLength={5000} data-testid="hazard-description" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="foundAt"
                    label={t('hazard.hazards.foundAt')}
                    rules={[{ required: true, message: t('hazard.hazards.report.foundAtRequired') }]}
                  >
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="deadline" label={t('hazard.hazards.deadline')}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="hazard-deadline" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('hazard.hazards.report.where')} className="hazard-report-where">
              <Button
                block
                icon={<AimOutlined />}
                className="hazard-locate"
                loading={located.state === 'locating'}
                onClick={locate}
                data-testid="hazard-locate"
              >
                {located.state === 'locating' ? t('hazard.hazards.report.locating') : t('hazard.hazards.report.locate')}
              </Button>
              {located.state === 'located' && lng !== undefined && lat !== undefined && (
                <Typography.Paragraph type="success" className="hazard-row" data-testid="hazard-located" role="status">
                  {t('hazard.hazards.report.located', { lng: lng.toFixed(5), lat: lat.toFixed(5), accuracy: located.accuracy })}
                </Typography.Paragraph>
              )}
              {located.state === 'failed' && (
                <Alert
                  className="hazard-row"
                  type="warning"
                  showIcon
                  title={t('hazard.hazards.report.locateFailed', { reason: located.reason })}
                />
              )}
              <Typography.Paragraph type="secondary" className="hazard-row">
                {t('hazard.hazards.report.pickOnMap')}
              </Typography.Paragraph>
              <Form.Item name="point" label={t('hazard.hazards.location')}>
                <GeometryInput key={mapKey} kinds={['Point']} height={280} />
              </Form.Item>
              <Form.Item name="placeName" label={t('hazard.hazards.report.placeName')} rules={[zodRule(fields.placeName)]}>
                <Input maxLength={200} placeholder={t('hazard.hazards.report.placeNamePlaceholder')} data-testid="hazard-place" />
              </Form.Item>
            </Card>
            <Card size="small" title={t('hazard.hazards.report.who')} className="hazard-row">
              <Form.Item
                name="responsibleOrgId"
                label={t('hazard.hazards.unit')}
                rules={[{ required: true, message: t('hazard.hazards.report.unitRequired') }]}
              >
                <OrgTreeSelect data-testid="hazard-unit" />
              </Form.Item>
              <Form.Item name="riskSourceId" label={t('hazard.hazards.riskSource')} extra={t('hazard.hazards.report.riskSourceHelp')}>
                <RiskSourcePicker orgId={unitId} data-testid="hazard-risk-source" aria-label={t('hazard.hazards.riskSource')} />
              </Form.Item>
              <Form.Item name="controlMeasureId" label={t('hazard.hazards.report.measure')}>
                <ControlMeasurePicker
                  sourceId={sourceId}
                  data-testid="hazard-measure-picker"
                  aria-label={t('hazard.hazards.report.measure')}
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="responsiblePerson" label={t('hazard.hazards.person')} rules={[zodRule(fields.responsiblePerson)]}>
                    <Input maxLength={50} data-testid="hazard-person" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="responsiblePhone" label={t('hazard.hazards.phone')} rules={[zodRule(fields.responsiblePhone)]}>
                    <Input maxLength={30} inputMode="tel" data-testid="hazard-phone" />
                  </Form.Item>
                </Col>
              </Row>
              {departments.length > 0 && (
                <Form.Item name="departmentId" label={t('hazard.hazards.department')} extra={t('hazard.hazards.report.departmentHelp')}>
                  <Select
                    allowClear
                    options={departments.map((o) => ({ value: o.id, label: o.shortName ?? o.name }))}
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid="hazard-department"
                  />
                </Form.Item>
              )}
            </Card>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          block
          className="hazard-row hazard-report-submit"
          loading={save.isPending}
          disabled={photosUploading(photos)}
          data-testid="hazard-submit"
        >
          {t('hazard.hazards.report.submit')}
        </Button>
      </Form>
    </div>
  );
}
