import { api, risk } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, Radio, Select, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';
import { SourceLevelTag } from './SourceLevelTag';

type Detail = api.risk.RiskSourceDetail;
type Method = 'lec' | 'ls' | 'direct';

interface Values {
  method: Method;
  L?: number;
  E?: number;
  C?: number;
  S?: number;
  level?: risk.RiskLevel;
  reason?: string;
}

/** The assessment the form holds, once every value it needs is picked; else null. */
function inputOf(v: Values): risk.AssessmentInput | null {
  if (v.method === 'lec')
    return v.L !== undefined && v.E !== undefined && v.C !== undefined ? { method: 'lec', L: v.L, E: v.E, C: v.C } : null;
  if (v.method === 'ls') return v.L !== undefined && v.S !== undefined ? { method: 'ls', L: v.L, S: v.S } : null;
  return v.level ? { method: 'direct', level: v.level, reason: v.reason?.trim() ?? '' } : null;
}

/** What the server will compute for the assessment, under the same stored rules; null until it is complete. */
function previewOf(input: risk.AssessmentInput | null, grading: risk.GradingConfig): risk.AssessmentResult | null {
  if (!input || (input.method === 'direct' && input.reason.length < 2)) return null;
  try {
    return risk.assess(input, grading);
  } catch {
    // A value outside the tables (not offered by the pickers) has no result to show.
    return null;
  }
}

/** A number as the tables write it (0.5, not 0.50), and D without floating-point noise. */
const num = (n: number) => String(Number(n.toPrecision(12)));

/**
 * 风险评估: LEC (L, E and C picked from the standard tables, each with its meaning), the LS matrix
 * (L and S from 1 to 5) or a direct grading with its grounds. Before saving, it shows what the
 * server will compute — D or R, the level and its colour — under the grading rules in force, with
 * the source of the score-to-level mapping and its 未核实 mark when the reference does not verify it.
 */
export function SourceAssessment({ source, onDone }: { source: Detail; onDone: (source: Detail) => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) ?? { method: 'lec' };
  const settings = useApiQuery(api.risk.getSettings);
  const grading = settings.data?.grading ?? risk.defaultGradingConfig;
  const method: Method = values.method ?? 'lec';
  const input = inputOf(values as Values);
  // The same calculator the server runs, under the same stored rules: what is shown is what is saved.
  const result = previewOf(input, grading);
  const mapping = method === 'lec' ? grading.lec : method === 'ls' ? grading.ls : null;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: api.risk.AssessInput =
        v.method === 'lec'
          ? { method: 'lec', L: v.L!, E: v.E!, C: v.C! }
          : v.method === 'ls'
            ? { method: 'ls', L: v.L!, S: v.S! }
            : { method: 'direct', level: v.level!, reason: v.reason ?? '' };
      return call(api.risk.assessSource, { params: { id: source.id }, body });
    },
    onSuccess: (updated) => {
      message.success(t('risk.sources.assessed'));
      form.resetFields();
      onDone(updated);
    },
    onError: (error) => showError(error, form),
  });

  const tableOptions = (rows: readonly risk.LecValue[]) =>
    rows.map((r) => ({
      value: r.value,
      label: `${num(r.value)} — ${bi(r.meaning)}${r.confidence === 'V' ? '' : `（${t('risk.sources.unverified')}）`}`,
    }));
  const lsOptions = (meanings: Record<number, { zh: string; en: string }>) =>
    risk.lsScores.map((s) => ({ value: s, label: `${s} — ${bi(meanings[s]!)}` }));
  const pick = (name: 'L' | 'E' | 'C' | 'S', label: string, options: { value: number; label: string }[]) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: label }]}>
      <Select options={options} popupMatchSelectWidth={false} data-testid={`assess-${method}-${name}`} />
    </Form.Item>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ method: 'lec' }}
      onFinish={(v) => save.mutate(v)}
      data-testid="assess-form"
    >
      <Form.Item name="method" label={t('risk.sources.method')}>
        <Radio.Group
          optionType="button"
          // Values of one method mean nothing in another (L is 0.1–10 in LEC, 1–5 in LS).
          onChange={() => form.setFieldsValue({ L: undefined, E: undefined, C: undefined, S: undefined })}
          options={(['lec', 'ls', 'direct'] as const).map((m) => ({ value: m, label: t(`risk.sources.methodShort.${m}`) }))}
          data-testid="assess-method"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t(`risk.sources.methods.${method}`)}</Typography.Paragraph>
      {method === 'lec' && (
        <>
          {pick('L', t('risk.sources.lecL'), tableOptions(risk.lecL))}
          {pick('E', t('risk.sources.lecE'), tableOptions(risk.lecE))}
          {pick('C', t('risk.sources.lecC'), tableOptions(risk.lecC))}
        </>
      )}
      {method === 'ls' && (
        <>
          {pick('L', t('risk.sources.lsL'), lsOptions(risk.lsLikelihood))}
          {pick('S', t('risk.sources.lsS'), lsOptions(risk.lsSeverity))}
        </>
      )}
      {method === 'direct' && (
        <>
          <Form.Item
            name="level"
            label={t('risk.sources.directLevel')}
            rules={[{ required: true, message: t('risk.sources.directLevel') }]}
          >
            <Select
              options={risk.riskLevels.map((l) => ({ value: l, label: bi(risk.riskLevelInfo[l].label) }))}
              data-testid="assess-direct-level"
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('risk.sources.directReason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('risk.sources.directReasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} data-testid="assess-direct-reason" />
          </Form.Item>
        </>
      )}
      <div className="sources-result" role="status" aria-live="polite" data-testid="assess-result">
        {result ? (
          <>
            <span>{t('risk.sources.result')}</span>
            {result.score !== null && (
              <span className="sources-result-value" data-testid="assess-score">
                {method === 'lec'
                  ? t('risk.sources.resultD', { value: num(result.score) })
                  : t('risk.sources.resultR', { value: num(result.score) })}
              </span>
            )}
            <SourceLevelTag level={result.level} none="" testId="assess-level" />
            <span className="sources-swatch" style={{ background: risk.riskLevelInfo[result.level].hex }} aria-hidden />
            {method === 'lec' && input?.method === 'lec' && (
              <Typography.Text type="secondary">{bi(risk.lecBandOf(result.score ?? 0).meaning)}</Typography.Text>
            )}
          </>
        ) : (
          <Typography.Text type="secondary">{t('risk.sources.pickAll')}</Typography.Text>
        )}
      </div>
      {mapping && (
        <Typography.Paragraph type="secondary" className="sources-row" data-testid="assess-mapping">
          {t('risk.sources.mappingSource', { source: bi(mapping.source) })}{' '}
          {!mapping.verified && (
            <Tooltip title={t('risk.sources.unverifiedHelp')}>
              <Tag color="warning" data-testid="assess-unverified">
                {t('risk.sources.unverified')}
              </Tag>
            </Tooltip>
          )}
        </Typography.Paragraph>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="assess-save">
        {t('risk.sources.saveAssessment')}
      </Button>
    </Form>
  );
}
