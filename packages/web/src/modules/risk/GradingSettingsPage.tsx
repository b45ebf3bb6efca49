import { api, risk } from '@citysafe/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { FormRule } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCan } from '../../app/session';
import { ApiError, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { useFormatTime } from '../../shared/format';
import { PageHeader } from '../../shared/PageHeader';
import { SourceLevelTag } from './SourceLevelTag';
import './calculators.css';

type Method = 'lec' | 'ls';
type Mapping = risk.LevelMapping;
type Settings = z.infer<typeof api.risk.gradingSettings>;

/** The query the calculators read the rules in force from too: a save updates both pages. */
const settingsKey = ['risk.settings'];

/** The preset choice that means "the administrator's own numbers". */
const CUSTOM = 'custom';

/** The score each method grades: LEC's D, the LS matrix's R. */
const scoreName: Record<Method, string> = { lec: 'D', ls: 'R' };

/** 未核实 / 已核实: whether a mapping's source was checked against the official text. */
function VerifiedMark({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  if (verified) return <Tag data-testid="settings-verified">{t('risk.settings.verified')}</Tag>;
  return (
    <Tooltip title={t('risk.settings.unverifiedHint')}>
      <Tag color="orange" className="calc-unverified" data-testid="settings-unverified">
        {t('risk.settings.unverified')}
      </Tag>
    </Tooltip>
  );
}

/** The four bands of a mapping: each level in its colour and the scores it covers (a threshold opens its level). */
function BandsTable({ thresholds, score }: { thresholds: risk.LevelThresholds; score: string }) {
  const { t } = useTranslation();
  const { major, significant, general } = thresholds;
  const rows: { level: risk.RiskLevel; range: string }[] = [
    { level: 'major', range: `${score} ≥ ${major}` },
    { level: 'significant', range: `${significant} ≤ ${score} < ${major}` },
    { level: 'general', range: `${general} ≤ ${score} < ${significant}` },
    { level: 'low', range: `${score} < ${general}` },
  ];
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="level"
      dataSource={rows}
      columns={[
        { title: t('risk.settings.level'), key: 'level', render: (_, row) => <SourceLevelTag level={row.level} none="" /> },
        {
          title: t('risk.settings.colour'),
          key: 'colour',
          render: (_, row) => t(`risk.settings.colours.${risk.riskLevelInfo[row.level].color}`),
        },
        {
          title: t('risk.settings.range'),
          key: 'range',
          render: (_, row) => <span data-testid={`band-${row.level}`}>{row.range}</span>,
        },
      ]}
    />
  );
}

/** A mapping's 依据 with its verified mark. */
function SourceLine({ mapping }: { mapping: Pick<Mapping, 'source' | 'verified'> }) {
  const { t } = useTranslation();
  const bi = useBi();
  return (
    <div className="calc-source" data-testid="settings-source">
      <VerifiedMark verified={mapping.verified} />
      <Typography.Text type="secondary">
        {t('risk.settings.source')}：{bi(mapping.source)}
      </Typography.Text>
    </div>
  );
}

/** A preset as a mapping: its thresholds and source; verified only when the reference verified it. */
const fromPreset = (preset: risk.LsPreset): Mapping => ({
  thresholds: preset.thresholds,
  preset: preset.key,
  source: preset.source,
  verified: preset.confidence === 'V',
});

/** `a.b` → ['a', 'b'], the name path antd uses. */
const namePath = (field: string): string[] => field.split('.');

/**
 * The edit form of one method's mapping. Its rules mirror the domain schema (`levelMapping`): positive
 * thresholds, strictly decreasing, a source in both languages; the server's 400 lands on the same fields.
 */
function MappingForm({ method, initial, settings, onDone }: { method: Method; initial: Mapping; settings: Settings; onDone: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const zodRule = useZodRule();
  const showError = useShowError();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (mapping: Mapping) => call(api.risk.updateSettings, { body: { ...settings.grading, [method]: mapping } }),
    onSuccess: (answer) => {
      client.setQueryData(settingsKey, answer);
      // The calculators' LEC answers were graded by the old rules.
      void client.invalidateQueries({ queryKey: ['calc.lec'] });
      message.success(t('risk.settings.saved'));
      onDone();
    },
    onError: (error) => {
      // The server names fields of the whole body (`lec.thresholds.major`); the order rule names `lec.thresholds`.
      const mine = error instanceof ApiError ? error.fields.filter((f) => f.field.startsWith(`${method}.`)) : [];
      form.setFields(
        mine.map((f) => {
          const rest = f.field.slice(method.length + 1);
          return { name: namePath(rest === 'thresholds' ? 'thresholds.major' : rest), errors: [bi(f.message)] };
        }),
      );
      if (error instanceof ApiError && mine.length > 0 && mine.length === error.fields.length) return;
      showError(error);
    },
  });

  /** The domain's order rule on the threshold that breaks it: 重大 above 较大, 较大 above 一般. */
  const orderRule = (above: 'major' | 'significant'): FormRule => ({
    validator: async () => {
      const values = form.getFieldValue('thresholds') as Partial<risk.LevelThresholds>;
      const below = above === 'major' ? values.significant : values.general;
      const value = values[above];
      if (typeof value !== 'number' || typeof below !== 'number' || value > below) return;
      const issue = risk.levelThresholds.safeParse(values).error?.issues[0];
      throw new Error(bi(issue?.message ?? ''));
    },
  });
  const positive: FormRule = { type: 'number', min: Number.MIN_VALUE, message: t('risk.settings.positive') };
  const threshold = (key: keyof risk.LevelThresholds, rules: FormRule[] = [], dependencies: string[][] = []) => (
    <Form.Item
      name={['thresholds', key]}
      label={t(`risk.settings.${key}`)}
      rules={[{ required: true, message: t('risk.settings.required') }, positive, ...rules]}
      dependencies={dependencies}
    >
      <InputNumber min={0} step={1} style={{ width: 180 }} data-testid={`settings-${key}`} />
    </Form.Item>
  );
  const sourceText = risk.levelMapping.shape.source.shape.zh;

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ ...initial, preset: initial.preset ?? CUSTOM }}
      onValuesChange={(changed: Partial<Mapping>) => {
        // Numbers typed by hand are no longer the preset's.
        if (changed.thresholds) form.setFieldValue('preset', CUSTOM);
      }}
      onFinish={(values: Mapping) => {
        const { preset, ...rest } = values;
        save.mutate(preset && preset !== CUSTOM ? { ...rest, preset } : rest);
      }}
      data-testid={`settings-form-${method}`}
    >
      {method === 'ls' && (
        <Form.Item name="preset" label={t('risk.settings.preset')}>
          <Select
            data-testid="settings-preset"
            popupMatchSelectWidth={false}
            onChange={(key: string) => {
              const preset = risk.lsPresets.find((p) => p.key === key);
              if (preset) form.setFieldsValue({ ...fromPreset(preset) });
            }}
            options={[
              { value: CUSTOM, label: t('risk.settings.custom') },
              ...risk.lsPresets.map((p) => ({ value: p.key, label: bi(p.label) })),
            ]}
          />
        </Form.Item>
      )}
      <div className="calc-factors">
        {threshold('major', [orderRule('major')], [['thresholds', 'significant']])}
        {threshold('significant', [orderRule('significant')], [['thresholds', 'general']])}
        {threshold('general')}
      </div>
      <Form.Item
        name={['source', 'zh']}
        label={t('risk.settings.sourceZh')}
        rules={[{ required: true, whitespace: true, message: t('risk.settings.required') }, zodRule(sourceText)]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} data-testid="settings-source-zh" />
      </Form.Item>
      <Form.Item
        name={['source', 'en']}
        label={t('risk.settings.sourceEn')}
        rules={[{ required: true, whitespace: true, message: t('risk.settings.required') }, zodRule(sourceText)]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} data-testid="settings-source-en" />
      </Form.Item>
      <Form.Item name="verified" valuePropName="checked">
        <Checkbox data-testid="settings-verified-input">{t('risk.settings.verifiedLabel')}</Checkbox>
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`settings-save-${method}`}>
          {t('risk.settings.save')}
        </Button>
        <Button onClick={onDone}>{t('risk.settings.cancel')}</Button>
      </Space>
    </Form>
  );
}

/** One method's card: its bands and source, the presets for LS, and the edit form for a manager. */
function MethodCard({ method, settings, canManage }: { method: Method; settings: Settings; canManage: boolean }) {
  const { t } = useTranslation();
  const bi = useBi();
  const mapping = settings.grading[method];
  // The form starts from the rules in force or from a preset; the key remounts it with those values.
  const [draft, setDraft] = useState<{ mapping: Mapping; key: number } | null>(null);
  const edit = (from: Mapping) => setDraft((d) => ({ mapping: from, key: (d?.key ?? 0) + 1 }));
  const preset = mapping.preset && risk.lsPresets.find((p) => p.key === mapping.preset);
  return (
    <Card
      title={t(`risk.settings.${method}`)}
      data-testid={`settings-${method}`}
      extra={
        canManage &&
        !draft && (
          <Button onClick={() => edit(mapping)} data-testid={`settings-edit-${method}`}>
            {t('risk.settings.edit')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size="middle" className="calc-panel">
        <BandsTable thresholds={mapping.thresholds} score={scoreName[method]} />
        {preset && (
          <Typography.Text>
            {t('risk.settings.preset')}：{bi(preset.label)}
          </Typography.Text>
        )}
        <SourceLine mapping={mapping} />
        {method === 'ls' && (
          <Card size="small" title={t('risk.settings.presets')}>
            <Space orientation="vertical" className="calc-panel">
              {risk.lsPresets.map((p) => (
                <div key={p.key} data-testid={`settings-preset-${p.key}`}>
                  <Typography.Text strong>{bi(p.label)}</Typography.Text>
                  <SourceLine mapping={fromPreset(p)} />
                  {canManage && (
                    <Button size="small" onClick={() => edit(fromPreset(p))} aria-label={`${t('risk.settings.usePreset')} ${bi(p.label)}`}>
                      {t('risk.settings.usePreset')}
                    </Button>
                  )}
                </div>
              ))}
            </Space>
          </Card>
        )}
        {draft && (
          <Card size="small" title={t('risk.settings.edit')}>
            <MappingForm key={draft.key} method={method} initial={draft.mapping} settings={settings} onDone={() => setDraft(null)} />
          </Card>
        )}
      </Space>
    </Card>
  );
}

/**
 * 风险分级规则 (/risk/settings): the score → level thresholds of LEC and LS in force, where they come
 * from and whether that was verified; a holder of risk.manage changes them (the presets to pick from).
 */
export default function GradingSettingsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const can = useCan();
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => call(api.risk.getSettings) });
  const data = settings.data;
  const canManage = can('risk.manage') && (data?.allowedActions.includes('update') ?? false);
  return (
    <div data-testid="settings-page">
      <PageHeader title={t('risk.settings.title')} />
      <Space orientation="vertical" size="middle" className="calc-panel">
        <Typography.Paragraph>{t('risk.settings.intro')}</Typography.Paragraph>
        <Alert type="info" showIcon title={t('risk.settings.rulesApply')} />
        {data && !canManage && <Alert type="info" title={t('risk.settings.readOnly')} data-testid="settings-read-only" />}
        {settings.error && (
          <Alert type="error" title={settings.error instanceof ApiError ? bi(settings.error.bilingual) : String(settings.error)} />
        )}
        {data && (
          <>
            <Typography.Text type="secondary" data-testid="settings-updated">
              {data.updatedAt && data.updatedBy
                ? t('risk.settings.lastChanged', { who: data.updatedBy, when: time(data.updatedAt) })
                : t('risk.settings.neverChanged')}
            </Typography.Text>
            <MethodCard method="lec" settings={data} canManage={canManage} />
            <MethodCard method="ls" settings={data} canManage={canManage} />
          </>
        )}
      </Space>
    </div>
  );
}
