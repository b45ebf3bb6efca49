import { api, type EndpointOutput } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Modal, Radio, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildPath, call } from '../../shared/api';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { campaignPathPrefix } from './data';

type Bulletin = EndpointOutput<typeof api.campaign.listBulletins>['items'][number];
type Kind = 'month' | 'quarter' | 'custom';
interface Values {
  kind: Kind;
  month?: Dayjs;
  quarter?: Dayjs;
  range?: [Dayjs, Dayjs];
}

/** The body of `issueBulletin` for what was picked: a month, the quarter of a picked quarter, or two dates. */
function periodOf(v: Values) {
  if (v.kind === 'month') return { kind: 'month' as const, month: v.month!.format('YYYY-MM') };
  if (v.kind === 'quarter') return { kind: 'quarter' as const, quarter: `${v.quarter!.year()}-Q${Math.floor(v.quarter!.month() / 3) + 1}` };
  return { kind: 'custom' as const, from: v.range![0].format('YYYY-MM-DD'), to: v.range![1].format('YYYY-MM-DD') };
}

/**
 * 工作通报 of a campaign (安委办 only): issue one about a month, a quarter or chosen dates — it takes the office's next
 * number, 第N期 of the year — and download any issued one as a Word document.
 */
export function BulletinsCard({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'month';
  const list = useApiQuery(api.campaign.listBulletins, { params: { id: campaignId }, query: { pageSize: 50 } });
  const issue = useMutation({
    mutationFn: (v: Values) => call(api.campaign.issueBulletin, { params: { id: campaignId }, body: periodOf(v) }),
    onSuccess: async (b) => {
      message.success(t('campaign.bulletins.issued', { issueNo: b.issueNo }));
      await invalidatePaths(client, campaignPathPrefix, '/api/campaign-bulletins');
      setOpen(false);
    },
    onError: (error) => showError(error, form),
  });
  const required = [{ required: true, message: t('campaign.bulletins.periodRequired') }];

  return (
    <Card
      size="small"
      title={t('campaign.bulletins.title')}
      extra={
        <Button type="primary" onClick={() => setOpen(true)} data-testid="bulletin-issue">
          {t('campaign.bulletins.issue')}
        </Button>
      }
      style={{ marginBottom: 16 }}
    >
      <Table<Bulletin>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('campaign.bulletins.empty') }}
        columns={[
          { title: t('campaign.bulletins.issueNo'), dataIndex: 'issueNo', width: 140 },
          { title: t('campaign.bulletins.period'), dataIndex: 'periodText' },
          { title: t('campaign.supervision.issuedBy'), dataIndex: 'issuedBy', width: 120 },
          { title: t('campaign.supervision.issuedAt'), dataIndex: 'issuedAt', width: 180, render: (at: string) => time(at) },
          {
            title: t('common.actions'),
            width: 120,
            render: (_: unknown, b) => (
              <DownloadButton
                type="link"
                path={buildPath(api.campaign.issuedBulletinDocx.path, { id: b.id })}
                fileName={`${t('campaign.supervision.bulletinName')}${b.issueNo}.docx`}
                testId="bulletin-download"
              >
                {t('campaign.bulletins.download')}
              </DownloadButton>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('campaign.bulletins.issueTitle')}
        okText={t('campaign.bulletins.issue')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={issue.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'month' }} onFinish={(v) => issue.mutate(v)}>
          <Form.Item name="kind" label={t('campaign.bulletins.periodKind')}>
            <Radio.Group
              optionType="button"
              options={(['month', 'quarter', 'custom'] as const).map((k) => ({ value: k, label: t(`campaign.bulletins.kinds.${k}`) }))}
              data-testid="bulletin-kind"
            />
          </Form.Item>
          {kind === 'month' && (
            <Form.Item name="month" label={t('campaign.bulletins.period')} rules={required}>
              <DatePicker picker="month" style={{ width: '100%' }} data-testid="bulletin-month" />
            </Form.Item>
          )}
          {kind === 'quarter' && (
            <Form.Item name="quarter" label={t('campaign.bulletins.period')} rules={required}>
              <DatePicker picker="quarter" style={{ width: '100%' }} data-testid="bulletin-quarter" />
            </Form.Item>
          )}
          {kind === 'custom' && (
            <Form.Item name="range" label={t('campaign.bulletins.period')} rules={required}>
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="bulletin-range" />
            </Form.Item>
          )}
          <p className="ant-form-item-extra">{t('campaign.bulletins.hint')}</p>
        </Form>
      </Modal>
    </Card>
  );
}
