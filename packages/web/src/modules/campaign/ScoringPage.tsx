import { FileExcelOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { buildPath, buildQuery, call, isApiError } from '../../shared/api';
import { FileImportButton } from '../../shared/files/AttachmentUpload';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useShowError } from '../../shared/forms';
import { usePagedList } from '../../shared/list/usePagedList';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { CampaignNav } from './CampaignNav';
import { campaignPathPrefix } from './data';
import { FindingModal } from './FindingModal';
import type { ScoringItem } from './scoring';
import { ScoringFindings } from './ScoringFindings';
import { ScoringImportErrors } from './ScoringImportErrors';
import { LinkTasksModal, ScoringItemModal } from './ScoringItemModal';
import { ScoringTotals } from './ScoringTotals';
import { ScoringTree, type ScoringTreeActions } from './ScoringTree';
import { useScoringImport } from './useScoringImport';

/** The page's dialogs: recording a finding, adding (under `parent`) or editing an item, linking tasks. */
type Dialog =
  { kind: 'finding'; itemId?: string } | { kind: 'item'; parent?: ScoringItem; item?: ScoringItem } | { kind: 'link'; item: ScoringItem };

/**
 * 自评打分: the scoring tree of the national evaluation with each item's points and score, how far
 * its values are verified (V/P/U, with the 依据 on hover), the tasks and evidence that serve it, and
 * the findings that deduct; the tree travels as xlsx both ways.
 */
export default function ScoringPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });
  const { data, error, isPending } = useApiQuery(api.campaignScoring.getScoring, { params: { id } });
  const findings = usePagedList(api.campaignScoring.listFindings, { params: { id }, pageSize: 10 });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const refresh = () => invalidatePaths(client, api.campaignScoring.getScoring.path);
  const imports = useScoringImport(id, refresh);
  const items = data?.items ?? [];

  const seed = useMutation({
    mutationFn: () => call(api.campaignScoring.seedScoring, { params: { id } }),
    onSuccess: async () => {
      message.success(t('campaign.scoring.seeded'));
      await refresh();
    },
    onError: (e) => showError(e),
  });
  const remove = useMutation({
    mutationFn: (item: ScoringItem) => call(api.campaignScoring.deleteScoringItem, { params: { id: item.id } }),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await refresh();
    },
    // A refusal (409: it has lower items or findings) says why.
    onError: (e) => showError(e),
  });

  if (isApiError(error, 'NOT_FOUND') || isApiError(campaign.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const can = (action: api.campaignScoring.Scoring['allowedActions'][number]) => data?.allowedActions.includes(action) ?? false;
  const on: ScoringTreeActions = {
    addFinding: (item) => setDialog({ kind: 'finding', itemId: item.id }),
    addChild: (parent) => setDialog({ kind: 'item', parent }),
    edit: (item) => setDialog({ kind: 'item', item }),
    linkTasks: (item) => setDialog({ kind: 'link', item }),
    remove: (item) => remove.mutateAsync(item),
    showFindings: (item) => findings.setFilters({ itemId: item.id }),
    evidenceHref: (item) => buildPath(api.campaign.evidenceZip.path, { id }) + buildQuery({ itemId: item.id }),
  };
  const done = (paths: string) => {
    setDialog(null);
    void invalidatePaths(client, paths);
  };

  return (
    <>
      <CampaignNav
        campaign={campaign.data}
        active="scoring"
        extra={
          <>
            {can('seed') && (
              <Button type="primary" loading={seed.isPending} onClick={() => seed.mutate()} data-testid="scoring-seed">
                {t('campaign.scoring.seed')}
              </Button>
            )}
            {can('import') && (
              <FileImportButton
                accept=".xlsx"
                busy={imports.importing}
                onFile={(file) => void imports.importFile(file)}
                icon={<ImportOutlined />}
                testId="scoring-import"
              >
                {t('campaign.scoring.import')}
              </FileImportButton>
            )}
            {items.length > 0 && (
              <DownloadButton
                icon={<FileExcelOutlined />}
                path={buildPath(api.campaignScoring.scoringXlsx.path, { id })}
                fileName={`${t('campaign.scoring.exportName')}.xlsx`}
                testId="scoring-export"
              >
                {t('campaign.scoring.export')}
              </DownloadButton>
            )}
            {can('createFinding') && items.length > 0 && (
              <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'finding' })} data-testid="finding-add">
                {t('campaign.scoring.addFinding')}
              </Button>
            )}
          </>
        }
      />
      {imports.errors.length > 0 && <ScoringImportErrors fields={imports.errors} onClose={imports.clearErrors} />}
      {isPending || !data ? (
        <Spin size="large" className="page-spin" />
      ) : items.length === 0 ? (
        <Card>
          <Empty description={can('seed') ? t('campaign.scoring.emptyManage') : t('campaign.scoring.empty')} />
        </Card>
      ) : (
        <>
          <ScoringTotals scoring={data} />
          <ScoringTree items={items} canCreate={can('createItem')} on={on} />
          <ScoringFindings list={findings} items={items} onChanged={refresh} />
        </>
      )}
      {dialog?.kind === 'item' && (
        <ScoringItemModal
          campaignId={id}
          parent={dialog.parent}
          item={dialog.item}
          siblings={dialog.parent ? items.filter((i) => i.parentId === dialog.parent!.id) : []}
          onDone={() => done(api.campaignScoring.getScoring.path)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'link' && (
        <LinkTasksModal campaignId={id} item={dialog.item} onDone={() => done(campaignPathPrefix)} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'finding' && (
        <FindingModal
          campaignId={id}
          items={items}
          itemId={dialog.itemId}
          onDone={() => done(api.campaignScoring.getScoring.path)}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
