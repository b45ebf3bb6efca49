import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, risk } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useUser } from '../../app/session';
import { call, isApiError } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';

type Detail = api.risk.RiskSourceDetail;
type ControlMeasureType = risk.ControlMeasureType;
type ResponsibleLevel = risk.ResponsibleLevel;
type RiskCategoryCode = risk.RiskCategoryCode;
type RequiredField = 'name' | 'category' | 'measureType' | 'measureLevel' | 'measureCycle' | 'measureDescription';

interface MeasureValues {
  id?: string;
  type: ControlMeasureType;
  description: string;
  responsibleLevel: ResponsibleLevel;
  reviewCycleDays: number;
}

interface Values {
  name: string;
  category: RiskCategoryCode;
  geometry: api.risk.Geometry | null;
  address?: string | null;
  orgId?: string;
  responsiblePerson?: string | null;
  responsiblePhone?: string | null;
  description?: string | null;
  hazardFactors: string[];
  accidentTypes: string[];
  measures: MeasureValues[];
}

const fields = api.risk.sourceInput.shape;
const measureFields = api.risk.measureInput.shape;
const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

const valuesOf = (s: Detail): Values => ({
  name: s.name,
  category: s.category as RiskCategoryCode,
  geometry: s.geometry,
  address: s.address,
  orgId: s.org.id,
  responsiblePerson: s.responsiblePerson,
  responsiblePhone: s.responsiblePhone,
  description: s.description,
  hazardFactors: s.hazardFactors,
  accidentTypes: s.accidentTypes,
  measures: s.measures.map((m) => ({
    id: m.id,
    type: m.type,
    description: m.description,
    responsibleLevel: m.responsibleLevel,
    reviewCycleDays: m.reviewCycleDays,
  })),
});

const sameMeasure = (a: MeasureValues, b: MeasureValues) =>
  a.type === b.type &&
  a.description === b.description &&
  a.responsibleLevel === b.responsibleLevel &&
  a.reviewCycleDays === b.reviewCycleDays;

/**
 * 新增/编辑风险源: name, category, hazard factors (GB/T 13861-2022), possible accident types (GB 6441,
 * the edition in force), the location drawn on the map, the responsible unit and person, and the
 * control measures. The street, community and grid are the server's, computed from the location,
 * and shown here only when editing.
 */
export default function SourceFormPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const user = useUser();
  const { id } = useParams();
  const [form] = Form.useForm<Values>();
  const existing = useApiQuery(api.risk.getSource, { params: { id: id ?? '' } }, { enabled: !!id });
  const edition = risk.accidentTypeEditionOn(dateStamp());

  const save = useMutation({
    mutationFn: async (v: Values): Promise<Detail> => {
      const common = {
        name: v.name,
        category: v.category,
        geometry: v.geometry!,
        address: blank(v.address),
        responsiblePerson: blank(v.responsiblePerson),
        responsiblePhone: blank(v.responsiblePhone),
        description: blank(v.description),
        hazardFactors: v.hazardFactors ?? [],
        accidentTypes: v.accidentTypes ?? [],
      };
      const measures = v.measures ?? [];
      let source: Detail;
      if (existing.data) {
        source = await call(api.risk.updateSource, { params: { id: existing.data.id }, body: common });
        // The measures are their own records: those removed from the list are deleted, changed ones updated.
        const kept = new Set(measures.flatMap((m) => (m.id ? [m.id] : [])));
        for (const m of existing.data.measures) {
          if (!kept.has(m.id)) source = await call(api.risk.deleteMeasure, { params: { id: m.id } });
        }
        for (const m of measures) {
          const before = m.id && existing.data.measures.find((x) => x.id === m.id);
          if (before && !sameMeasure(before, m)) {
            const { id: measureId, ...body } = m;
            source = await call(api.risk.updateMeasure, { params: { id: measureId! }, body });
          }
        }
      } else {
        source = await call(api.risk.createSource, { body: { ...common, orgId: v.orgId } });
      }
      for (const m of measures.filter((x) => !x.id)) {
        const { id: _none, ...body } = m;
        source = await call(api.risk.addMeasure, { params: { id: source.id }, body });
      }
      return source;
    },
    onSuccess: async (source) => {
      message.success(t('risk.sources.saved'));
      await invalidatePaths(client, '/api/risk');
      navigate(`/risk/sources/${source.id}`);
    },
    onError: (error) => showError(error, form),
  });

  if (id && isApiError(existing.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (id && !existing.data) return <Spin size="large" className="page-spin" />;
  const source = existing.data;

  const levelDefaults = new Map(risk.responsibleLevels.map((l) => [l.code, l.reviewCycleDays]));
  const required = (key: RequiredField) => ({ required: true, message: t(`risk.sources.required.${key}`) });

  return (
    <>
      <PageHeader
        title={source ? t('risk.sources.editTitle', { name: source.name }) : t('risk.sources.newTitle')}
        extra={<Button onClick={() => navigate(source ? `/risk/sources/${source.id}` : '/risk/sources')}>{t('common.cancel')}</Button>}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          source ? valuesOf(source) : { orgId: user.orgId, hazardFactors: [], accidentTypes: [], measures: [], geometry: null }
        }
        onFinish={(v) => save.mutate(v)}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('risk.sources.basics')}>
              <Form.Item name="name" label={t('risk.sources.name')} rules={[required('name'), zodRule(fields.name)]}>
                <Input maxLength={200} data-testid="source-name" />
              </Form.Item>
              <Form.Item name="category" label={t('risk.sources.category')} rules={[required('category')]}>
                <Select
                  options={risk.riskCategories.map((c) => ({ value: c.code, label: bi(c.label) }))}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="source-category"
                />
              </Form.Item>
              <Form.Item name="hazardFactors" label={t('risk.sources.hazardFactors')}>
                <Select
                  mode="multiple"
                  options={risk.hazardFactorClasses.map((c) => ({ value: c.code, label: `${c.code} ${bi(c.label)}` }))}
                  optionFilterProp="label"
                  data-testid="source-hazard-factors"
                />
              </Form.Item>
              <Form.Item name="accidentTypes" label={t('risk.sources.accidentTypes')} extra={edition.standard}>
                <Select
                  mode="multiple"
                  options={edition.types.map((c) => ({ value: c.code, label: bi(c.label) }))}
                  optionFilterProp="label"
                  data-testid="source-accident-types"
                />
              </Form.Item>
              {source ? (
                <Form.Item label={t('risk.sources.unit')} extra={t('risk.sources.unitFixed')}>
                  <Typography.Text>{source.org.name}</Typography.Text>
                </Form.Item>
              ) : (
                <Form.Item name="orgId" label={t('risk.sources.unit')}>
                  <OrgTreeSelect data-testid="source-org" />
                </Form.Item>
              )}
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="responsiblePerson" label={t('risk.sources.person')} rules={[zodRule(fields.responsiblePerson)]}>
                    <Input maxLength={50} data-testid="source-person" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="responsiblePhone" label={t('risk.sources.personPhone')} rules={[zodRule(fields.responsiblePhone)]}>
                    <Input maxLength={30} inputMode="tel" data-testid="source-phone" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="description" label={t('risk.sources.description')} rules={[zodRule(fields.description)]}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('risk.sources.location')}>
              <Typography.Paragraph type="secondary">{t('risk.sources.locationHelp')}</Typography.Paragraph>
              <Form.Item
                name="geometry"
                label={t('risk.sources.location')}
                rules={[{ required: true, message: t('risk.sources.locationRequired') }]}
              >
                <GeometryInput kinds={['Point', 'LineString', 'Polygon']} height={360} />
              </Form.Item>
              <Form.Item name="address" label={t('risk.sources.address')} rules={[zodRule(fields.address)]}>
                <Input maxLength={300} data-testid="source-address" />
              </Form.Item>
              {source && (
                <Descriptions
                  size="small"
                  column={1}
                  title={t('risk.sources.areasComputed')}
                  items={[
                    { key: 'street', label: t('risk.sources.street'), children: source.street?.name ?? t('risk.sources.areaUnknown') },
                    {
                      key: 'community',
                      label: t('risk.sources.community'),
                      children: source.community?.name ?? t('risk.sources.areaUnknown'),
                    },
                    { key: 'grid', label: t('risk.sources.grid'), children: source.grid?.name ?? t('risk.sources.areaUnknown') },
                  ]}
                />
              )}
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('risk.sources.measures')} className="sources-row">
          <Form.List name="measures">
            {(items, { add, remove }) => (
              <>
                {items.length === 0 && <Typography.Paragraph type="secondary">{t('risk.sources.noMeasures')}</Typography.Paragraph>}
                {items.map((item, index) => (
                  <div key={item.key} className="sources-measure" data-testid="measure-item">
                    <Row gutter={12}>
                      <Col xs={24} sm={12} lg={5}>
                        <Form.Item name={[item.name, 'type']} label={t('risk.sources.measureType')} rules={[required('measureType')]}>
                          <Select options={risk.controlMeasureTypes.map((m) => ({ value: m.code, label: bi(m.label) }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12} lg={5}>
                        <Form.Item
                          name={[item.name, 'responsibleLevel']}
                          label={t('risk.sources.measureLevel')}
                          rules={[required('measureLevel')]}
                        >
                          <Select
                            options={risk.responsibleLevels.map((l) => ({ value: l.code, label: bi(l.label) }))}
                            // Each tier has its usual review cycle: offered when the cycle is still empty.
                            onChange={(level: ResponsibleLevel) => {
                              if (form.getFieldValue(['measures', item.name, 'reviewCycleDays']) === undefined)
                                form.setFieldValue(['measures', item.name, 'reviewCycleDays'], levelDefaults.get(level));
                            }}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12} lg={4}>
                        <Form.Item
                          name={[item.name, 'reviewCycleDays']}
                          label={t('risk.sources.measureCycle')}
                          rules={[required('measureCycle')]}
                        >
                          <InputNumber min={1} max={3660} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} lg={10}>
                        <Form.Item
                          name={[item.name, 'description']}
                          label={t('risk.sources.measureDescription')}
                          rules={[required('measureDescription'), zodRule(measureFields.description)]}
                        >
                          <Input.TextArea rows={1} autoSize maxLength={2000} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(item.name)}
                      aria-label={`${t('risk.sources.removeMeasure')} ${index + 1}`}
                      style={{ marginBottom: 12 }}
                    >
                      {t('risk.sources.removeMeasure')}
                    </Button>
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ type: 'management' })} data-testid="measure-add">
                  {t('risk.sources.addMeasure')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Space className="sources-row">
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="source-save">
            {t('risk.sources.save')}
          </Button>
        </Space>
      </Form>
    </>
  );
}
