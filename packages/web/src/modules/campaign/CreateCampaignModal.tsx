import { api, campaign } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Collapse, Form, Input, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type BodyOf, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { invalidatePaths } from '../../shared/query';
import { campaignPathPrefix } from './data';

type Values = { title: string; planningYear?: number | null; shiftYears?: number | null };
const fields = api.campaign.createCampaign.body.shape;

/** Org code in the plan → org id now, for the units whose org is not the one of the same code (or has none). */
type Mapping = Record<string, string>;

/**
 * 责任单位对应: each unit of the plan beside the org of today's tree its parts go to — the org of the same code unless
 * another is chosen. Opens by itself when a unit has no org of its code (creation would be refused without one).
 */
function UnitMapping({ mapping, onChange }: { mapping: Mapping; onChange: (mapping: Mapping) => void }) {
  const { t } = useTranslation();
  const { orgs, isPending } = useOrgs();
  const byCode = useMemo(() => new Map(orgs.map((o) => [o.code, o.id])), [orgs]);
  const units = useMemo(() => campaign.planUnits(), []);
  const missing = isPending ? 0 : units.filter((u) => !byCode.has(u.code) && !mapping[u.code]).length;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (missing > 0) setOpen(true);
  }, [missing]);
  const summary = t('campaign.unitMappingSummary', { total: units.length, matched: units.length - missing, missing });
  return (
    <Collapse
      activeKey={open ? ['units'] : []}
      onChange={(keys) => setOpen(keys.length > 0)}
      data-testid="campaign-unit-mapping"
      items={[
        {
          key: 'units',
          label: (
            <span>
              {t('campaign.unitMapping')}
              {!isPending && (
                <>
                  {' · '}
                  <Typography.Text type={missing > 0 ? 'danger' : 'secondary'}>{summary}</Typography.Text>
                </>
              )}
            </span>
          ),
          children: (
            <>
              <Typography.Paragraph type="secondary">{t('campaign.unitMappingHelp')}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                scroll={{ y: 320 }}
                loading={isPending}
                dataSource={units}
                columns={[
                  { title: t('campaign.unitPlan'), dataIndex: 'name', width: '45%' },
                  {
                    title: t('campaign.unitNow'),
                    render: (_: unknown, unit: campaign.PlanUnit) => {
                      const chosen = mapping[unit.code];
                      const sameCode = byCode.get(unit.code);
                      return (
                        <div data-testid="campaign-unit-row" data-code={unit.code}>
                          <OrgTreeSelect
                            value={chosen ?? sameCode ?? null}
                            placeholder={t('campaign.unitChoose')}
                            aria-label={`${unit.name}：${t('campaign.unitNow')}`}
                            onChange={(orgId) => {
                              const { [unit.code]: _dropped, ...rest } = mapping;
                              onChange(orgId && orgId !== sameCode ? { ...rest, [unit.code]: orgId } : rest);
                            }}
                          />
                          {!chosen && !sameCode && !isPending && <Tag color="error">{t('campaign.unitMissing')}</Tag>}
                          {chosen && sameCode && <Tag color="processing">{t('campaign.unitChanged')}</Tag>}
                        </div>
                      );
                    },
                  },
                ]}
              />
            </>
          ),
        },
      ]}
    />
  );
}

/**
 * 新建创建工作: a campaign from the plan of 西港安城创〔2020〕1号. A campaign started later moves every
 * date of the plan by whole years (三年后复评: 3); units renamed or merged since are mapped to today's orgs.
 */
export function CreateCampaignModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const [mapping, setMapping] = useState<Mapping>({});

  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: BodyOf<typeof api.campaign.createCampaign> = {
        title: v.title,
        planningYear: v.planningYear ?? null,
        shiftYears: v.shiftYears ?? 0,
        orgMapping: mapping,
      };
      return call(api.campaign.createCampaign, { body });
    },
    onSuccess: async (created) => {
      message.success(t('campaign.created'));
      await invalidatePaths(client, campaignPathPrefix);
      onClose();
      navigate(`/campaign/${created.id}`);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('campaign.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ shiftYears: 0 }} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="title"
          label={t('campaign.title')}
          rules={[{ required: true, message: t('campaign.titleRequired') }, zodRule(fields.title)]}
        >
          <Input maxLength={200} placeholder={t('campaign.titlePlaceholder')} data-testid="campaign-title" />
        </Form.Item>
        <Form.Item name="planningYear" label={t('campaign.planningYear')} extra={t('campaign.planningYearHelp')}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="campaign-planning-year" />
        </Form.Item>
        <Form.Item name="shiftYears" label={t('campaign.shiftYears')} extra={t('campaign.shiftYearsHelp')}>
          <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid="campaign-shift-years" />
        </Form.Item>
        <UnitMapping mapping={mapping} onChange={setMapping} />
      </Form>
    </Modal>
  );
}
