import { api } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { buildPath, send } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PublicReportFrame } from './PublicReportFrame';

type Tracking = api.report.Tracking;

const statusColours: Record<Tracking['status'], string> = {
  received: 'blue',
  accepted: 'cyan',
  refused: 'default',
  assigned: 'gold',
  handled: 'orange',
  verified: 'lime',
  closed: 'green',
};

/** The tracking endpoints take the secret in a header (never in the address, where logs and history would keep it). */
async function fetchTracking(code: string, secret: string, message?: string): Promise<Tracking> {
  const endpoint = message === undefined ? api.report.getTracking : api.report.postMessage;
  const response = await send(buildPath(endpoint.path, { code: code.trim() }), {
    method: endpoint.method,
    headers: { 'x-report-secret': secret.trim(), ...(message === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: message === undefined ? undefined : JSON.stringify({ body: message }),
  });
  return api.report.tracking.parse(await response.json());
}

/**
 * 举报进度查询: the reporter enters the code and the secret (the code may come in the address from the receipt),
 * sees the status, the dated steps, the reply and the messages, and answers the office's question. The secret stays
 * in the page's memory only.
 */
export default function PublicReportTrackPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [search] = useSearchParams();
  const [keys, setKeys] = useState<{ code: string; secret: string } | null>(null);
  const [tracking, setTracking] = useState<Tracking | null>(null);
  const [form] = Form.useForm<{ code: string; secret: string }>();
  const [answerForm] = Form.useForm<{ body: string }>();

  const open = useMutation({
    mutationFn: (v: { code: string; secret: string }) => fetchTracking(v.code, v.secret),
    onSuccess: (found, v) => {
      setKeys(v);
      setTracking(found);
    },
    onError: (error) => showError(error),
  });
  const answer = useMutation({
    mutationFn: (v: { body: string }) => fetchTracking(keys!.code, keys!.secret, v.body.trim()),
    onSuccess: (found) => {
      setTracking(found);
      answerForm.resetFields();
      message.success(t('report.intake.sent'));
    },
    onError: (error) => showError(error, answerForm),
  });

  const finished = tracking?.status === 'closed' || tracking?.status === 'refused';
  return (
    <PublicReportFrame title={t('report.intake.trackTitle')} intro={tracking ? undefined : t('report.intake.trackIntro')}>
      {!tracking ? (
        <section className="public-report-card">
          <Form
            form={form}
            layout="vertical"
            size="large"
            initialValues={{ code: search.get('code') ?? '' }}
            onFinish={(v) => open.mutate(v)}
            requiredMark={false}
          >
            <Form.Item
              name="code"
              label={t('report.intake.codeLabel')}
              rules={[{ required: true, message: t('report.intake.codeRequired') }]}
            >
              <Input
                maxLength={40}
                placeholder={t('report.intake.trackCodePlaceholder')}
                autoCapitalize="characters"
                data-testid="track-code"
              />
            </Form.Item>
            <Form.Item
              name="secret"
              label={t('report.intake.secretLabel')}
              rules={[{ required: true, message: t('report.intake.secretRequired') }]}
            >
              <Input.Password maxLength={40} autoCapitalize="characters" autoComplete="off" data-testid="track-secret" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={open.isPending} data-testid="track-submit">
              {t('report.intake.query')}
            </Button>
          </Form>
        </section>
      ) : (
        <>
          <section className="public-report-card" data-testid="track-result">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('report.intake.codeLabel')}>{tracking.code}</Descriptions.Item>
              <Descriptions.Item label={t('report.intake.category')}>{bi(tracking.categoryName)}</Descriptions.Item>
              <Descriptions.Item label={t('report.intake.status')}>
                <Tag color={statusColours[tracking.status]} data-testid="track-status">
                  {bi(tracking.statusLabel)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('report.intake.receivedAt')}>{time(tracking.receivedAt)}</Descriptions.Item>
              {tracking.status === 'received' && (
                <Descriptions.Item label={t('report.intake.acceptDue')}>{time(tracking.acceptDueAt)}</Descriptions.Item>
              )}
              {tracking.dueAt && !finished && <Descriptions.Item label={t('report.intake.due')}>{time(tracking.dueAt)}</Descriptions.Item>}
              {tracking.extendedUntil && (
                <Descriptions.Item label={t('report.intake.extendedUntil')}>{time(tracking.extendedUntil)}</Descriptions.Item>
              )}
              {tracking.outcomeLabel && (
                <Descriptions.Item label={t('report.intake.outcome')}>{bi(tracking.outcomeLabel)}</Descriptions.Item>
              )}
              {tracking.transferredTo && (
                <Descriptions.Item label={t('report.intake.transferredTo')}>{tracking.transferredTo}</Descriptions.Item>
              )}
              {tracking.reply && <Descriptions.Item label={t('report.intake.reply')}>{tracking.reply}</Descriptions.Item>}
            </Descriptions>
          </section>
          <section className="public-report-card">
            <h2>{t('report.intake.steps')}</h2>
            <Timeline
              data-testid="track-steps"
              items={tracking.steps.map((s, i) => ({
                key: i,
                color: i === tracking.steps.length - 1 ? 'blue' : 'gray',
                children: (
                  <>
                    <strong>{bi(s.label)}</strong> <Typography.Text type="secondary">{time(s.at)}</Typography.Text>
                    {s.note && <div>{s.note}</div>}
                  </>
                ),
              }))}
            />
          </section>
          <section className="public-report-card">
            <h2>{t('report.intake.messages')}</h2>
            {tracking.awaitingAnswer && <Alert className="public-report-row" type="warning" showIcon title={t('report.intake.awaiting')} />}
            {tracking.messages.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.intake.noMessages')} />
            ) : (
              tracking.messages.map((m) => (
                <div key={m.id} className={`public-report-message ${m.author}`} data-testid="track-message">
                  <div className="public-report-message-meta">
                    {m.author === 'office' ? t('report.intake.fromOffice') : t('report.intake.fromReporter')} · {time(m.at)}
                  </div>
                  <div>{m.body}</div>
                </div>
              ))
            )}
            {!finished && (
              <Form form={answerForm} layout="vertical" onFinish={(v) => answer.mutate(v)} requiredMark={false}>
                <Form.Item
                  name="body"
                  label={t('report.intake.answer')}
                  rules={[{ required: true, message: t('report.intake.answerPlaceholder') }, zodRule(api.report.messageInput.shape.body)]}
                >
                  <Input.TextArea rows={3} maxLength={2000} placeholder={t('report.intake.answerPlaceholder')} data-testid="track-answer" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={answer.isPending} data-testid="track-send">
                  {t('report.intake.send')}
                </Button>
              </Form>
            )}
          </section>
        </>
      )}
      <footer className="public-report-links">
        <Link to="/public/report">{t('report.intake.goReport')}</Link>
      </footer>
    </PublicReportFrame>
  );
}
