import { SafetyCertificateOutlined } from '@ant-design/icons';
import { type EndpointOutput, api } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Input, Row, type TableColumnsType, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { UserPicker } from '../../shared/UserPicker';

type Entry = api.AuditEntry;

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));

/** The before and after snapshots of one audited change. */
function Change({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
        <pre className="json-block">{json(entry.before) || '—'}</pre>
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
        <pre className="json-block">{json(entry.after) || '—'}</pre>
      </Col>
    </Row>
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

/** 审计日志: the append-only, hash-chained log of every change, newest first. */
export default function AuditPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const can = useCan();
  const list = usePagedList(api.listAudit);
  const filters = list.query;
  const filter = list.setFilters;
  const showError = useShowError();
  const verify = useMutation({ mutationFn: () => call(api.verifyAudit), onError: (e) => showError(e) });

  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    filter({ from: range?.[0]?.toISOString() ?? undefined, to: range?.[1]?.toISOString() ?? undefined });

  const columns: TableColumnsType<Entry> = [
    { title: t('audit.at'), dataIndex: 'at', render: time, width: 180 },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 120 },
    { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
    { title: t('audit.entityType'), dataIndex: 'entityType', width: 120 },
    { title: t('audit.entityId'), dataIndex: 'entityId', responsive: ['lg'], ellipsis: true },
    { title: t('audit.ip'), dataIndex: 'ip', responsive: ['xl'], width: 130 },
  ];

  const onExport = async () => {
    const rows = await list.fetchAll();
    await exportXlsx(
      `${t('audit.exportName')}_${dateStamp()}`,
      t('audit.menu'),
      [
        { header: t('audit.at'), value: (e: Entry) => time(e.at), width: 22 },
        { header: t('audit.actor'), value: (e) => e.actorName, width: 14 },
        { header: t('audit.ip'), value: (e) => e.ip },
        { header: t('audit.action'), value: (e) => e.action, width: 24 },
        { header: t('audit.entityType'), value: (e) => e.entityType },
        { header: t('audit.entityId'), value: (e) => e.entityId, width: 38 },
        { header: t('audit.before'), value: (e) => JSON.stringify(e.before ?? null), width: 50 },
        { header: t('audit.after'), value: (e) => JSON.stringify(e.after ?? null), width: 50 },
        { header: t('audit.hash'), value: (e) => e.hash, width: 66 },
      ],
      rows,
    );
  };

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
            <ExportButton onExport={onExport} />
          </>
        }
      />
      {verify.data && <VerifyResult result={verify.data} onClose={() => verify.reset()} />}
      <Card size="small">
        <FilterBar>
          <Input.Search
            key={`entityType-${filters.entityType ?? ''}`}
            placeholder={t('audit.entityType')}
            allowClear
            defaultValue={filters.entityType}
            onSearch={(v) => filter({ entityType: v.trim() || undefined })}
            style={{ width: 180 }}
          />
          <Input.Search
            key={`action-${filters.action ?? ''}`}
            placeholder={t('audit.actionPlaceholder')}
            allowClear
            defaultValue={filters.action}
            onSearch={(v) => filter({ action: v.trim() || undefined })}
            style={{ width: 230 }}
          />
          {can('user.read') && (
            <div style={{ width: 220 }}>
              <UserPicker placeholder={t('audit.actor')} value={filters.actorId} onChange={(actorId) => filter({ actorId })} />
            </div>
          )}
          <DatePicker.RangePicker
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
