import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Spin, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { usePlanText } from './PlanText';

type Plan = api.emergencyPlans.PlanSummary;
type Detail = api.emergencyPlans.PlanDetail;

const reviewColor: Record<emergency.PlanReviewState, string> = { current: 'green', due_soon: 'orange', overdue: 'red' };

function PlanList() {
  const p = usePlanText();
  const bi = useBi();
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedList(api.emergencyPlans.listPlans);
  const columns: ListColumn<Plan>[] = [
    {
      title: p('planTitle'),
      dataIndex: 'title',
      priority: true,
      render: (title: string, plan) => (
        <Link to={`/emergency/plans/${plan.id}`} data-testid="plan-open">
          {title}
        </Link>
      ),
    },
    { title: p('kind'), dataIndex: 'kind', width: 130, render: (k: emergency.PlanKind) => bi(emergency.planKindLabels[k]) },
    { title: p('org'), dataIndex: 'orgName', width: 180 },
    { title: p('levels'), dataIndex: 'levels', width: 120, render: (levels: string[]) => levels.join(' ') },
    { title: p('version'), dataIndex: 'version', width: 70 },
    { title: p('issuedOn'), dataIndex: 'issuedOn', width: 110 },
    {
      title: p('reviewDueOn'),
      dataIndex: 'reviewDueOn',
      width: 170,
      render: (due: string, plan) => (
        <Space>
          {due}
          <Tag color={reviewColor[plan.reviewState]}>{bi(emergency.planReviewStateLabels[plan.reviewState])}</Tag>
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={p('title')}
        extra={
          can('emergency.plan') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/emergency/plans/new')} data-testid="plan-new">
              {p('newPlan')}
            </Button>
          )
        }
      />
      <ListSearch list={list} placeholder={p('planTitle')} />
      <PagedTable<Plan> list={list} columns={columns} testId="plan-table" />
    </>
  );
}

/** The roles × levels × actions of a plan as a table: one row per role, one column per level. */
function Matrix({ content }: { content: emergency.PlanContent }) {
  const p = usePlanText();
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={content.roles}
      data-testid="plan-matrix"
      scroll={{ x: 720 }}
      columns={[
        { title: p('role'), dataIndex: 'name', width: 140, fixed: 'left' },
        ...content.levels.map((level) => ({
          title: `${level}级`,
          key: level,
          render: (_: unknown, role: emergency.PlanRole) => {
            const actions = role.actions.filter((a) => a.level === level);
            return actions.length === 0 ? (
              p('noAction')
            ) : (
              <ul className="plan-actions">
                {actions.map((a) => (
                  <li key={a.key}>
                    {a.text}（{a.withinMinutes}′）
                  </li>
                ))}
              </ul>
            );
          },
        })),
      ]}
    />
  );
}

function PlanDetail() {
  const { id = '' } = useParams();
  const p = usePlanText();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const { data: plan, error } = useApiQuery(api.emergencyPlans.getPlan, { params: { id } });
  if (error) return <ErrorPage status={isApiError(error, 'NOT_FOUND') ? 404 : 500} />;
  if (!plan) return <Spin size="large" className="page-spin" />;
  return (
    <>
      <PageHeader
        title={plan.title}
        extra={
          plan.allowedActions.includes('edit') && (
            <Button onClick={() => navigate(`/emergency/plans/${plan.id}/edit`)} data-testid="plan-edit">
              {p('revise')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={p('kind')}>{bi(emergency.planKindLabels[plan.kind])}</Descriptions.Item>
          <Descriptions.Item label={p('org')}>{plan.orgName}</Descriptions.Item>
          <Descriptions.Item label={p('version')}>{plan.version}</Descriptions.Item>
          <Descriptions.Item label={p('issuedOn')}>{plan.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={p('reviewDueOn')}>
            <Space>
              {plan.reviewDueOn}
              <Tag color={reviewColor[plan.reviewState]}>{bi(emergency.planReviewStateLabels[plan.reviewState])}</Tag>
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={p('roles')} className="incident-row">
        <Matrix content={plan.content} />
      </Card>
      <Card size="small" title={p('revisions')} className="incident-row">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={plan.revisions}
          columns={[
            { title: p('version'), dataIndex: 'version', width: 70 },
            { title: p('issuedOn'), dataIndex: 'issuedOn', width: 110 },
            { title: p('revisionNote'), dataIndex: 'note' },
            { title: p('holder'), dataIndex: 'revisedByName', width: 140 },
            { title: p('activatedAt'), dataIndex: 'revisedAt', width: 160, render: (v: string) => time(v) },
          ]}
        />
      </Card>
    </>
  );
}

interface EditorValues {
  title: string;
  kind: emergency.PlanKind;
  categories: emergency.IncidentCategory[];
  issuedOn: Dayjs;
  levels: emergency.ResponseLevel[];
  roles: emergency.PlanRole[];
  note?: string;
}

/** 预案编辑: title and kind, the levels, then each role with its actions (level, text, minutes). */
function PlanEditor({ plan }: { plan?: Detail }) {
  const p = usePlanText();
  const { t } = useTranslation();
  const bi = useBi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm<EditorValues>();
  const drillId = new URLSearchParams(window.location.search).get('drill') ?? undefined;
  const save = useMutation({
    mutationFn: (v: EditorValues) => {
      const common = {
        title: v.title,
        kind: v.kind,
        categories: v.categories ?? [],
        issuedOn: v.issuedOn.format('YYYY-MM-DD'),
        content: { levels: v.levels, roles: v.roles.map((r) => ({ ...r, actions: r.actions ?? [] })) },
      };
      return plan
        ? call(api.emergencyPlans.revisePlan, {
            params: { id: plan.id },
            body: { ...common, note: v.note ?? '', ...(drillId ? { drillId } : {}) },
          })
        : call(api.emergencyPlans.createPlan, { body: common });
    },
    onSuccess: async (saved) => {
      message.success(p('saved'));
      await invalidatePaths(client, '/api/emergency/plans', '/api/emergency/drills');
      navigate(`/emergency/plans/${saved.id}`);
    },
    onError: (e) => showError(e, form),
  });
  const initial: Partial<EditorValues> = plan
    ? {
        ...plan,
        issuedOn: dayjs(),
        levels: plan.content.levels,
        roles: plan.content.roles,
        categories: plan.categories as emergency.IncidentCategory[],
      }
    : { kind: 'special', issuedOn: dayjs(), levels: ['Ⅳ'], categories: [], roles: [{ key: 'commander', name: '总指挥', actions: [] }] };
  return (
    <>
      <PageHeader title={plan ? `${p('revise')}：${plan.title}` : p('newPlan')} />
      <Form<EditorValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="plan-editor">
        <Card size="small">
          <Space wrap align="start">
            <Form.Item name="title" label={p('planTitle')} rules={[{ required: true }]}>
              <Input style={{ width: 320 }} maxLength={200} data-testid="plan-title" />
            </Form.Item>
            <Form.Item name="kind" label={p('kind')}>
              <Select
                style={{ width: 160 }}
                options={emergency.planKinds.map((k) => ({ value: k, label: bi(emergency.planKindLabels[k]) }))}
              />
            </Form.Item>
            <Form.Item name="issuedOn" label={p('issuedOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="levels" label={p('levels')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                style={{ width: 200 }}
                options={emergency.responseLevels.map((l) => ({ value: l, label: `${l}级` }))}
              />
            </Form.Item>
            <Form.Item name="categories" label={p('categories')}>
              <Select
                mode="multiple"
                style={{ width: 280 }}
                options={emergency.incidentCategories.map((c) => ({ value: c, label: bi(emergency.incidentCategoryLabels[c]) }))}
              />
            </Form.Item>
          </Space>
        </Card>
        <Form.List name="roles">
          {(roles, { add, remove }) => (
            <>
              {roles.map((role) => (
                <Card
                  key={role.key}
                  size="small"
                  className="incident-row"
                  title={
                    <Space wrap>
                      <Form.Item name={[role.name, 'name']} rules={[{ required: true }]} noStyle>
                        <Input placeholder={p('roleName')} aria-label={p('roleName')} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[role.name, 'key']} rules={[{ required: true }]} noStyle>
                        <Input placeholder={p('roleKey')} aria-label={p('roleKey')} style={{ width: 140 }} />
                      </Form.Item>
                    </Space>
                  }
                  extra={
                    <Button size="small" icon={<MinusCircleOutlined />} onClick={() => remove(role.name)}>
                      {p('remove')}
                    </Button>
                  }
                >
                  <Form.List name={[role.name, 'actions']}>
                    {(actions, ops) => (
                      <>
                        {actions.map((action) => (
                          <Space key={action.key} wrap align="baseline">
                            <Form.Item name={[action.name, 'level']} rules={[{ required: true }]}>
                              <Select
                                aria-label={p('level')}
                                style={{ width: 80 }}
                                options={emergency.responseLevels.map((l) => ({ value: l, label: l }))}
                              />
                            </Form.Item>
                            <Form.Item name={[action.name, 'key']} rules={[{ required: true }]}>
                              <Input aria-label={p('actionKey')} placeholder={p('actionKey')} style={{ width: 120 }} />
                            </Form.Item>
                            <Form.Item name={[action.name, 'text']} rules={[{ required: true }]}>
                              <Input aria-label={p('action')} placeholder={p('action')} style={{ width: 340 }} />
                            </Form.Item>
                            <Form.Item name={[action.name, 'withinMinutes']} rules={[{ required: true }]}>
                              <InputNumber aria-label={p('withinMinutes')} placeholder={p('withinMinutes')} min={1} precision={0} />
                            </Form.Item>
                            <Button
                              size="small"
                              icon={<MinusCircleOutlined />}
                              aria-label={p('remove')}
                              onClick={() => ops.remove(action.name)}
                            />
                          </Space>
                        ))}
                        <Button size="small" icon={<PlusOutlined />} onClick={() => ops.add({ level: 'Ⅳ', withinMinutes: 30 })}>
                          {p('addAction')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button className="incident-row" icon={<PlusOutlined />} onClick={() => add({ actions: [] })}>
                {p('addRole')}
              </Button>
            </>
          )}
        </Form.List>
        {plan && (
          <Form.Item name="note" label={p('revisionNote')} rules={[{ required: true }]} className="incident-row">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending} className="incident-row" data-testid="plan-save">
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}

function EditPlan() {
  const { id = '' } = useParams();
  const { data: plan, error } = useApiQuery(api.emergencyPlans.getPlan, { params: { id } });
  if (error) return <ErrorPage status={isApiError(error, 'NOT_FOUND') ? 404 : 500} />;
  if (!plan) return <Spin size="large" className="page-spin" />;
  return <PlanEditor plan={plan} />;
}

/** 应急预案: the list, a plan's page with its matrix and history, the editor. */
export default function PlansPage() {
  const can = useCan();
  return (
    <Suspense fallback={<Spin size="large" className="page-spin" />}>
      <Routes>
        <Route index element={<PlanList />} />
        <Route path="new" element={can('emergency.plan') ? <PlanEditor /> : <ErrorPage status={403} />} />
        <Route path=":id" element={<PlanDetail />} />
        <Route path=":id/edit" element={<EditPlan />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Routes>
    </Suspense>
  );
}
