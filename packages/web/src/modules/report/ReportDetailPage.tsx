import { ArrowLeftOutlined, EyeOutlined } from '@ant-design/icons';
import { api, report } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Image, Input, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { LeafKeys } from '../../app/module';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import { buildPath, call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { type ReportAction, ReportActionModal } from './ReportActionModal';
import { ReportRewardForm, RewardTable } from './ReportRewardsPage';
import { ReportStatusTag } from './ReportStatusTag';
import type { handlingZh } from './locales/handling.zh-CN';

type Detail = api.reportHandling.ReportDetail;
type Identity = z.infer<typeof api.reportHandling.reporterIdentity>;

/** The reporter's identity, fetched only when asked (each view is audited on the server). */
function ReporterIdentity({ item }: { item: Detail }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const show = useMutation({
    mutationFn: () => call(api.reportHandling.getReporter, { params: { id: item.id } }),
    onSuccess: setIdentity,
    onError: (e) => showError(e),
  });
  if (item.anonymous) return <Typography.Text type="secondary">{t('report.handling.detail.anonymousReporter')}</Typography.Text>;
  if (!identity)
    return (
      <Space direction="vertical">
        <Typography.Text type="secondary">{t('report.handling.detail.identityHidden')}</Typography.Text>
        {item.mayViewIdentity && (
          <Button icon={<EyeOutlined />} onClick={() => show.mutate()} loading={show.isPending} data-testid="report-view-identity">
            {t('report.handling.detail.viewIdentity')}
          </Button>
        )}
      </Space>
    );
  return (
    <Descriptions
      size="small"
      column={1}
      data-testid="report-identity"
      items={[
        { key: 'name', label: t('report.handling.detail.identityName'), children: identity.name },
        { key: 'phone', label: t('report.handling.detail.identityPhone'), children: identity.phone ?? '—' },
        { key: 'id', label: t('report.handling.detail.identityIdNumber'), children: identity.idNumber ?? '—' },
        { key: 'contact', label: t('report.handling.detail.identityContact'), children: identity.contact ?? '—' },
      ]}
    />
  );
}

/** Questions to the reporter and their answers; the reporter reads them with the code and secret. */
function Messages({ item, onSent }: { item: Detail; onSent: () => Promise<void> }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const showError = useShowError();
  const [form] = Form.useForm<{ body: string }>();
  const send = useMutation({
    mutationFn: (body: string) => call(api.reportHandling.postReportMessage, { params: { id: item.id }, body: { body } }),
    onSuccess: async () => {
      form.resetFields();
      await onSent();
    },
    onError: (e) => showError(e, form),
  });
  const open = report.reportStepOf[item.status] !== null;
  return (
    <>
      {item.messages.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.handling.detail.noMessages')} />
      ) : (
        <List
          size="small"
          dataSource={item.messages}
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={m.author === 'office' ? 'blue' : 'green'}>
                      {t(m.author === 'office' ? 'report.handling.detail.fromOffice' : 'report.handling.detail.fromReporter')}
                    </Tag>
                    <Typography.Text type="secondary">{time(m.createdAt)}</Typography.Text>
                  </Space>
                }
                description={m.body}
              />
            </List.Item>
          )}
        />
      )}
      {open && item.allowedActions.length > 0 && (
        <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v.body)}>
          <Form.Item name="body" label={t('report.handling.detail.ask')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} maxLength={2000} placeholder={t('report.handling.detail.askPlaceholder')} />
          </Form.Item>
          <Button htmlType="submit" loading={send.isPending}>
            {t('report.handling.detail.send')}
          </Button>
        </Form>
      )}
    </>
  );
}

/**
 * 举报详情: what was reported, where, when and by which channel; the limits in force; the outcome, the hazard it became,
 * duplicates merged; the actions the server allows the caller, each with its fields; messages with the reporter;
 * rewards; the history. The identity only on request, for a holder of report.identity.
 */
export default function ReportDetailPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { modal } = App.useApp();
  const can = useCan();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: item, error } = useApiQuery(api.reportHandling.getReport, input);
  const [action, setAction] = useState<ReportAction | null>(null);
  const refresh = () => invalidatePaths(client, '/api/reports', '/api/report-rewards', '/api/inbox');

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (isApiError(error, 'FORBIDDEN')) return <ErrorPage status={403} />;
  if (!item) return <Spin size="large" className="page-spin" />;

  const d = (key: LeafKeys<(typeof handlingZh)['detail']>) => t(`report.handling.detail.${key}`);
  // A reward is proposed for a closed statutory report that is not a duplicate and has no live reward (the 办法's rule; the server decides).
  const rewardable =
    report.statutoryReportCategories.includes(item.category as report.StatutoryReportCategory) &&
    item.status === 'closed' &&
    item.duplicateOf === null &&
    item.rewards.every((w) => w.status === 'rejected') &&
    // Proposed by 安委办, who also approves (report.reward).
    can('report.reward');

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="report-code">{t('report.handling.detail.title', { code: item.code })}</span>
            <ReportStatusTag status={item.status} />
            {item.overdue && <Tag color="red">{t('report.handling.queue.overdue')}</Tag>}
          </Space>
        }
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/reports')}>
            {d('back')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={bi(item.categoryName)} data-testid="report-detail">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.description}</Typography.Paragraph>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'place',
                  label: d('place'),
                  children: [item.placeName, item.address, item.street?.name].filter(Boolean).join(' · ') || '—',
                },
                { key: 'org', label: d('reportedOrg'), children: item.reportedOrgName ?? '—' },
                { key: 'received', label: t('report.handling.queue.receivedAt'), children: time(item.receivedAt) },
                { key: 'channel', label: d('channel'), children: bi(report.reportChannelLabels[item.channel]) },
                { key: 'acceptDue', label: d('acceptDue'), children: time(item.acceptDueAt) },
                {
                  key: 'handleDue',
                  label: d('handleDue'),
                  children: item.dueAt ? (
                    <Space size={4}>
                      {time(item.dueAt)}
                      {item.extended && <Tag color="orange">{t('report.handling.queue.extended')}</Tag>}
                    </Space>
                  ) : (
                    '—'
                  ),
                },
                ...(item.extensionReason ? [{ key: 'ext', label: d('extensionReason'), children: item.extensionReason }] : []),
                { key: 'unit', label: t('report.handling.queue.unit'), children: item.assignedOrg?.name ?? '—' },
                ...(item.outcome ? [{ key: 'outcome', label: d('outcome'), children: bi(report.reportOutcomeLabels[item.outcome]) }] : []),
                ...(item.transferredTo ? [{ key: 'transferred', label: d('transferredTo'), children: item.transferredTo }] : []),
                ...(item.hazard
                  ? [
                      {
                        key: 'hazard',
                        label: d('hazard'),
                        children: (
                          <Link to={`/hazards/${item.hazard.id}`} data-testid="report-hazard">
                            {item.hazard.code}
                          </Link>
                        ),
                      },
                    ]
                  : []),
                ...(item.duplicateOf
                  ? [
                      {
                        key: 'dup',
                        label: d('duplicateOf'),
                        children: <Link to={`/reports/${item.duplicateOf.id}`}>{item.duplicateOf.code}</Link>,
                      },
                    ]
                  : []),
                ...(item.duplicates.length
                  ? [
                      {
                        key: 'dups',
                        label: d('duplicates'),
                        children: (
                          <Space wrap>
                            {item.duplicates.map((x) => (
                              <Link key={x.id} to={`/reports/${x.id}`}>
                                {x.code}
                              </Link>
                            ))}
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {item.reply && (
              <Alert
                type={item.status === 'refused' ? 'warning' : 'success'}
                message={d('reply')}
                description={item.reply}
                data-testid="report-reply-shown"
              />
            )}
            {item.photos.length > 0 && (
              <div style={{ marginTop: 12 }} data-testid="report-photos">
                <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                  {d('photos')}
                </Typography.Paragraph>
                <Image.PreviewGroup>
                  <Space wrap>
                    {item.photos.map((p, index) => {
                      const src = buildPath(api.reportHandling.getReportPhoto.path, { id: item.id, fileId: p.fileId });
                      return (
                        <Space key={p.fileId} direction="vertical" size={2} style={{ width: 120 }} data-testid="report-photo">
                          <Image
                            src={src}
                            alt={t('report.handling.detail.photoAlt', { index: index + 1 })}
                            width={96}
                            height={96}
                            style={{ objectFit: 'cover' }}
                          />
                          <Typography.Link href={src} download={p.name} ellipsis style={{ maxWidth: 120 }}>
                            {p.name}
                          </Typography.Link>
                          {p.exifLng !== null && p.exifLat !== null && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('report.handling.detail.photoExif', { lng: p.exifLng.toFixed(5), lat: p.exifLat.toFixed(5) })}
                            </Typography.Text>
                          )}
                        </Space>
                      );
                    })}
                  </Space>
                </Image.PreviewGroup>
              </div>
            )}
            {item.allowedActions.length > 0 && (
              <Space wrap style={{ marginTop: 12 }} data-testid="report-actions">
                {item.allowedActions.map((a) => (
                  <Button
                    key={a}
                    type={['accept', 'handle', 'verify', 'close'].includes(a) ? 'primary' : 'default'}
                    danger={a === 'refuse'}
                    onClick={() =>
                      a === 'accept'
                        ? modal.confirm({
                            title: `${bi(report.reportWorkflow.actions.accept.label)} · ${item.code}`,
                            onOk: async () => {
                              const updated = await call(api.reportHandling.reportAction, {
                                params: { id: item.id, action: 'accept' },
                                body: {},
                              });
                              client.setQueryData(apiKey(api.reportHandling.getReport, input), updated);
                              await refresh();
                            },
                          })
                        : setAction(a)
                    }
                    data-testid={`report-action-${a}`}
                  >
                    {bi(report.reportWorkflow.actions[a].label)}
                  </Button>
                ))}
              </Space>
            )}
          </Card>
          <Card size="small" title={d('messages')} style={{ marginTop: 16 }}>
            <Messages item={item} onSent={refresh} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={d('identity')} data-testid="report-identity-card">
            <ReporterIdentity item={item} />
          </Card>
          {(item.rewards.length > 0 || rewardable) && (
            <Card size="small" title={d('rewards')} style={{ marginTop: 16 }}>
              <RewardTable items={item.rewards} onChanged={refresh} compact />
              {rewardable && <ReportRewardForm item={item} onDone={refresh} />}
            </Card>
          )}
          <Card size="small" title={d('timeline')} style={{ marginTop: 16 }}>
            <WorkflowTimeline entries={item.timeline} workflow={report.reportWorkflow} testId="report-timeline" />
          </Card>
        </Col>
      </Row>
      {action && (
        <ReportActionModal
          item={item}
          action={action}
          onClose={() => setAction(null)}
          onDone={async (updated) => {
            client.setQueryData(apiKey(api.reportHandling.getReport, input), updated);
            setAction(null);
            await refresh();
          }}
        />
      )}
    </>
  );
}
