import { api } from '@citysafe/domain';
import { Select, type SelectProps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../shared/query';

type Standard = api.hazardRules.HazardStandard;
type Clause = api.hazardRules.StandardClause;

/** How a clause is cited: the standard's document number (or its name when it has none) and the clause's number. */
const citation = (std: Standard, clause: Clause) => `${std.documentNumber ?? std.name} ${clause.number}`;

/** The 判定标准 library, read once and shared by the picker and the detail (a few standards, a few hundred clauses). */
function useStandards() {
  return useApiQuery(api.hazardRules.listStandards, {});
}

/** One clause of the library with its standard, by id; undefined while the library loads or when it is not there. */
export function useClause(id: string | null | undefined): { standard: Standard; clause: Clause } | undefined {
  const standards = useStandards();
  if (!id) return undefined;
  for (const standard of standards.data?.items ?? []) {
    const clause = standard.clauses.find((c) => c.id === id);
    if (clause) return { standard, clause };
  }
  return undefined;
}

/**
 * 判定标准条款: a searchable select over the library's active clauses, each under its standard's name; typing a
 * number, a word of the text or the standard's name finds it. Below it, the clause as it will be cited.
 */
export function ClausePicker({ value, onChange, ...rest }: Omit<SelectProps<string>, 'options'>) {
  const { t } = useTranslation();
  const standards = useStandards();
  const picked = useClause(value);
  // One flat list, each clause naming its standard: antd's grouped options give the group rows an aria-selected
  // that their role does not allow (axe, WCAG 2 AA).
  const options = (standards.data?.items ?? [])
    .filter((std) => std.active)
    .flatMap((std) =>
      std.clauses
        .filter((c) => c.active)
        .map((c) => ({
          value: c.id,
          label: `${c.number} ${c.text}`,
          standard: std.name,
          search: `${std.name} ${std.documentNumber ?? ''} ${c.number} ${c.text}`,
        })),
    );
  return (
    <>
      <Select<string>
        {...rest}
        value={value}
        onChange={onChange}
        allowClear
        loading={standards.isLoading}
        options={options}
        showSearch={{ optionFilterProp: 'search' }}
        placeholder={t('hazard.hazards.report.clausePlaceholder')}
        optionRender={(o) => (
          <span className="hazard-clause-option">
            <Typography.Text type="secondary">{o.data.standard}</Typography.Text> {o.label}
          </span>
        )}
      />
      {picked && (
        <Typography.Paragraph className="hazard-clause-cited" data-testid="hazard-clause-cited">
          <Typography.Text strong>{citation(picked.standard, picked.clause)}</Typography.Text> {picked.clause.text}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** The clause as the detail shows it: cited, with its text. */
export function ClauseCitation({ id }: { id: string }) {
  const found = useClause(id);
  if (!found) return null;
  return (
    <span data-testid="hazard-clause">
      <Typography.Text strong>{citation(found.standard, found.clause)}</Typography.Text> {found.clause.text}
    </span>
  );
}

/**
 * 关联风险源: the responsible unit's risk sources (the risk module's list, filtered by the unit); disabled
 * until a unit is chosen.
 */
export function RiskSourcePicker({
  orgId,
  value,
  onChange,
  ...rest
}: Omit<SelectProps<string>, 'options'> & { orgId?: string | undefined }) {
  const { t } = useTranslation();
  const sources = useApiQuery(api.risk.listSources, { query: { orgId, pageSize: 200, sort: 'code' } }, { enabled: !!orgId });
  return (
    <Select<string>
      {...rest}
      value={value}
      onChange={onChange}
      allowClear
      disabled={!orgId}
      loading={!!orgId && sources.isLoading}
      options={(sources.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t(orgId ? 'hazard.hazards.report.riskSourcePlaceholder' : 'hazard.hazards.report.unitFirst')}
      notFoundContent={orgId && !sources.isLoading ? t('hazard.hazards.report.noRiskSources') : undefined}
    />
  );
}

/** The control measures of one risk source (its detail); disabled until the source is chosen. */
function useMeasures(sourceId: string | null | undefined) {
  return useApiQuery(api.risk.getSource, { params: { id: sourceId ?? '' } }, { enabled: !!sourceId });
}

/** 管控措施: one of the chosen risk source's control measures, whose failure this hazard is. */
export function ControlMeasurePicker({
  sourceId,
  value,
  onChange,
  ...rest
}: Omit<SelectProps<string>, 'options'> & { sourceId?: string | null | undefined }) {
  const { t } = useTranslation();
  const source = useMeasures(sourceId);
  return (
    <Select<string>
      {...rest}
      value={value}
      onChange={onChange}
      allowClear
      disabled={!sourceId}
      loading={!!sourceId && source.isLoading}
      options={(source.data?.measures ?? []).map((m) => ({ value: m.id, label: m.description }))}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t(sourceId ? 'hazard.hazards.report.measurePlaceholder' : 'hazard.hazards.report.sourceFirst')}
      optionRender={(o) => <span className="hazard-clause-option">{o.label}</span>}
    />
  );
}

/** The control measure as the detail shows it. */
export function ControlMeasureText({ sourceId, id }: { sourceId: string; id: string }) {
  const source = useMeasures(sourceId);
  const measure = source.data?.measures.find((m) => m.id === id);
  return measure ? <span data-testid="hazard-measure">{measure.description}</span> : null;
}
