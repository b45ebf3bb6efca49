import { SafetyCertificateOutlined } from '@ant-design/icons';
import { type EndpointOutput, api } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery, call } from '../../shared/api';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { type ListColumn, PagedTable, usePhone } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { UserPicker } from '../../shared/UserPicker';

type Entry = api.AuditEntry;
type FieldChange = Entry['changes'][number];

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));
/** A changed value on one line: text as it is, anything else as JSON. */
const inline = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** What an audited change did: the fields it changed, before → after, then both snapshots in full. */
function Change({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {entry.changes.length > 0 && (
        <Table<FieldChange>
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={entry.changes}
          data-testid="audit-changes"
          columns={[
            { title: t('audit.field'), dataIndex: 'field', width: 160 },
            {
              title: t('audit.before'),
              dataIndex: 'before',
              render: (v: unknown) => <Typography.Text delete>{inline(v)}</Typography.Text>,
            },
            { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <Typography.Text strong>{inline(v)}</Typography.Text> },
          ]}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('audit.beforeSnapshot')}</Typography.Text>
          <pre className="json-block">{json(entry.before) || '—'}</pre>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('audit.afterSnapshot')}</Typography.Text>
          <pre className="json-block">{json(entry.after) || '—'}</pre>
        </Col>
      </Row>
    </Space>
  );
}

type Verification = EndpointOutput<typeof api.verifyAudit>;

/** The outcome of 校验审计链: the server recomputed the hash chain; a break names its first row. */
function VerifyResult({ result, onClose }: { result: Verification; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="audit-verify-result"
      className="form-alert"
      type={result.ok ? 'success' : 'error'}
      showIcon
      closable={{ onClose }}
      title={result.ok ? t('audit.verifyOk', { rows: result.rows }) : t('audit.verifyBroken', { id: result.firstBrokenId ?? '?' })}
      description={result.ok ? undefined : result.reason}
    />
  );
}

/**
 * 审计日志: the append-only, hash-chained log of every change, newest first, as sentences people
 * read ("张三（应急管理局）退回 责任单位任务 第42项任务 新筑街办：理由…"), filtered by person, org,
 * module, action and time (kept in the address), and exported as the server builds it.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const can = useCan();
  const list = usePagedList(api.listAudit);
  const filters = list.query;
  const filter = list.setFilters;
  const showError = useShowError();
  const verify = useMutation({ mutationFn: () => call(api.verifyAudit), onError: (e) => showError(e) });
  const labels = useApiQuery(api.auditLabels).data;
  const phone = usePhone();

  const moduleOptions = useMemo(() => (labels?.modules ?? []).map((m) => ({ value: m.key, label: bi(m.label) })), [labels, bi]);
  // Within a module, only its actions; each shows its label and, for the curious, its code.
  const actionOptions = useMemo(
    () =>
      (labels?.actions ?? [])
        .filter((a) => !filters.module || a.module === filters.module)
        .map((a) => ({ value: a.key, label: bi(a.label), searchText: `${bi(a.label)} ${a.key}` })),
    [labels, filters.module, bi],
  );

  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    filter({ from: range?.[0]?.toISOString() ?? undefined, to: range?.[1]?.toISOString() ?? undefined });

  const columns: ListColumn<Entry>[] = [
    { title: t('audit.at'), dataIndex: 'at', render: time, width: 170, priority: true },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 170,
      render: (_: string, e) => (
        <Space orientation="vertical" size={0}>
          <span>{e.actorName}</span>
          {e.actorOrgName && <Typography.Text style={{ fontSize: 12 }}>{e.actorOrgName}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('audit.what'),
      key: 'sentence',
      priority: true,
      // Wide enough for a sentence with its reason, wrapped rather than pushing the object off screen.
      width: phone ? 260 : 440,
      render: (_: unknown, e) => <span data-testid="audit-sentence">{bi(e.sentence)}</span>,
    },
    {
      title: t('audit.object'),
      dataIndex: 'entityType',
      width: 150,
      render: (_: string, e) =>
        e.link ? (
          <Link to={e.link} data-testid="audit-object-link">
            {bi(e.entityLabel)}
          </Link>
        ) : (
          bi(e.entityLabel)
        ),
    },
    { title: t('audit.action'), dataIndex: 'action', width: 140, responsive: ['lg'], render: (_: string, e) => bi(e.actionLabel) },
    { title: t('audit.ip'), dataIndex: 'ip', responsive: ['xl'], width: 130 },
  ];

  const { page: _page, pageSize: _pageSize, ...exportQuery } = filters;

  return (
    <>
      <PageHeader
        title={t('audit.menu')}
        extra={
          <>
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
            <DownloadButton
              path={`${api.auditXlsx.path}${buildQuery(exportQuery)}`}
              fileName={`${t('audit.exportName')}.xlsx`}
              testId="audit-export"
            >
              {t('audit.export')}
            </DownloadButton>
          </>
        }
      />
      {verify.data && <VerifyResult result={verify.data} onClose={() => verify.reset()} />}
      <Card size="small">
        <FilterBar>
          {can('user.read') && (
            <div style={{ width: 200 }}>
              <UserPicker placeholder={t('audit.actor')} value={filters.actorId} onChange={(actorId) => filter({ actorId })} />
            </div>
          )}
          {can('org.read') && (
            <div style={{ width: 220 }}>
              <OrgTreeSelect
                placeholder={t('audit.org')}
                allowClear
                value={filters.orgId}
                onChange={(orgId) => filter({ orgId })}
                data-testid="audit-org-filter"
              />
            </div>
          )}
          <Select
            aria-label={t('audit.module')}
            placeholder={t('audit.module')}
            allowClear
            options={moduleOptions}
            value={filters.module}
            onChange={(module?: string) => filter({ module, action: undefined })}
            style={{ width: 140 }}
            data-testid="audit-module-filter"
          />
          <Select
            aria-label={t('audit.action')}
            placeholder={t('audit.action')}
            allowClear
            showSearch={{ optionFilterProp: 'searchText' }}
            options={actionOptions}
            value={filters.action}
            onChange={(action?: string) => filter({ action })}
            popupMatchSelectWidth={false}
            style={{ width: 200 }}
            data-testid="audit-action-filter"
          />
          <DatePicker.RangePicker
            aria-label={t('audit.range')}
            showTime
            value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
            onChange={(range) => onRange(range)}
          />
        </FilterBar>
        <PagedTable<Entry>
          list={list}
          columns={columns}
          expandable={{
            expandedRowRender: (entry) => <Change entry={entry} />,
            rowExpandable: (entry) => entry.before != null || entry.after != null,
          }}
          scroll={{ x: 'max-content' }}
          testId="audit-table"
        />
      </Card>
    </>
  );
}
