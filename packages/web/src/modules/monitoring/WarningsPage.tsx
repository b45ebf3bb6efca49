import { CloudDownloadOutlined, GlobalOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { FileImportButton } from '../../shared/files/AttachmentUpload';
import { postFile } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useFeedImport } from './SettingsPage';
import { WarningLevelTag, WarningStatusTag, useWarningText } from './warningLabels';

type Row = api.monitoringWarnings.Warning;

/**
 * 预警发布: the warnings, newest first (drafts only for those who draft or approve), with drafting and the import of a
 * CAP 1.2 message (e.g. the meteorological service's) as a draft for relay.
 */
export default function WarningsPage() {
  const w = useWarningText();
  const bi = useBi();
  const can = useCan();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const list = usePagedList(api.monitoringWarnings.listWarnings);
  const importCap = useMutation({
    mutationFn: async (file: File) => api.monitoringWarnings.warning.parse(await postFile(api.monitoringWarnings.importWarning.path, file)),
    onSuccess: async (draft) => {
      message.success(w('imported'));
      await invalidatePaths(client, '/api/warnings');
      navigate(`/monitoring/warnings/${draft.id}`);
    },
    onError: (e) => showError(e),
  });

  const feeds = useApiQuery(api.monitoringWarnings.listCapFeeds, undefined, { enabled: can('monitoring.warn') });
  const importFeed = useFeedImport((id) => void navigate(`/monitoring/warnings/${id}`));
  const { t } = useTranslation();

  const columns: ListColumn<
    Pick<Row, 'id' | 'headline' | 'level' | 'status' | 'type' | 'areaDesc' | 'expires' | 'version' | 'publishedAt' | 'createdAt'>
  >[] = [
    {
      title: w('headline'),
      dataIndex: 'headline',
      width: 260,
      priority: true,
      render: (headline: string, r) => (
        <Link to={`/monitoring/warnings/${r.id}`} data-testid="warning-open">
          {headline}
        </Link>
      ),
    },
    {
      title: w('level'),
      dataIndex: 'level',
      key: 'level',
      width: 140,
      sorter: true,
      priority: true,
      render: (l: monitoring.WarningLevel) => <WarningLevelTag level={l} />,
    },
    { title: w('status'), dataIndex: 'status', width: 100, render: (s: monitoring.WarningStatus) => <WarningStatusTag status={s} /> },
    {
      title: w('type'),
      dataIndex: 'type',
      width: 120,
      responsive: ['lg'],
      render: (c: monitoring.WarningTypeCode) => bi(monitoring.warningTypes[c].label),
    },
    { title: w('areaDesc'), dataIndex: 'areaDesc', width: 160, responsive: ['xl'] },
    { title: w('expires'), dataIndex: 'expires', key: 'expires', width: 150, sorter: true, render: (at: string) => time(at) },
    {
      title: w('publishedAt'),
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      width: 150,
      sorter: true,
      responsive: ['lg'],
      render: (at: string | null) => time(at),
    },
  ];

  return (
    <>
      <PageHeader
        title={w('title')}
        extra={
          <>
            {can('monitoring.warn') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/monitoring/warnings/new')} data-testid="warning-new">
                {w('add')}
              </Button>
            )}
            {can('monitoring.warn') && (
              <FileImportButton
                accept=".xml,.cap"
                busy={importCap.isPending}
                onFile={(f) => importCap.mutate(f)}
                icon={<ImportOutlined />}
                testId="warning-import"
              >
                {w('import')}
              </FileImportButton>
            )}
            {can('monitoring.warn') && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: feeds.data?.length
                    ? feeds.data.map((f) => ({ key: f.id, label: f.name, onClick: () => importFeed.mutate(f) }))
                    : [{ key: 'none', label: t('monitoring.settings.noFeeds'), disabled: true }],
                }}
              >
                <Button icon={<CloudDownloadOutlined />} loading={importFeed.isPending} data-testid="warning-import-feed">
                  {t('monitoring.settings.importFromFeed')}
                </Button>
              </Dropdown>
            )}
            <Button icon={<GlobalOutlined />} href="/public/warnings" target="_blank">
              {w('publicPage')}
            </Button>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={w('search')} testId="warning-search" />
          <Select
            aria-label={w('level')}
            placeholder={w('level')}
            allowClear
            value={list.query.level}
            onChange={(level?: monitoring.WarningLevel) => list.setFilters({ level })}
            options={monitoring.warningLevels.map((l) => ({ value: l, label: bi(monitoring.warningLevelLabels[l]) }))}
            style={{ width: 160 }}
          />
          <Select
            aria-label={w('status')}
            placeholder={w('status')}
            allowClear
            value={list.query.status}
            onChange={(status?: monitoring.WarningStatus) => list.setFilters({ status })}
            options={monitoring.warningStatuses.map((s) => ({ value: s, label: bi(monitoring.warningWorkflow.states[s].label) }))}
            style={{ width: 130 }}
          />
          <Select
            aria-label={w('type')}
            placeholder={w('type')}
            allowClear
            value={list.query.type}
            onChange={(type?: monitoring.WarningTypeCode) => list.setFilters({ type })}
            options={monitoring.warningTypeCodes.map((c) => ({ value: c, label: bi(monitoring.warningTypes[c].label) }))}
            style={{ width: 140 }}
          />
        </FilterBar>
        <PagedTable list={list} columns={columns} scroll={{ x: 900 }} testId="warning-table" />
      </Card>
    </>
  );
}
