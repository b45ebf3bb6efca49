import { AimOutlined, ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { api, risk } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, List, Modal, Row, Space, Spin, Table, Tag, Typography } from 'antd';
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
import { SourceAssessment } from './SourceAssessment';
import { SourceStatusTag, useSourceLabels } from './sourceLabels';
import { SourceLevelTag } from './SourceLevelTag';

type Detail = api.risk.RiskSourceDetail;
type WorkflowAction = keyof typeof risk.riskSourceWorkflow.actions;
const workflowActions = Object.keys(risk.riskSourceWorkflow.actions) as WorkflowAction[];
/** The factors of an assessment in the order the methods name them: L × E × C, L × S. */
const factorOrder = ['L', 'E', 'C', 'S'];

/** The records raising the displayed level: open ones (which count) first, as the server sends them. */
function Raisers({ source }: { source: Detail }) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const open = source.raisers.filter((r) => !r.closedAt);
  return (
    <Card size="small" title={t('risk.sources.dynamic')} className="sources-row" data-testid="source-dynamic">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'assessed',
            label: t('risk.sources.assessedLevel'),
            children: <SourceLevelTag level={source.assessedLevel} none={t('risk.sources.notAssessed')} testId="source-assessed-level" />,
          },
          {
            key: 'displayed',
            label: t('risk.sources.displayedLevel'),
            children: <SourceLevelTag level={source.level} none={t('risk.sources.notAssessed')} testId="source-displayed-level" />,
          },
        ]}
      />
      <Typography.Paragraph type="secondary">{t('risk.sources.dynamicHelp')}</Typography.Paragraph>
      {open.length === 0 ? (
        <Typography.Text type="secondary">{t('risk.sources.noRaisers')}</Typography.Text>
      ) : (
        <List
          size="small"
          header={t('risk.sources.raisers')}
          dataSource={open}
          renderItem={(r) => {
            const kind = `${r.originModule}.${r.originKind}`;
            const rule = risk.isLevelRaiseKind(kind) ? risk.levelRaiseRules[kind] : null;
            return (
              <List.Item data-testid="source-raiser">
                <Space wrap>
                  <SourceLevelTag level={r.raiseTo} none="" />
                  <span>{rule ? bi(rule.label) : kind}</span>
                  {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
                  <Typography.Text type="secondary">{t('risk.sources.raiserSince', { time: time(r.openedAt) })}</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

/**
 * 风险源详情: where the source is (map and the areas computed from it), what it is, its assessment
 * (a new one when the caller may assess) and their history, its control measures, its dynamic
 * level with what raises it, the census actions the server allows the caller, and the timeline.
 */
export default function SourceDetailPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const labels = useSourceLabels();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: source, error } = useApiQuery(api.risk.getSource, input);
  const [action, setAction] = useState<WorkflowAction | null>(null);
  const [confirming, setConfirming] = useState(false);

  const onDone = async (updated: Detail) => {
    client.setQueryData(apiKey(api.risk.getSource, input), updated);
    setAction(null);
    await invalidatePaths(client, '/api/risk');
  };
  const confirmLocation = useMutation({
    mutationFn: () => call(api.risk.confirmLocation, input),
    onSuccess: async (updated) => {
      message.success(t('common.actionDone', { action: t('risk.sources.confirmLocation') }));
      setConfirming(false);
      await onDone(updated);
    },
    onError: (e) => showError(e),
  });

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (!source) return <Spin size="large" className="page-spin" />;

  const can = (a: Detail['allowedActions'][number]) => source.allowedActions.includes(a);
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { label: source.name, color: source.level ? risk.riskLevelInfo[source.level].hex : '#8c8c8c' },
        geometry: source.geometry,
      },
    ],
  };
  const edition = risk.accidentTypeEditionOn(source.createdAt.slice(0, 10));
  const actions = workflowActions.filter((a) => can(a));

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {source.name}
            <SourceLevelTag level={source.level} none={t('risk.sources.notAssessed')} testId="source-level" />
            <SourceStatusTag status={source.status} />
          </Space>
        }
        extra={
          <>
            {can('update') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/risk/sources/${source.id}/edit`)} data-testid="source-edit">
                {t('risk.sources.edit')}
              </Button>
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/risk/sources')}>
              {t('risk.sources.back')}
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" data-testid="source-detail">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'code', label: t('risk.sources.code'), children: source.code },
                { key: 'category', label: t('risk.sources.category'), children: labels.category(source.category) },
                { key: 'unit', label: t('risk.sources.unit'), children: source.org.name },
                {
                  key: 'person',
                  label: t('risk.sources.person'),
                  children: [source.responsiblePerson, source.responsiblePhone].filter(Boolean).join(' · ') || t('common.none'),
                },
                {
                  key: 'hazardFactors',
                  label: t('risk.sources.hazardFactors'),
                  span: { xs: 1, sm: 2 },
                  children: source.hazardFactors.length ? source.hazardFactors.map(labels.hazardFactor).join('、') : t('common.none'),
                },
                {
                  key: 'accidentTypes',
                  label: t('risk.sources.accidentTypes'),
                  span: { xs: 1, sm: 2 },
                  children: source.accidentTypes.length
                    ? source.accidentTypes.map((c) => labels.accidentType(edition.standard, c)).join('、')
                    : t('common.none'),
                },
                ...(source.description
                  ? [{ key: 'description', label: t('risk.sources.description'), span: { xs: 1, sm: 2 }, children: source.description }]
                  : []),
              ]}
            />
          </Card>
          <Card size="small" title={t('risk.sources.location')} className="sources-row">
            <MapView features={features} initialView={source.geometry} height={300} ariaLabel={t('risk.sources.map')} />
            <Descriptions
              size="small"
              className="sources-row"
              column={{ xs: 1, sm: 3 }}
              title={t('risk.sources.areasComputed')}
              items={[
                { key: 'street', label: t('risk.sources.street'), children: source.street?.name ?? t('risk.sources.areaUnknown') },
                { key: 'community', label: t('risk.sources.community'), children: source.community?.name ?? t('risk.sources.areaUnknown') },
                { key: 'grid', label: t('risk.sources.grid'), children: source.grid?.name ?? t('risk.sources.areaUnknown') },
              ]}
              data-testid="source-areas"
            />
            {source.address && <Typography.Paragraph>{source.address}</Typography.Paragraph>}
            <Space wrap>
              {source.locationConfirmedAt ? (
                <Tag color="success" data-testid="source-location-confirmed">
                  {t('risk.sources.locationConfirmed')} · {source.locationConfirmedBy} · {time(source.locationConfirmedAt)}
                </Tag>
              ) : (
                <Tag data-testid="source-location-unconfirmed">{t('risk.sources.locationUnconfirmed')}</Tag>
              )}
              {can('confirmLocation') && (
                <Button size="small" icon={<AimOutlined />} onClick={() => setConfirming(true)} data-testid="source-confirm-location">
                  {t('risk.sources.confirmLocation')}
                </Button>
              )}
            </Space>
          </Card>
          <Card size="small" title={t('risk.sources.measures')} className="sources-row">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={source.measures}
              locale={{ emptyText: t('risk.sources.noMeasures') }}
              columns={[
                { title: t('risk.sources.measureType'), dataIndex: 'type', render: (c: string) => labels.measureType(c) },
                { title: t('risk.sources.measureDescription'), dataIndex: 'description' },
                {
                  title: t('risk.sources.measureLevel'),
                  dataIndex: 'responsibleLevel',
                  render: (c: string) => labels.responsibleLevel(c),
                },
                { title: t('risk.sources.measureCycle'), dataIndex: 'reviewCycleDays' },
                { title: t('risk.sources.nextReview'), dataIndex: 'nextReviewOn', responsive: ['sm'] },
              ]}
              data-testid="source-measures"
            />
          </Card>
          <Card size="small" title={t('risk.sources.history')} className="sources-row">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={source.assessments}
              locale={{ emptyText: t('risk.sources.noHistory') }}
              columns={[
                { title: t('risk.sources.assessedAt'), dataIndex: 'assessedAt', render: (at: string) => time(at) },
                {
                  title: t('risk.sources.method'),
                  dataIndex: 'method',
                  render: (m: 'lec' | 'ls' | 'direct') => t(`risk.sources.methodShort.${m}`),
                },
                {
                  title: t('risk.sources.inputs'),
                  key: 'inputs',
                  render: (_, a) =>
                    [
                      factorOrder
                        .filter((k) => a.inputs[k] !== undefined)
                        .map((k) => `${k}=${a.inputs[k]}`)
                        .join(' '),
                      a.score === null ? null : `${a.method === 'lec' ? 'D' : 'R'}=${a.score}`,
                    ]
                      .filter(Boolean)
                      .join('，'),
                },
                {
                  title: t('risk.sources.level'),
                  dataIndex: 'level',
                  render: (l: risk.RiskLevel) => <SourceLevelTag level={l} none="" />,
                },
                { title: t('risk.sources.directReason'), dataIndex: 'reason', render: (r: string | null) => r ?? '' },
                { title: t('risk.sources.assessor'), dataIndex: 'assessorName', responsive: ['sm'] },
              ]}
              data-testid="source-assessments"
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('risk.sources.workflow')} data-testid="source-actions">
            {actions.length === 0 ? (
              <Typography.Text type="secondary">{t('risk.sources.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {actions.map((a) => (
                  <Button
                    key={a}
                    type={a === 'submit' || a === 'review' ? 'primary' : 'default'}
                    danger={a === 'return'}
                    onClick={() => setAction(a)}
                    data-testid={`source-action-${a}`}
                  >
                    {bi(risk.riskSourceWorkflow.actions[a].label)}
                  </Button>
                ))}
              </Space>
            )}
          </Card>
          {source.status === 'returned' && source.timeline.length > 0 && (
            <Alert
              type="warning"
              showIcon
              className="sources-row"
              title={bi(risk.riskSourceWorkflow.states.returned.label)}
              description={String([...source.timeline].reverse().find((e) => e.action === 'return')?.input.reason ?? '')}
              data-testid="source-returned"
            />
          )}
          {can('assess') && (
            <Card size="small" title={t('risk.sources.assessment')} className="sources-row">
              <SourceAssessment source={source} onDone={(s) => void onDone(s)} />
            </Card>
          )}
          <Raisers source={source} />
          <Card size="small" title={t('risk.sources.timeline')} className="sources-row">
            <WorkflowTimeline entries={source.timeline} workflow={risk.riskSourceWorkflow} testId="source-timeline" />
          </Card>
        </Col>
      </Row>
      {action && (
        <ActionModal
          action={risk.riskSourceWorkflow.actions[action]}
          title={t('risk.sources.actionTitle', { action: bi(risk.riskSourceWorkflow.actions[action].label), name: source.name })}
          danger={action === 'return'}
          intro={action === 'return' ? t('risk.sources.returnHelp') : undefined}
          onSubmit={(body) => call(api.risk.sourceAction, { params: { id: source.id, action }, body })}
          onDone={onDone}
          onClose={() => setAction(null)}
        />
      )}
      <Modal
        open={confirming}
        title={t('risk.sources.confirmLocationTitle', { name: source.name })}
        okText={t('risk.sources.confirmLocation')}
        cancelText={t('common.cancel')}
        onOk={() => confirmLocation.mutate()}
        onCancel={() => setConfirming(false)}
        confirmLoading={confirmLocation.isPending}
      >
        <Typography.Paragraph>{t('risk.sources.confirmLocationIntro')}</Typography.Paragraph>
      </Modal>
    </>
  );
}
