import { PlusOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { Button, Grid, Select, Tabs, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { CreateCampaignModal } from './CreateCampaignModal';
import type { Campaign } from './data';

export const campaignTabs = ['overview', 'tasks', 'schedule', 'supervisions', 'assessment', 'scoring'] as const;
export type CampaignTab = (typeof campaignTabs)[number];

const tabPath = (id: string, tab: CampaignTab): string => (tab === 'overview' ? `/campaign/${id}` : `/campaign/${id}/${tab}`);

/**
 * The head of every campaign page: which campaign (switchable when there are several), 新建 for
 * 安委办, and the tabs 概览 / 任务台账 / 日程安排 / 督办通报 / 考核排名 / 自评打分.
 */
export function CampaignNav({ campaign, active, extra }: { campaign: Campaign | undefined; active: CampaignTab; extra?: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  // useBreakpoint is empty on the first render; assume a wide screen until it answers.
  const phone = Grid.useBreakpoint().md === false;
  const [creating, setCreating] = useState(false);
  const { data: list } = useApiQuery(api.campaign.listCampaigns, { query: { pageSize: 200 } });
  const campaigns = list?.items ?? [];

  const title =
    campaign && campaigns.length > 1 ? (
      <Select
        value={campaign.id}
        variant="borderless"
        className="campaign-switch"
        popupMatchSelectWidth={false}
        options={campaigns.map((c) => ({ value: c.id, label: c.title }))}
        onChange={(id: string) => navigate(tabPath(id, active))}
        data-testid="campaign-switch"
      />
    ) : (
      (campaign?.title ?? t('campaign.menu'))
    );

  return (
    <>
      <PageHeader
        title={
          <span className="campaign-title">
            {title}
            {campaign && (
              <Typography.Text type="secondary" className="campaign-docno">
                {campaign.documentNo}
              </Typography.Text>
            )}
          </span>
        }
        extra={
          <>
            {extra}
            {can('campaign.manage') && (
              <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
                {t('campaign.create')}
              </Button>
            )}
          </>
        }
      />
      {campaign && phone && (
        // Six tabs overflow a phone, and antd's overflow button inside the tab list breaks its ARIA
        // structure (a tablist holds tabs only): a phone picks the section from a list instead.
        <Select
          className="campaign-tabs-select"
          aria-label={t('campaign.sectionPicker')}
          value={active}
          onChange={(key: CampaignTab) => navigate(tabPath(campaign.id, key))}
          options={campaignTabs.map((key) => ({ value: key, label: t(`campaign.tabs.${key}`) }))}
          data-testid="campaign-section-picker"
        />
      )}
      {campaign && !phone && (
        <Tabs
          className="campaign-tabs"
          activeKey={active}
          onChange={(key) => navigate(tabPath(campaign.id, key as CampaignTab))}
          items={campaignTabs.map((key) => ({ key, label: t(`campaign.tabs.${key}`) }))}
        />
      )}
      {creating && <CreateCampaignModal onClose={() => setCreating(false)} />}
    </>
  );
}
