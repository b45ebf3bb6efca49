import { api, majorHazard } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Spin, Typography } from 'antd';
import type { Point } from 'geojson';
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
import { type InstallationText, useInstallationText } from './labels';
import { invalidatePaths, useApiQuery } from '../../shared/query';

type Detail = api.majorHazard.InstallationDetail;
type Person = { name?: string; post?: string; phone?: string };
type Role = 'main' | 'technical' | 'operational';
const roles: Role[] = ['main', 'technical', 'operational'];
const roleLabel: Record<Role, InstallationText> = { main: 'roleMain', technical: 'roleTechnical', operational: 'roleOperational' };

interface Values {
  name: string;
  unitKind: majorHazard.UnitKind;
  orgId?: string;
  location: Point | null;
  address?: string | null;
  exposedPopulation: number;
  responsible: Record<Role, Person>;
}

const fields = api.majorHazard.createInstallation.body.shape;

/** A person left blank is not named yet; a half-filled one goes to the server, which names the missing field. */
const personOf = (p: Person | undefined) =>
  p && (p.name || p.post || p.phone) ? { name: p.name ?? '', post: p.post ?? '', phone: p.phone ?? '' } : null;

/**
 * 新增/编辑辨识单元: its name and kind, the enterprise, the location clicked on the map (the street,
 * community and grid are computed by the server), the exposed population that sets α, and the three
 * 包保责任人. Substances are added on the unit's page, where each one re-grades it at once.
 */
export default function InstallationFormPage() {
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
  const existing = useApiQuery(api.majorHazard.getInstallation, { params: { id: id ?? '' } }, { enabled: !!id });
  const m = useInstallationText();

  const save = useMutation({
    mutationFn: (v: Values): Promise<Detail> => {
      const body = {
        name: v.name,
        unitKind: v.unitKind,
        location: v.location!.coordinates as [number, number],
        address: v.address?.trim() || null,
        exposedPopulation: v.exposedPopulation,
        responsible: {
          main: personOf(v.responsible?.main),
          technical: personOf(v.responsible?.technical),
          operational: personOf(v.responsible?.operational),
        },
      };
      return existing.data
        ? call(api.majorHazard.updateInstallation, { params: { id: existing.data.id }, body })
        : call(api.majorHazard.createInstallation, { body: { ...body, orgId: v.orgId, inventory: [] } });
    },
    onSuccess: async (saved) => {
      message.success(m('saved'));
      await invalidatePaths(client, '/api/major-hazards');
      navigate(`/major-hazards/${saved.id}`);
    },
    onError: (error) => showError(error, form),
  });

  if (id && isApiError(existing.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (id && !existing.data) return <Spin size="large" className="page-spin" />;
  const unit = existing.data;
  const initial: Partial<Values> = unit
    ? {
        name: unit.name,
        unitKind: unit.unitKind,
        location: { type: 'Point', coordinates: unit.location },
        address: unit.address,
        exposedPopulation: unit.exposedPopulation,
        responsible: {
          main: unit.responsible.main ?? {},
          technical: unit.responsible.technical ?? {},
          operational: unit.responsible.operational ?? {},
        },
      }
    : { orgId: user.orgId, unitKind: 'storage', location: null, exposedPopulation: 0 };

  return (
    <>
      <PageHeader
        title={unit ? m('editTitle', { name: unit.name }) : m('newTitle')}
        extra={<Button onClick={() => navigate(unit ? `/major-hazards/${unit.id}` : '/major-hazards')}>{t('common.cancel')}</Button>}
      />
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={m('basics')}>
              <Form.Item name="name" label={m('name')} rules={[{ required: true, message: m('required.name') }, zodRule(fields.name)]}>
                <Input maxLength={100} data-testid="installation-name" />
              </Form.Item>
              <Form.Item name="unitKind" label={m('unitKind')} rules={[{ required: true, message: m('required.unitKind') }]}>
                <Select
                  options={majorHazard.unitKinds.map((k) => ({ value: k, label: bi(majorHazard.unitKindLabels[k]) }))}
                  data-testid="installation-kind"
                />
              </Form.Item>
              {unit ? (
                <Form.Item label={m('enterprise')}>
                  <Typography.Text>{unit.orgName}</Typography.Text>
                </Form.Item>
              ) : (
                <Form.Item name="orgId" label={m('enterprise')} rules={[{ required: true, message: m('required.org') }]}>
                  <OrgTreeSelect data-testid="installation-org" />
                </Form.Item>
              )}
              <Form.Item
                name="exposedPopulation"
                label={m('exposedPopulation')}
                rules={[{ required: true, message: m('required.exposedPopulation') }, zodRule(fields.exposedPopulation)]}
              >
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="installation-population" />
              </Form.Item>
              <Form.Item name="address" label={m('address')} rules={[zodRule(fields.address)]}>
                <Input maxLength={200} />
              </Form.Item>
            </Card>
            <Card size="small" title={m('responsible')} className="mh-row">
              {roles.map((role) => (
                <Row gutter={8} key={role}>
                  <Col xs={24}>
                    <Typography.Text strong>{m(roleLabel[role])}</Typography.Text>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name={['responsible', role, 'name']} label={m('personName')}>
                      <Input maxLength={50} data-testid={`responsible-${role}-name`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name={['responsible', role, 'post']} label={m('post')}>
                      <Input maxLength={50} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name={['responsible', role, 'phone']} label={m('phone')}>
                      <Input maxLength={20} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={m('location')}>
              <Form.Item name="location" label={m('location')} rules={[{ required: true, message: m('required.location') }]}>
                <GeometryInput kinds={['Point']} height={360} />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} className="mh-row" data-testid="installation-save">
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}
