import { ArrowLeftOutlined } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Image, Row, Space, Spin, Tag, Typography } from 'antd';
import type { FeatureCollection, Point } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import { buildPath, call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { type HazardAction, HazardActionModal } from './HazardActionModal';
import { HazardExtensions } from './HazardExtensions';
import { ClauseCitation, ControlMeasureText } from './HazardLinks';
import { HazardLevelTag, HazardStatusTag, useHazardLabels } from './hazardLabels';
import { HazardPlan } from './HazardPlan';

type Detail = api.hazard.HazardDetail;
type Entry = Detail['timeline'][number];

/** The actions whose button is the main way forward; the refusals are drawn in red. */
const primary = new Set<string>([
  'startRectification',
  'submitRectification',
  'verify',
  'report',
  'list',
  'submitAssessment',
  'applyClose',
  'close',
]);
const refusals = new Set<string>(['return', 'orderCorrection']);

/** What each action's dialog says first, in the module's messages. */
const intros = {
  verify: 'hazard.hazards.verifyHelp',
  return: 'hazard.hazards.returnHelp',
  applyClose: 'hazard.hazards.applyCloseHelp',
  close: 'hazard.hazards.closeHelp',
  orderCorrection: 'hazard.hazards.orderCorrectionHelp',
} as const satisfies Partial<Record<HazardAction, string>>;

/** The photos of each stage (发现 / 整改后 / 评估 / 现场审查) as thumbnails that open full size. */
function Photos({ item }: { item: Detail }) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  if (item.photos.length === 0) return <Typography.Text type="secondary">{t('hazard.hazards.noPhotos')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      {hazard.hazardPhotoStages
        .filter((stage) => item.photos.some((p) => p.stage === stage))
        .map((stage) => (
          <div key={stage} className="hazard-stage" data-testid={`hazard-photos-${stage}`}>
            <Typography.Text strong className="hazard-stage-title">
              {labels.stage(stage)}
            </Typography.Text>
            <div className="hazard-photos">
              {item.photos
                .filter((p) => p.stage === stage)
                .map((p, index) => (
                  <div key={p.file.id} className="hazard-photo" data-testid="hazard-photo">
                    <Image
                      src={buildPath(api.hazard.downloadPhoto.path, { id: item.id, fileId: p.file.id })}
                      alt={t('hazard.hazards.photoAlt', { stage: labels.stage(stage), index: index + 1 })}
                      width={96}
                      height={96}
                      style={{ objectFit: 'cover' }}
                    />
                  </div>
                ))}
            </div>
          </div>
        ))}
    </Image.PreviewGroup>
  );
}

/** What an action carried besides its reason: the note, the assessment, the 挂牌督办 terms. */
function EntryDetails({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  const input = entry.input as Record<string, unknown>;
  const lines = [
    // A reclassification stays in the same state: the level it led to is what changed.
    entry.action === 'reclassify' &&
      (input.level === '一般' || input.level === '重大') &&
      t('hazard.hazards.reclassify.became', { level: labels.level(input.level) }),
    input.majorBasis,
    input.note,
    input.assessor && `${String(input.assessor)}：${String(input.conclusion ?? '')}`,
    input.supervisingBody,
  ].filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((line) => (
        <Typography.Paragraph key={line} className="hazard-entry-note">
          {line}
        </Typography.Paragraph>
      ))}
    </>
  );
}

/**
 * 隐患详情: what and whose it is, where (a small map and the areas computed from the point), the
 * photos of each stage, for a 重大 hazard its 治理方案 and 挂牌督办, the actions the server allows
 * the caller (each with its own fields), and the history.
 */
export default function HazardDetailPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const labels = useHazardLabels();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: item, error } = useApiQuery(api.hazard.getHazard, input);
  // The public reports this hazard came from or was linked to, for those who may read reports (never the reporter).
  const can = useCan();
  const { data: fromReports } = useApiQuery(
    api.reportHandling.listReports,
    { query: { hazardId: id, pageSize: 20 } },
    { enabled: id !== '' && can('report.read') },
  );
  const [action, setAction] = useState<HazardAction | null>(null);

  const onDone = async (updated: Detail) => {
    client.setQueryData(apiKey(api.hazard.getHazard, input), updated);
    setAction(null);
    await invalidatePaths(client, '/api/hazards', '/api/inbox');
  };

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (isApiError(error, 'FORBIDDEN')) return <ErrorPage status={403} />;
  if (!item) return <Spin size="large" className="page-spin" />;

  const actions = item.allowedActions.filter((a): a is HazardAction => a !== 'savePlan');
  const point: Point | null = item.lng !== null && item.lat !== null ? { type: 'Point', coordinates: [item.lng, item.lat] } : null;
  const features: FeatureCollection | undefined = point
    ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { label: item.title, color: '#cf1322' }, geometry: point }] }
    : undefined;
  const supervision = item.supervision;
  const lastReturn = [...item.timeline].reverse().find((e) => e.action === 'return' || e.action === 'orderCorrection');
  const returned = lastReturn && (item.status === 'rectifying' || item.status === 'listed') && item.timeline.at(-1)?.id === lastReturn.id;

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {item.title}
            <HazardLevelTag level={item.level} testId="hazard-level" />
            <HazardStatusTag status={item.status} testId="hazard-status" />
          </Space>
        }
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hazards')}>
            {t('hazard.hazards.back')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('hazard.hazards.detail')} data-testid="hazard-detail">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'code', label: t('hazard.hazards.code'), children: <span data-testid="hazard-code">{item.code}</span> },
                {
                  key: 'category',
                  label: t('hazard.hazards.category'),
                  children: labels.category(item.category) || t('hazard.hazards.none'),
                },
                {
                  key: 'origin',
                  label: t('hazard.hazards.origin'),
                  children: (
                    <Space wrap size={[8, 0]}>
                      {labels.origin(item.origin)}
                      {fromReports?.items.map((r) => (
                        <Link key={r.id} to={`/reports/${r.id}`} data-testid="hazard-from-report">
                          {t('hazard.hazards.fromReport', { code: r.code })}
                        </Link>
                      ))}
                    </Space>
                  ),
                },
                { key: 'foundAt', label: t('hazard.hazards.foundAt'), children: time(item.foundAt) },
                { key: 'unit', label: t('hazard.hazards.unit'), children: item.responsibleOrg.name },
                {
                  key: 'person',
                  label: t('hazard.hazards.person'),
                  children: [item.responsiblePerson, item.responsiblePhone].filter(Boolean).join(' · ') || t('hazard.hazards.none'),
                },
                { key: 'deadline', label: t('hazard.hazards.deadline'), children: item.deadline ?? t('hazard.hazards.noDeadline') },
                { key: 'department', label: t('hazard.hazards.department'), children: item.department?.name ?? t('hazard.hazards.none') },
                {
                  key: 'reporter',
                  label: t('hazard.hazards.reporter'),
                  children: [item.reportedOrg.name, item.reportedBy].filter(Boolean).join(' · '),
                },
                ...(item.riskSource
                  ? [
                      {
                        key: 'riskSource',
                        label: t('hazard.hazards.riskSource'),
                        children: (
                          <Link to={`/risk/sources/${item.riskSource.id}`}>{`${item.riskSource.code} ${item.riskSource.name}`}</Link>
                        ),
                      },
                    ]
                  : []),
                ...(item.riskSource && item.controlMeasureId
                  ? [
                      {
                        key: 'controlMeasure',
                        label: t('hazard.hazards.report.measure'),
                        span: { xs: 1, sm: 2 },
                        children: <ControlMeasureText sourceId={item.riskSource.id} id={item.controlMeasureId} />,
                      },
                    ]
                  : []),
                ...(item.standardClauseId
                  ? [
                      {
                        key: 'clause',
                        label: t('hazard.hazards.report.clause'),
                        span: { xs: 1, sm: 2 },
                        children: <ClauseCitation id={item.standardClauseId} />,
                      },
                    ]
                  : []),
                ...(item.externalId ? [{ key: 'externalId', label: t('hazard.hazards.externalId'), children: item.externalId }] : []),
                ...(item.reviewDueOn ? [{ key: 'reviewDue', label: t('hazard.hazards.reviewDue'), children: item.reviewDueOn }] : []),
                ...(item.majorBasis
                  ? [{ key: 'majorBasis', label: t('hazard.hazards.majorBasis'), span: { xs: 1, sm: 2 }, children: item.majorBasis }]
                  : []),
                ...(item.description
                  ? [{ key: 'description', label: t('hazard.hazards.description'), span: { xs: 1, sm: 2 }, children: item.description }]
                  : []),
              ]}
            />
            {item.repeatOf && (
              <Alert
                type="warning"
                showIcon
                className="hazard-row"
                title={
                  <>
                    {t('hazard.hazards.repeatOf')}：<Link to={`/hazards/${item.repeatOf.id}`}>{item.repeatOf.code}</Link>
                  </>
                }
                description={t('hazard.hazards.repeatOfHelp', { code: item.repeatOf.code })}
                data-testid="hazard-repeat"
              />
            )}
          </Card>
          <Card size="small" title={t('hazard.hazards.photos')} className="hazard-row" data-testid="hazard-photos">
            <Photos item={item} />
          </Card>
          <Card size="small" title={t('hazard.hazards.location')} className="hazard-row">
            {features && point ? (
              <MapView features={features} initialView={point} height={240} ariaLabel={t('hazard.hazards.map')} />
            ) : (
              <Typography.Paragraph type="secondary">{t('hazard.hazards.noLocation')}</Typography.Paragraph>
            )}
            <Descriptions
              size="small"
              className="hazard-row"
              column={{ xs: 1, sm: 3 }}
              items={[
                ...(item.placeName
                  ? [{ key: 'place', label: t('hazard.hazards.place'), span: { xs: 1, sm: 3 }, children: item.placeName }]
                  : []),
                { key: 'street', label: t('hazard.hazards.street'), children: item.street?.name ?? t('hazard.hazards.areaUnknown') },
                {
                  key: 'community',
                  label: t('hazard.hazards.community'),
                  children: item.community?.name ?? t('hazard.hazards.areaUnknown'),
                },
                { key: 'grid', label: t('hazard.hazards.grid'), children: item.grid?.name ?? t('hazard.hazards.areaUnknown') },
              ]}
              data-testid="hazard-areas"
            />
          </Card>
          {(item.level === '重大' || item.planSuperseded) && (
            <Card
              size="small"
              title={t('hazard.hazards.plan.title')}
              extra={
                item.planSuperseded ? (
                  <Tag data-testid="hazard-plan-superseded">{t('hazard.hazards.reclassify.planSuperseded')}</Tag>
                ) : undefined
              }
              className="hazard-row"
              data-testid="hazard-plan-card"
            >
              <HazardPlan item={item} editable={item.allowedActions.includes('savePlan')} onSaved={onDone} />
            </Card>
          )}
          {supervision && (
            <Card size="small" title={t('hazard.hazards.supervision.title')} className="hazard-row" data-testid="hazard-supervision">
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                items={[
                  {
                    key: 'body',
                    label: t('hazard.hazards.supervision.body'),
                    children: supervision.supervisingBody ?? supervision.supervisingOrg?.name,
                  },
                  {
                    key: 'org',
                    label: t('hazard.hazards.supervision.org'),
                    children: supervision.supervisingOrg?.name ?? t('hazard.hazards.none'),
                  },
                  {
                    key: 'leader',
                    label: t('hazard.hazards.supervision.leader'),
                    children: supervision.responsibleLeader ?? t('hazard.hazards.none'),
                  },
                  {
                    key: 'deadline',
                    label: t('hazard.hazards.supervision.deadline'),
                    children: supervision.deadline ?? t('hazard.hazards.noDeadline'),
                  },
                  {
                    key: 'stopWork',
                    label: t('hazard.hazards.supervision.stopWork'),
                    children: supervision.stopWork ? labels.stopWork(supervision.stopWork) : t('hazard.hazards.none'),
                  },
                  {
                    key: 'notice',
                    label: t('hazard.hazards.supervision.publicNotice'),
                    children: supervision.publicNotice ? <Tag color="processing">{t('common.yes')}</Tag> : t('common.no'),
                  },
                  ...(supervision.listedAt
                    ? [{ key: 'listedAt', label: t('hazard.hazards.supervision.listedAt'), children: time(supervision.listedAt) }]
                    : []),
                ]}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('hazard.hazards.workflow')} data-testid="hazard-actions">
            {actions.length === 0 ? (
              <Typography.Text type="secondary">{t('hazard.hazards.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {actions.map((a) => (
                  <Button
                    key={a}
                    size="large"
                    type={primary.has(a) ? 'primary' : 'default'}
                    danger={refusals.has(a)}
                    onClick={() => setAction(a)}
                    data-testid={`hazard-action-${a}`}
                  >
                    {bi(hazard.hazardWorkflow.actions[a].label)}
                  </Button>
                ))}
              </Space>
            )}
          </Card>
          {returned && lastReturn && (
            <Alert
              type="warning"
              showIcon
              className="hazard-row"
              title={bi(
                hazard.hazardWorkflow.actions[lastReturn.action as HazardAction]?.label ?? { zh: lastReturn.action, en: lastReturn.action },
              )}
              description={String(lastReturn.input.reason ?? '')}
              data-testid="hazard-returned"
            />
          )}
          <div className="hazard-row">
            <HazardExtensions hazardId={item.id} onChanged={() => void invalidatePaths(client, '/api/hazards')} />
          </div>
          <Card size="small" title={t('hazard.hazards.timeline')} className="hazard-row">
            <WorkflowTimeline
              entries={item.timeline}
              workflow={hazard.hazardWorkflow}
              color={(e) => (e.toState === 'closed' ? 'green' : refusals.has(e.action) ? 'red' : 'blue')}
              details={(e) => <EntryDetails entry={e} />}
              testId="hazard-timeline"
            />
          </Card>
        </Col>
      </Row>
      {action && (
        <HazardActionModal
          action={action}
          level={item.level}
          title={t('hazard.hazards.actionTitle', { action: bi(hazard.hazardWorkflow.actions[action].label), name: item.title })}
          intro={action in intros ? t(intros[action as keyof typeof intros]) : undefined}
          onSubmit={(body) => call(api.hazard.hazardAction, { params: { id: item.id, action }, body: body as never })}
          onDone={onDone}
          onClose={() => setAction(null)}
        />
      )}
    </>
  );
}
