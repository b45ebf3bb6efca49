import { api, risk } from '@citysafe/domain';
import { FileWordOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Popconfirm, Space, Typography } from 'antd';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { buildPath, call } from '../../shared/api';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths } from '../../shared/query';

type WhitePaper = z.infer<typeof api.riskWhitePaper.whitePaper>;

/**
 * The four level counts of an edition, each after a swatch of its level's colour. The text stays in
 * the page's colour: no text colour reaches WCAG AA's 4.5:1 on the map's blue (#1677ff) at tag size.
 */
function LevelCounts({ byLevel }: { byLevel: WhitePaper['byLevel'] }) {
  const bi = useBi();
  return (
    <Space size={12} wrap>
      {risk.riskLevels.map((l) => (
        <span key={l} data-level={l}>
          <span
            aria-hidden
            style={{
              display: 'inline-block',
              width: 10,
              height: 10,
              borderRadius: 2,
              marginInlineEnd: 4,
              background: risk.riskLevelInfo[l].hex,
            }}
          />
          {bi(risk.riskLevelInfo[l].label)} {byLevel[l]}
        </span>
      ))}
    </Space>
  );
}

/**
 * 城市安全风险白皮书: the editions generated from the risk registry, each downloadable as issued; 安委办
 * (risk.manage) generates the next one over the sources it can see.
 */
export default function WhitePaperPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const list = usePagedList(api.riskWhitePaper.listWhitePapers, {});
  const manages = can('risk.manage');

  const generate = useMutation({
    mutationFn: () => call(api.riskWhitePaper.generateWhitePaper, { body: {} }),
    onSuccess: async (created) => {
      message.success(t('risk.whitePaper.generated', { title: created.title }));
      await invalidatePaths(client, api.riskWhitePaper.listWhitePapers.path);
    },
    onError: (error) => showError(error),
  });

  const changes = (w: WhitePaper) =>
    w.changes ? (
      t('risk.whitePaper.changeSummary', w.changes)
    ) : (
      <Typography.Text type="secondary">{t('risk.whitePaper.first')}</Typography.Text>
    );
  const download = (w: WhitePaper, primary = false) => (
    <DownloadButton
      type={primary ? 'primary' : undefined}
      icon={<FileWordOutlined />}
      path={buildPath(api.riskWhitePaper.whitePaperDocx.path, { id: w.id })}
      fileName={`${w.title}.docx`}
      testId="white-paper-download"
    >
      {t('risk.whitePaper.download')}
    </DownloadButton>
  );

  const columns: ListColumn<WhitePaper>[] = [
    { title: t('risk.whitePaper.edition'), dataIndex: 'title', width: 300, priority: true },
    { title: t('risk.whitePaper.generatedAt'), dataIndex: 'generatedAt', width: 170, render: time, responsive: ['md'] },
    { title: t('risk.whitePaper.generatedBy'), dataIndex: 'generatedByName', width: 110, responsive: ['lg'] },
    { title: t('risk.whitePaper.total'), dataIndex: 'total', width: 100, align: 'right' },
    {
      title: t('risk.whitePaper.levels'),
      dataIndex: 'byLevel',
      width: 300,
      responsive: ['lg'],
      render: (byLevel: WhitePaper['byLevel']) => <LevelCounts byLevel={byLevel} />,
    },
    { title: t('risk.whitePaper.changes'), dataIndex: 'changes', width: 220, responsive: ['md'], render: (_: unknown, w) => changes(w) },
    { title: '', key: 'download', width: 140, priority: true, render: (_: unknown, w) => download(w) },
  ];

  // The newest edition first when the list is in its natural order.
  const latest = !list.query.sort && list.query.page === 1 ? (list.items?.[0] as WhitePaper | undefined) : undefined;

  return (
    <>
      <PageHeader
        title={t('risk.whitePaper.title')}
        extra={
          manages && (
            <Popconfirm
              title={t('risk.whitePaper.generateConfirm')}
              okText={t('risk.whitePaper.generateOk')}
              cancelText={t('common.cancel')}
              onConfirm={() => generate.mutate()}
            >
              <Button type="primary" loading={generate.isPending} data-testid="white-paper-generate">
                {t('risk.whitePaper.generate')}
              </Button>
            </Popconfirm>
          )
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('risk.whitePaper.intro')} {manages && t('risk.whitePaper.introManage')}
        </Typography.Paragraph>
        {latest && (
          <Card size="small" title={t('risk.whitePaper.latest')} extra={download(latest, true)} data-testid="white-paper-latest">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('risk.whitePaper.edition')}>{latest.title}</Descriptions.Item>
              <Descriptions.Item label={t('risk.whitePaper.generatedAt')}>{time(latest.generatedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('risk.whitePaper.total')}>{latest.total}</Descriptions.Item>
              <Descriptions.Item label={t('risk.whitePaper.changes')}>{changes(latest)}</Descriptions.Item>
              <Descriptions.Item label={t('risk.whitePaper.levels')} span={2}>
                <LevelCounts byLevel={latest.byLevel} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}
        <Card size="small">
          <PagedTable<WhitePaper>
            list={list}
            columns={columns}
            locale={{ emptyText: <Typography.Text type="secondary">{t('risk.whitePaper.empty')}</Typography.Text> }}
            testId="white-paper-table"
          />
        </Card>
      </Space>
    </>
  );
}
