import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api, majorHazard } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { InventoryModal, RegisterModal } from './InventoryModal';
import { GradeTag, StatusTag, figure, gradeHex, useGradeLabel, useInstallationText } from './labels';

type Detail = api.majorHazard.InstallationDetail;
type Item = api.majorHazard.InventoryItem;
type Person = api.majorHazard.ResponsiblePersons['main'];
type WorkflowAction = 'declare' | 'register' | 'return' | 'writeOff';
const workflowActions: WorkflowAction[] = ['declare', 'register', 'return', 'writeOff'];

/** A value the reference has not verified against the standard: shown with a 未核实 flag. */
function Flagged({ value, confidence }: { value: string; confidence: 'V' | 'P' | 'U' }) {
  const { t } = useTranslation();
  if (confidence === 'V') return <>{value}</>;
  return (
    <Space size={4}>
      {value}
      <Tooltip title={t('majorHazard.installations.unverifiedHelp')}>
        <Tag color="warning" data-testid="unverified-flag">
          {t('majorHazard.installations.unverified')} [{confidence}]
        </Tag>
      </Tooltip>
    </Space>
  );
}

/**
 * 重大危险源详情: the unit, where it is (areas computed from the boundaries), its GB 18218 result
 * with each substance's Q, q/Q and β (values the reference has not verified are flagged), the
 * inventory editor (each change re-grades at once), 包保责任人, the grade history, and the
 * declaration and registration actions the server allows the caller, with their timeline.
 */
export default function InstallationDetailPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const gradeLabel = useGradeLabel();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: unit, error } = useApiQuery(api.majorHazard.getInstallation, input);
  const [action, setAction] = useState<WorkflowAction | null>(null);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const m = useInstallationText();

  const onDone = async (updated: Detail) => {
    client.setQueryData(apiKey(api.majorHazard.getInstallation, input), updated);
    setAction(null);
    setEditing(null);
    await invalidatePaths(client, '/api/major-hazards');
  };
  const remove = useMutation({
    mutationFn: (itemId: string) => call(api.majorHazard.deleteInventoryItem, { params: { id, itemId } }),
    onSuccess: async (updated) => {
      message.success(t('common.deleted'));
      await onDone(updated);
    },
    onError: (e) => showError(e),
  });

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (!unit) return <Spin size="large" className="page-spin" />;

  const can = (a: Detail['allowedActions'][number]) => unit.allowedActions.includes(a);
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { label: unit.name, color: gradeHex(unit.grade) },
        geometry: { type: 'Point', coordinates: unit.location },
      },
    ],
  };
  const person = (p: Person) => (p ? `${p.name}（${p.post}）${p.phone}` : m('notNamed'));
  const betaBy = { table3: m('betaTable3'), table4: m('betaTable4'), default: m('betaDefault') };
  const cause = { created: m('causeCreated'), inventory: m('causeInventory'), population: m('causePopulation') };

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {unit.name}
            <GradeTag grade={unit.grade} testId="installation-grade" />
            <StatusTag status={unit.status} />
          </Space>
        }
        extra={
          <>
            {workflowActions
              .filter((a) => can(a))
              .map((a) => (
                <Button
                  key={a}
                  type={a === 'declare' || a === 'register' ? 'primary' : 'default'}
                  danger={a === 'writeOff'}
                  onClick={() => setAction(a)}
                  data-testid={`installation-action-${a}`}
                >
                  {bi(majorHazard.installationWorkflow.actions[a].label)}
                </Button>
              ))}
            {can('update') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/major-hazards/${unit.id}/edit`)} data-testid="installation-edit">
                {m('edit')}
              </Button>
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/major-hazards')}>
              {m('back')}
            </Button>
          </>
        }
      />
      {unit.status === 'changed' && <Alert type="warning" showIcon title={m('changedNotice')} className="mh-row" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={m('assessment')} data-testid="installation-assessment">
            <Descriptions
              size="small"
              column={{ xs: 2, sm: 4 }}
              items={[
                { key: 's', label: m('s'), children: <span data-testid="installation-s">{figure(unit.s)}</span> },
                { key: 'alpha', label: m('alpha'), children: figure(unit.alpha) },
                { key: 'r', label: m('r'), children: <span data-testid="installation-r">{figure(unit.r)}</span> },
                { key: 'grade', label: m('grade'), children: gradeLabel(unit.grade) },
              ]}
            />
            <Typography.Paragraph type="secondary">{m('assessmentHelp')}</Typography.Paragraph>
          </Card>
          <Card
            size="small"
            title={m('inventory')}
            className="mh-row"
            extra={
              can('editInventory') && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="substance-add">
                  {m('addSubstance')}
                </Button>
              )
            }
          >
            <div className="mh-scroll" tabIndex={0} role="region" aria-label={m('inventory')}>
              <Table<Item>
                rowKey="id"
                size="small"
                pagination={false}
                style={{ minWidth: 720 }}
                dataSource={unit.inventory}
                locale={{ emptyText: m('noInventory') }}
                data-testid="inventory-table"
                columns={[
                  {
                    title: m('substance'),
                    dataIndex: 'substanceName',
                    render: (name: string, i) => (i.cas ? `${name}（${i.cas}）` : name),
                  },
                  { title: m('quantity'), dataIndex: 'quantityTonnes', align: 'right' },
                  {
                    title: m('criticalQuantity'),
                    dataIndex: 'criticalQuantityTonnes',
                    render: (q: number, i) => <Flagged value={String(q)} confidence={i.criticalQuantityConfidence} />,
                  },
                  { title: m('ratio'), dataIndex: 'ratio', align: 'right', render: (r: number) => figure(r) },
                  {
                    title: m('beta'),
                    dataIndex: 'beta',
                    render: (b: number, i) => <Flagged value={`${b}（${betaBy[i.betaBy]}）`} confidence={i.betaConfidence} />,
                  },
                  { title: m('basis'), dataIndex: 'basis' },
                  { title: m('form'), dataIndex: 'form', render: (f: string | null) => f ?? '—' },
                  ...(can('editInventory')
                    ? [
                        {
                          title: t('common.actions'),
                          key: 'actions',
                          render: (_: unknown, i: Item) => (
                            <Space>
                              <Button size="small" type="link" onClick={() => setEditing(i)} data-testid="substance-edit">
                                {t('common.edit')}
                              </Button>
                              <Popconfirm
                                title={m('deleteSubstance')}
                                onConfirm={() => remove.mutate(i.id)}
                                okText={t('common.delete')}
                                cancelText={t('common.cancel')}
                              >
                                <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                              </Popconfirm>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </div>
          </Card>
          <Card size="small" title={m('basics')} className="mh-row">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'org', label: m('enterprise'), children: unit.orgName },
                { key: 'kind', label: m('unitKind'), children: bi(majorHazard.unitKindLabels[unit.unitKind]) },
                { key: 'population', label: m('exposedPopulation'), children: unit.exposedPopulation },
                { key: 'address', label: m('address'), children: unit.address ?? '—' },
                { key: 'declaredOn', label: m('declaredOn'), children: unit.declaredOn ?? '—' },
                { key: 'registeredOn', label: m('registeredOn'), children: unit.registeredOn ?? '—' },
                { key: 'registrationNo', label: m('registrationNo'), children: unit.registrationNo ?? '—', span: { xs: 1, sm: 2 } },
              ]}
            />
          </Card>
          <Card size="small" title={m('responsible')} className="mh-row">
            <Descriptions
              size="small"
              column={1}
              data-testid="installation-responsible"
              items={[
                { key: 'main', label: m('roleMain'), children: person(unit.responsible.main) },
                { key: 'technical', label: m('roleTechnical'), children: person(unit.responsible.technical) },
                { key: 'operational', label: m('roleOperational'), children: person(unit.responsible.operational) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={m('location')}>
            <MapView
              features={features}
              initialView={{ type: 'Point', coordinates: unit.location }}
              height={260}
              ariaLabel={m('mapTitle')}
            />
            <Descriptions
              size="small"
              className="mh-row"
              column={{ xs: 1, sm: 3 }}
              title={m('areasComputed')}
              items={[
                { key: 'street', label: m('street'), children: unit.streetName ?? m('areaUnknown') },
                { key: 'community', label: m('community'), children: unit.communityName ?? m('areaUnknown') },
                { key: 'grid', label: m('grid'), children: unit.gridName ?? m('areaUnknown') },
              ]}
            />
          </Card>
          <Card size="small" title={m('gradeChanges')} className="mh-row">
            <div className="mh-scroll" tabIndex={0} role="region" aria-label={m('gradeChanges')}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                style={{ minWidth: 420 }}
                dataSource={[...unit.gradeChanges].reverse()}
                data-testid="grade-changes"
                columns={[
                  { title: m('changedAt'), dataIndex: 'at', render: (at: string) => time(at) },
                  {
                    title: m('fromGrade'),
                    dataIndex: 'fromGrade',
                    render: (g: number | null, c) => (c.cause === 'created' ? '—' : gradeLabel(g)),
                  },
                  { title: m('toGrade'), dataIndex: 'toGrade', render: (g: number | null) => gradeLabel(g) },
                  { title: m('cause'), dataIndex: 'cause', render: (c: keyof typeof cause) => cause[c] },
                  { title: m('changedBy'), dataIndex: 'actorName' },
                ]}
              />
            </div>
          </Card>
          <Card size="small" title={m('timeline')} className="mh-row">
            <WorkflowTimeline entries={unit.timeline} workflow={majorHazard.installationWorkflow} testId="installation-timeline" />
          </Card>
        </Col>
      </Row>
      {editing && (
        <InventoryModal
          installationId={unit.id}
          item={editing === 'new' ? undefined : editing}
          onDone={onDone}
          onClose={() => setEditing(null)}
        />
      )}
      {action === 'register' && <RegisterModal installationId={unit.id} onDone={onDone} onClose={() => setAction(null)} />}
      {action && action !== 'register' && (
        <ActionModal<Detail>
          action={majorHazard.installationWorkflow.actions[action]}
          title={`${bi(majorHazard.installationWorkflow.actions[action].label)}：${unit.name}`}
          intro={m(`${action}Intro`)}
          danger={action !== 'declare'}
          onSubmit={(body) => call(api.majorHazard.installationAction, { params: { id: unit.id, action }, body })}
          onDone={onDone}
          onClose={() => setAction(null)}
        />
      )}
    </>
  );
}
