import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { WarningLevelTag, WarningStatusTag, useWarningText, warningLevelHex } from './warningLabels';

type Warning = api.monitoringWarnings.Warning;
type Version = Warning['versions'][number];
/** The steps taken from this page; `update` goes through the editor, since it carries the whole content. */
const stepsHere = ['submit', 'approve', 'return', 'cancel'] as const;
type Step = (typeof stepsHere)[number];

/** 预警详情: what it says, its area on the map, the steps the caller may take, each CAP message sent and the history. */
export default function WarningDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const w = useWarningText();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const streets = useApiQuery(api.map.listAreas, { query: { level: 'street' } }).data?.items ?? [];
  const [asking, setAsking] = useState<Step | null>(null);
  const found = useApiQuery(api.monitoringWarnings.getWarning, { params: { id } });
  const done = async (next: Warning) => {
    client.setQueryData(apiKey(api.monitoringWarnings.getWarning, { params: { id } }), next);
    setAsking(null);
    await invalidatePaths(client, '/api/warnings');
  };
  const direct = useMutation({
    mutationFn: (step: Step) => call(api.monitoringWarnings.warningAction, { params: { id, action: step }, body: {} }),
    onSuccess: async (next, step) => {
      message.success(t('common.actionDone', { action: bi(monitoring.warningWorkflow.actions[step].label) }));
      await done(next);
    },
    onError: (e) => showError(e),
  });

  if (found.error)
    return <ErrorPage status={isApiError(found.error, 'NOT_FOUND') ? 404 : isApiError(found.error, 'FORBIDDEN') ? 403 : 500} />;
  const warning = found.data;
  if (!warning) return <Spin className="page-spin" />;
  const colour = warningLevelHex[warning.level].background;
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: warning.area ? [{ type: 'Feature', geometry: warning.area, properties: { color: colour } }] : [],
  };
  const take = (step: Step) => ('input' in monitoring.warningWorkflow.actions[step] ? setAsking(step) : direct.mutate(step));

  const versionColumns = [
    { title: w('version'), dataIndex: 'version', width: 70 },
    { title: w('msgType'), dataIndex: 'msgType', width: 90 },
    { title: w('sent'), dataIndex: 'sent', width: 150, render: (at: string) => time(at) },
    { title: w('identifier'), dataIndex: 'identifier', width: 280, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    {
      title: w('deliveries'),
      key: 'deliveries',
      render: (_: unknown, v: Version) => (
        <Space wrap size={4}>
          {v.deliveries.map((d) => (
            <Tag
              key={d.channel}
              color={d.status === 'skipped' ? 'default' : 'blue'}
              data-testid={`delivery-${d.channel}`}
              title={d.note ?? undefined}
            >
              {bi(monitoring.warningChannelLabels[d.channel])}：{w(`deliveryStatus.${d.status}`)}
              {d.status !== 'skipped' && d.channel === 'app' ? ` ${d.count}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="warning-title">{warning.headline}</span>
            <WarningLevelTag level={warning.level} />
            <WarningStatusTag status={warning.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/monitoring/warnings')}>
              {w('back')}
            </Button>
            {warning.allowedActions.includes('edit') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/monitoring/warnings/${id}/edit`)} data-testid="warning-edit">
                {w('edit')}
              </Button>
            )}
            {warning.allowedActions.includes('update') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/monitoring/warnings/${id}/edit`)} data-testid="warning-update">
                {w('updateContent')}
              </Button>
            )}
            {stepsHere
              .filter((s) => warning.allowedActions.includes(s))
              .map((s) => (
                <Button
                  key={s}
                  type={s === 'approve' || s === 'submit' ? 'primary' : 'default'}
                  danger={s === 'cancel'}
                  loading={direct.isPending && direct.variables === s}
                  onClick={() => take(s)}
                  data-testid={`warning-action-${s}`}
                >
                  {bi(monitoring.warningWorkflow.actions[s].label)}
                </Button>
              ))}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small">
            <Descriptions
              column={1}
              size="small"
              bordered
              styles={{ label: { width: 104, whiteSpace: 'nowrap' } }}
              items={[
                { key: 'type', label: w('type'), children: bi(monitoring.warningTypes[warning.type].label) },
                {
                  key: 'description',
                  label: w('description'),
                  children: <div style={{ whiteSpace: 'pre-wrap' }}>{warning.description}</div>,
                },
                {
                  key: 'instruction',
                  label: w('instruction'),
                  children: warning.instruction && <div style={{ whiteSpace: 'pre-wrap' }}>{warning.instruction}</div>,
                },
                { key: 'audience', label: w('audience'), children: warning.audience },
                { key: 'areaDesc', label: w('areaDesc'), children: warning.areaDesc },
                {
                  key: 'streets',
                  label: w('streets'),
                  children: warning.streetIds.map((s) => streets.find((a) => a.orgId === s)?.name ?? s).join('、'),
                },
                { key: 'onset', label: w('onset'), children: warning.onset && time(warning.onset) },
                { key: 'expires', label: w('expires'), children: time(warning.expires) },
                {
                  key: 'channels',
                  label: w('channels'),
                  children: warning.channels.map((c) => bi(monitoring.warningChannelLabels[c])).join('、'),
                },
                { key: 'importedFrom', label: w('importedFrom'), children: warning.importedFrom },
                { key: 'createdAt', label: w('createdAt'), children: `${warning.createdBy} · ${time(warning.createdAt)}` },
              ].filter((item) => item.children)}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={w('mapTitle')}>
            <MapView features={features} initialView={warning.area} height={320} ariaLabel={w('mapTitle')} />
          </Card>
        </Col>
        {warning.versions.length > 0 && (
          <Col xs={24}>
            <Card
              size="small"
              title={w('versions')}
              extra={
                <a href={`/api/public/warnings/${id}.cap`} target="_blank" rel="noreferrer" data-testid="warning-cap-link">
                  {w('capDocument')}
                </a>
              }
            >
              <Table<Version>
                rowKey="version"
                size="small"
                pagination={false}
                columns={versionColumns}
                dataSource={warning.versions}
                scroll={{ x: 800 }}
              />
            </Card>
          </Col>
        )}
        <Col xs={24}>
          <Card size="small" title={w('timeline')}>
            <WorkflowTimeline entries={warning.timeline} workflow={monitoring.warningWorkflow} testId="warning-timeline" />
          </Card>
        </Col>
      </Row>
      {asking && (
        <ActionModal<Warning>
          action={monitoring.warningWorkflow.actions[asking]}
          title={`${bi(monitoring.warningWorkflow.actions[asking].label)}：${warning.headline}`}
          danger={asking === 'cancel'}
          onSubmit={(body) => call(api.monitoringWarnings.warningAction, { params: { id, action: asking }, body })}
          onDone={done}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}
