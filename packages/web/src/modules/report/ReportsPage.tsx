import { FileExcelOutlined } from '@ant-design/icons';
import { api, report } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery, call } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { invalidatePaths } from '../../shared/query';
import { ReportStatusTag } from './ReportStatusTag';

type Item = api.reportHandling.ReportItem;
type Bulk = 'accept' | 'assign' | 'merge' | 'refuse';
const bulkLabels = { accept: 'bulkAccept', assign: 'bulkAssign', merge: 'bulkMerge', refuse: 'bulkRefuse' } as const;

/**
 * 举报办理台账: the reports in the caller's reach, filtered by status, category, street and overdue, searched and
 * sorted on the server; triaged in bulk (accept, assign, merge duplicates into one, refuse with a §10 ground); the
 * xlsx export streams the same filters. Never the reporter: the list has no identity to show.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const time = useFormatTime();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const list = usePagedList(api.reportHandling.listReports);
  const filters = list.query;
  const { orgs } = useOrgs();
  const streets = orgs.filter((o) => o.type === 'street');
  const [selected, setSelected] = useState<Item[]>([]);
  const [bulk, setBulk] = useState<Bulk | null>(null);
  const [form] = Form.useForm();

  const run = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      call(api.reportHandling.bulkReports, { body: { action: bulk!, ids: selected.map((s) => s.id), ...values } as never }),
    onSuccess: async ({ results }) => {
      const failed = results.filter((r) => r.status !== 200);
      const codeOf = (id: string) => selected.find((s) => s.id === id)?.code ?? id;
      const summary = t('report.handling.queue.bulkDone', { ok: results.length - failed.length, failed: failed.length });
      if (failed.length > 0)
        modal.warning({
          title: summary,
          content: (
            <ul data-testid="report-bulk-failed">
              {failed.map((f) => (
                <li key={f.id}>{t('report.handling.queue.bulkFailed', { code: codeOf(f.id), message: bi(f.error!.message) })}</li>
              ))}
            </ul>
          ),
        });
      else message.success(summary);
      setBulk(null);
      setSelected([]);
      form.resetFields();
      await invalidatePaths(client, '/api/reports', '/api/inbox');
    },
    onError: (error) => showError(error, form),
  });

  const columns: ListColumn<Item>[] = [
    {
      title: t('report.handling.queue.code'),
      dataIndex: 'code',
      key: 'code',
      width: 150,
      priority: true,
      render: (code: string, r) => (
        <Link to={`/reports/${r.id}`} data-testid="report-open">
          {code}
        </Link>
      ),
    },
    { title: t('report.handling.queue.category'), key: 'category', width: 130, render: (_, r) => bi(r.categoryName) },
    {
      title: t('report.handling.queue.summary'),
      dataIndex: 'summary',
      width: 280,
      render: (summary: string, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text ellipsis style={{ maxWidth: 270 }}>
            {r.title ?? summary}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[r.placeName ?? r.address, r.reportedOrgName].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('report.handling.queue.status'),
      dataIndex: 'status',
      width: 150,
      priority: true,
      render: (status: report.ReportStatus, r) => (
        <Space size={4} wrap>
          <ReportStatusTag status={status} />
          {r.overdue && <Tag color="red">{t('report.handling.queue.overdue')}</Tag>}
          {r.extended && <Tag color="orange">{t('report.handling.queue.extended')}</Tag>}
        </Space>
      ),
    },
    { title: t('report.handling.queue.street'), key: 'street', width: 110, responsive: ['lg'], render: (_, r) => r.street?.name ?? '' },
    { title: t('report.handling.queue.unit'), key: 'unit', width: 130, render: (_, r) => r.assignedOrg?.name ?? '' },
    {
      title: t('report.handling.queue.receivedAt'),
      dataIndex: 'receivedAt',
      key: 'receivedAt',
      width: 150,
      render: (at: string, r) => (
        <>
          {time(at)}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.anonymous ? t('report.handling.queue.anonymous') : t('report.handling.queue.realName')}
            </Typography.Text>
          </div>
        </>
      ),
    },
    {
      title: t('report.handling.queue.dueAt'),
      dataIndex: 'dueAt',
      key: 'dueAt',
      width: 150,
      render: (_: string | null, r) => (
        <Typography.Text type={r.overdue ? 'danger' : undefined}>{time(r.status === 'received' ? r.acceptDueAt : r.dueAt)}</Typography.Text>
      ),
    },
  ];

  const { page: _page, pageSize: _size, ...exportQuery } = filters;
  const triage = can('report.handle');

  return (
    <>
      <PageHeader
        title={t('report.handling.queue.title')}
        extra={
          <DownloadButton
            icon={<FileExcelOutlined />}
            path={api.reportHandling.exportReports.path + buildQuery(exportQuery)}
            fileName={`${t('report.handling.queue.exportName')}_${dateStamp()}.xlsx`}
            testId="report-export"
          >
            {t('common.exportExcel')}
          </DownloadButton>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={t('report.handling.queue.search')} testId="report-search" />
          <Select
            aria-label={t('report.handling.queue.status')}
            placeholder={t('report.handling.queue.status')}
            allowClear
            value={filters.status}
            onChange={(status?: report.ReportStatus) => list.setFilters({ status })}
            options={report.reportStatuses.map((s) => ({ value: s, label: bi(report.reportWorkflow.states[s].label) }))}
            style={{ width: 130 }}
            data-testid="report-filter-status"
          />
          <Select
            aria-label={t('report.handling.queue.category')}
            placeholder={t('report.handling.queue.category')}
            allowClear
            value={filters.category}
            onChange={(category?: string) => list.setFilters({ category })}
            options={report.builtInReportCategories.map((c) => ({ value: c.code, label: bi(c.name) }))}
            style={{ width: 160 }}
            popupMatchSelectWidth={false}
          />
          {streets.length > 0 && (
            <Select
              aria-label={t('report.handling.queue.street')}
              placeholder={t('report.handling.queue.street')}
              allowClear
              value={filters.streetId}
              onChange={(streetId?: string) => list.setFilters({ streetId })}
              options={streets.map((s) => ({ value: s.id, label: s.shortName ?? s.name }))}
              style={{ width: 130 }}
            />
          )}
          <Checkbox
            checked={filters.overdue === 'true'}
            onChange={(e) => list.setFilters({ overdue: e.target.checked ? 'true' : undefined })}
            data-testid="report-filter-overdue"
          >
            {t('report.handling.queue.overdueOnly')}
          </Checkbox>
        </FilterBar>
        {triage && selected.length > 0 && (
          <Space wrap style={{ marginBottom: 12 }} data-testid="report-bulk">
            <Typography.Text>{t('report.handling.queue.selected', { count: selected.length })}</Typography.Text>
            <Button onClick={() => setBulk('accept')} data-testid="report-bulk-accept">
              {t('report.handling.queue.bulkAccept')}
            </Button>
            <Button type="primary" onClick={() => setBulk('assign')} data-testid="report-bulk-assign">
              {t('report.handling.queue.bulkAssign')}
            </Button>
            <Button onClick={() => setBulk('merge')} data-testid="report-bulk-merge">
              {t('report.handling.queue.bulkMerge')}
            </Button>
            <Button danger onClick={() => setBulk('refuse')} data-testid="report-bulk-refuse">
              {t('report.handling.queue.bulkRefuse')}
            </Button>
          </Space>
        )}
        <PagedTable<Item>
          list={list}
          columns={columns}
          testId="report-table"
          rowSelection={
            triage
              ? { selectedRowKeys: selected.map((s) => s.id), onChange: (_keys, rows) => setSelected(rows), preserveSelectedRowKeys: false }
              : undefined
          }
        />
      </Card>
      {bulk && (
        <Modal
          open
          title={t(`report.handling.queue.${bulkLabels[bulk]}`)}
          onOk={() => form.submit()}
          onCancel={() => setBulk(null)}
          confirmLoading={run.isPending}
          okText={t(`report.handling.queue.${bulkLabels[bulk]}`)}
          cancelText={t('common.cancel')}
        >
          <Typography.Paragraph>{selected.map((s) => s.code).join('、')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(values) => run.mutate(values)} data-testid="report-bulk-form">
            {bulk === 'assign' && (
              <Form.Item name="orgId" label={t('report.handling.action.orgId')} rules={[{ required: true }]}>
                <OrgTreeSelect data-testid="report-bulk-org" />
              </Form.Item>
            )}
            {bulk === 'merge' && (
              <Form.Item name="duplicateOf" label={t('report.handling.queue.mergeInto')} rules={[{ required: true }]}>
                <Select options={selected.map((s) => ({ value: s.id, label: s.code }))} />
              </Form.Item>
            )}
            {bulk === 'refuse' && (
              <>
                <Form.Item name="ground" label={t('report.handling.action.ground')} rules={[{ required: true }]}>
                  <Select options={report.refusalGrounds.map((g) => ({ value: g, label: bi(report.refusalGroundLabels[g]) }))} />
                </Form.Item>
                <Form.Item name="reason" label={t('report.handling.action.reason')} rules={[{ required: true, min: 2 }]}>
                  <Input.TextArea rows={3} maxLength={2000} />
                </Form.Item>
              </>
            )}
          </Form>
        </Modal>
      )}
    </>
  );
}
