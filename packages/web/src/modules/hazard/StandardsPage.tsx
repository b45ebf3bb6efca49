import { api, hazard, risk } from '@citysafe/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { ApiError, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { RuleSource } from './RuleSource';
import './rules.css';

type Standard = api.hazardRules.HazardStandard;
type Clause = api.hazardRules.StandardClause;

const libraryKey = ['hazard.standards'];

const confidenceLabel = {
  V: 'hazard.rules.verified',
  P: 'hazard.rules.partly',
  U: 'hazard.rules.unverified',
} as const satisfies Record<risk.Confidence, string>;

/** What the standard form edits: the contract's fields, the date as a picker's value. */
interface StandardValues {
  code?: string;
  name: string;
  nameEn?: string | null;
  issuer?: string | null;
  documentNumber?: string | null;
  sector?: string | null;
  effectiveOn?: Dayjs | null;
  source: { zh: string; en?: string };
  confidence: risk.Confidence;
  active?: boolean;
}

/** What is being edited in the modal: a new or existing standard, a new or existing clause. */
type Editing = { kind: 'standard'; standard: Standard | null } | { kind: 'clause'; standard: Standard; clause: Clause | null } | null;

function useLibraryMutation<T>(
  fn: (input: T) => Promise<unknown>,
  done: () => void,
  form?: Parameters<ReturnType<typeof useShowError>>[1],
) {
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: fn,
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: libraryKey });
      const outcome = (answer as { outcome?: 'deleted' | 'deactivated' } | null)?.outcome;
      message.success(t(outcome ? `hazard.rules.standards.${outcome}` : 'hazard.rules.standards.saved'));
      done();
    },
    onError: (error) => showError(error, form),
  });
}

/** The form of a standard: new (with its code) or existing (with its active switch). */
function StandardForm({ standard, onDone }: { standard: Standard | null; onDone: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const zodRule = useZodRule();
  const [form] = Form.useForm<StandardValues>();
  const save = useLibraryMutation(
    (values: StandardValues) => {
      const fields = {
        name: values.name,
        nameEn: values.nameEn || null,
        issuer: values.issuer || null,
        documentNumber: values.documentNumber || null,
        sector: (values.sector || null) as hazard.HazardCategoryCode | null,
        effectiveOn: values.effectiveOn ? values.effectiveOn.format('YYYY-MM-DD') : null,
        source: { zh: values.source.zh, ...(values.source.en ? { en: values.source.en } : {}) },
        confidence: values.confidence,
      };
      return standard
        ? call(api.hazardRules.updateStandard, { params: { id: standard.id }, body: { ...fields, active: values.active ?? true } })
        : call(api.hazardRules.createStandard, { body: { ...fields, code: values.code ?? '' } });
    },
    onDone,
    form,
  );
  const required = { required: true, whitespace: true, message: t('hazard.rules.required') };
  const shape = api.hazardRules.standardCreate.shape;
  const initial: Partial<StandardValues> = standard
    ? { ...standard, effectiveOn: standard.effectiveOn ? dayjs(standard.effectiveOn) : null }
    : { confidence: 'U', active: true };
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(values) => save.mutate(values)} data-testid="standard-form">
      {!standard && (
        <Form.Item
          name="code"
          label={t('hazard.rules.standards.code')}
          extra={t('hazard.rules.standards.codeHint')}
          rules={[required, zodRule(shape.code)]}
        >
          <Input data-testid="standard-code" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('hazard.rules.standards.name')} rules={[required, zodRule(shape.name)]}>
        <Input data-testid="standard-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('hazard.rules.standards.nameEn')}>
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="documentNumber" label={t('hazard.rules.standards.documentNumber')}>
          <Input data-testid="standard-document-number" />
        </Form.Item>
        <Form.Item name="issuer" label={t('hazard.rules.standards.issuer')}>
          <Input />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="sector" label={t('hazard.rules.standards.sector')}>
          <Select
            allowClear
            style={{ width: 200 }}
            aria-label={t('hazard.rules.standards.sector')}
            options={hazard.hazardCategories.map((c) => ({ value: c.code, label: bi(c.label) }))}
          />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('hazard.rules.standards.effectiveOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="confidence"
          label={t('hazard.rules.standards.confidence')}
          rules={[{ required: true, message: t('hazard.rules.required') }]}
        >
          <Select
            style={{ width: 160 }}
            aria-label={t('hazard.rules.standards.confidence')}
            options={risk.confidences.map((c) => ({ value: c, label: t(confidenceLabel[c]) }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name={['source', 'zh']} label={t('hazard.rules.standards.sourceZh')} rules={[required]}>
        <Input.TextArea autoSize={{ minRows: 2 }} data-testid="standard-source-zh" />
      </Form.Item>
      <Form.Item name={['source', 'en']} label={t('hazard.rules.standards.sourceEn')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      {standard && (
        <Form.Item name="active" valuePropName="checked">
          <Checkbox>{t('hazard.rules.standards.activeLabel')}</Checkbox>
        </Form.Item>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="standard-save">
          {t('hazard.rules.save')}
        </Button>
        <Button onClick={onDone}>{t('hazard.rules.cancel')}</Button>
      </Space>
    </Form>
  );
}

/** The form of a clause: its number (fixed on a built-in one, the seed finds it by it) and text. */
function ClauseForm({ standard, clause, onDone }: { standard: Standard; clause: Clause | null; onDone: () => void }) {
  const { t } = useTranslation();
  const zodRule = useZodRule();
  const [form] = Form.useForm<{ number: string; text: string; active?: boolean }>();
  const save = useLibraryMutation(
    (values: { number: string; text: string; active?: boolean }) =>
      clause
        ? call(api.hazardRules.updateClause, {
            params: { id: clause.id },
            body: { number: values.number, text: values.text, active: values.active ?? true },
          })
        : call(api.hazardRules.addClause, { params: { id: standard.id }, body: { number: values.number, text: values.text } }),
    onDone,
    form,
  );
  const required = { required: true, whitespace: true, message: t('hazard.rules.required') };
  const shape = api.hazardRules.clauseInput.shape;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={clause ?? { active: true }}
      onFinish={(values) => save.mutate(values)}
      data-testid="clause-form"
    >
      <Form.Item
        name="number"
        label={t('hazard.rules.standards.number')}
        extra={clause?.builtIn ? t('hazard.rules.standards.builtInNumber') : undefined}
        rules={[required, zodRule(shape.number)]}
      >
        <Input disabled={clause?.builtIn} data-testid="clause-number" />
      </Form.Item>
      <Form.Item name="text" label={t('hazard.rules.standards.text')} rules={[required, zodRule(shape.text)]}>
        <Input.TextArea autoSize={{ minRows: 3 }} data-testid="clause-text" />
      </Form.Item>
      {clause && (
        <Form.Item name="active" valuePropName="checked">
          <Checkbox>{t('hazard.rules.standards.activeLabel')}</Checkbox>
        </Form.Item>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="clause-save">
          {t('hazard.rules.save')}
        </Button>
        <Button onClick={onDone}>{t('hazard.rules.cancel')}</Button>
      </Space>
    </Form>
  );
}

function StatusTags({ builtIn, active }: { builtIn: boolean; active: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {builtIn && <Tag>{t('hazard.rules.standards.builtIn')}</Tag>}
      <Tag color={active ? 'green' : 'default'}>{t(active ? 'hazard.rules.standards.active' : 'hazard.rules.standards.inactive')}</Tag>
    </>
  );
}

/** One document: its facts and source, then its clauses, with the manager's actions. */
function StandardCard({ standard, onEdit }: { standard: Standard; onEdit: (e: Editing) => void }) {
  const { t, i18n } = useTranslation();
  const bi = useBi();
  const removeStandard = useLibraryMutation(
    () => call(api.hazardRules.deleteStandard, { params: { id: standard.id } }),
    () => undefined,
  );
  const removeClause = useLibraryMutation(
    (id: string) => call(api.hazardRules.deleteClause, { params: { id } }),
    () => undefined,
  );
  const sector = hazard.hazardCategories.find((c) => c.code === standard.sector);
  const english = i18n.language.startsWith('en') && standard.nameEn;
  const facts = [
    [t('hazard.rules.standards.documentNumber'), standard.documentNumber],
    [t('hazard.rules.standards.issuer'), standard.issuer],
    [t('hazard.rules.standards.sector'), sector ? bi(sector.label) : null],
    [t('hazard.rules.standards.effectiveOn'), standard.effectiveOn],
  ].filter(([, value]) => value);
  return (
    <Card
      data-testid={`standard-${standard.code}`}
      className={standard.active ? undefined : 'standard-inactive'}
      title={
        <Space wrap>
          <span>{english || standard.name}</span>
          <StatusTags builtIn={standard.builtIn} active={standard.active} />
        </Space>
      }
      extra={
        <Space wrap>
          {standard.allowedActions.includes('addClause') && (
            <Button
              size="small"
              onClick={() => onEdit({ kind: 'clause', standard, clause: null })}
              data-testid={`add-clause-${standard.code}`}
            >
              {t('hazard.rules.standards.addClause')}
            </Button>
          )}
          {standard.allowedActions.includes('update') && (
            <Button
              size="small"
              onClick={() => onEdit({ kind: 'standard', standard })}
              aria-label={`${t('hazard.rules.standards.editStandard')} ${standard.name}`}
            >
              {t('hazard.rules.edit')}
            </Button>
          )}
          {standard.allowedActions.includes('delete') && standard.active && (
            <Popconfirm title={t('hazard.rules.standards.removeConfirm')} onConfirm={() => removeStandard.mutate(undefined)}>
              <Button
                size="small"
                danger
                aria-label={`${t(standard.builtIn ? 'hazard.rules.standards.deactivate' : 'hazard.rules.standards.remove')} ${standard.name}`}
              >
                {t(standard.builtIn ? 'hazard.rules.standards.deactivate' : 'hazard.rules.standards.remove')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {facts.length > 0 && (
          <Typography.Text>
            {facts.map(([label, value]) => (
              <span key={label} className="standard-fact">
                {label}：{value}
              </span>
            ))}
          </Typography.Text>
        )}
        <RuleSource source={standard.source} confidence={standard.confidence} />
        <Typography.Text strong>{t('hazard.rules.standards.clauses', { count: standard.clauses.length })}</Typography.Text>
        {standard.clauses.length === 0 ? (
          <Typography.Text type="secondary">{t('hazard.rules.standards.noClauses')}</Typography.Text>
        ) : (
          <ol className="standard-clauses">
            {standard.clauses.map((c) => (
              <li key={c.id} className={c.active ? undefined : 'standard-inactive'} data-testid={`clause-${c.number}`}>
                <Typography.Text strong className="standard-clause-number">
                  {c.number}
                </Typography.Text>
                <span className="standard-clause-text">
                  {c.text}
                  {!c.active && <Tag className="standard-clause-tag">{t('hazard.rules.standards.inactive')}</Tag>}
                </span>
                {c.allowedActions.length > 0 && (
                  <Space size="small" className="standard-clause-actions">
                    {c.allowedActions.includes('update') && (
                      <Button
                        size="small"
                        type="link"
                        onClick={() => onEdit({ kind: 'clause', standard, clause: c })}
                        aria-label={`${t('hazard.rules.standards.editClause')} ${c.number}`}
                      >
                        {t('hazard.rules.edit')}
                      </Button>
                    )}
                    {c.allowedActions.includes('delete') && c.active && (
                      <Popconfirm title={t('hazard.rules.standards.removeConfirm')} onConfirm={() => removeClause.mutate(c.id)}>
                        <Button
                          size="small"
                          type="link"
                          danger
                          aria-label={`${t(c.builtIn ? 'hazard.rules.standards.deactivate' : 'hazard.rules.standards.remove')} ${c.number}`}
                        >
                          {t(c.builtIn ? 'hazard.rules.standards.deactivate' : 'hazard.rules.standards.remove')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                )}
              </li>
            ))}
          </ol>
        )}
      </Space>
    </Card>
  );
}

/**
 * 重大事故隐患判定标准库 (/hazards/standards): each document with its clauses, where it comes from and whether
 * that was verified; hazard.manage adds, edits, deactivates (built-in) or deletes.
 */
export default function StandardsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const [editing, setEditing] = useState<Editing>(null);
  const library = useQuery({ queryKey: libraryKey, queryFn: () => call(api.hazardRules.listStandards) });
  const data = library.data;
  const canManage = can('hazard.manage') && (data?.allowedActions.includes('create') ?? false);
  const close = () => setEditing(null);
  const title =
    editing?.kind === 'standard'
      ? t(editing.standard ? 'hazard.rules.standards.editStandard' : 'hazard.rules.standards.create')
      : t(editing?.clause ? 'hazard.rules.standards.editClause' : 'hazard.rules.standards.addClause');
  return (
    <div data-testid="hazard-standards-page">
      <PageHeader
        title={t('hazard.rules.standards.title')}
        extra={
          canManage && (
            <Button type="primary" onClick={() => setEditing({ kind: 'standard', standard: null })} data-testid="standard-create">
              {t('hazard.rules.standards.create')}
            </Button>
          )
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('hazard.rules.standards.intro')}</Typography.Paragraph>
        {data && !canManage && <Alert type="info" title={t('hazard.rules.standards.readOnly')} />}
        {library.error && (
          <Alert type="error" title={library.error instanceof ApiError ? bi(library.error.bilingual) : String(library.error)} />
        )}
        {data?.items.map((s) => (
          <StandardCard key={s.id} standard={s} onEdit={setEditing} />
        ))}
      </Space>
      <Modal open={editing !== null} title={title} footer={null} onCancel={close} destroyOnHidden width={720}>
        {editing?.kind === 'standard' && <StandardForm standard={editing.standard} onDone={close} />}
        {editing?.kind === 'clause' && <ClauseForm standard={editing.standard} clause={editing.clause} onDone={close} />}
      </Modal>
    </div>
  );
}
