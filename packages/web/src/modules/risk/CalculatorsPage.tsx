import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, type Bilingual, majorHazard as gb, risk } from '@citysafe/domain';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, InputNumber, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../shared/api';
import { usePhone } from '../../shared/list/PagedTable';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { textOn } from './SourceLevelTag';
import './calculators.css';

type Confidence = risk.Confidence;
type MajorHazardItem = api.calc.MajorHazardItem;

/**
 * A level in its own colour as a solid tag (an outlined or filled one would write white or the colour on
 * a pale tint, below WCAG AA's contrast), with the text colour that contrasts with it.
 */
function LevelTag({ level, testId }: { level: risk.RiskLevel; testId: string }) {
  const bi = useBi();
  const info = risk.riskLevelInfo[level];
  return (
    <Tag color={info.hex} variant="solid" style={{ color: textOn(info.hex) }} data-testid={testId} data-level={level}>
      {bi(info.label)}
    </Tag>
  );
}

/** 未核实: a value or table the reference could not check against the official text (regulations.md's [P]/[U]). */
function Unverified({ confidence }: { confidence: Confidence | 'verified' | 'unverified' }) {
  const { t } = useTranslation();
  if (confidence === 'V' || confidence === 'verified') return null;
  return (
    <Tooltip title={t('risk.calc.unverifiedHint')}>
      <Tag color="orange" className="calc-unverified" data-testid="calc-unverified">
        {t('risk.calc.unverified')}
      </Tag>
    </Tooltip>
  );
}

/** A table's or a rule's 依据, with the unverified mark where it applies. */
function SourceNote({
  title,
  source,
  confidence,
}: {
  title?: ReactNode;
  source: Bilingual;
  confidence: Confidence | 'verified' | 'unverified';
}) {
  const { t } = useTranslation();
  const bi = useBi();
  return (
    <div className="calc-source" data-testid="calc-source">
      {title && <Typography.Text strong>{title} </Typography.Text>}
      <Unverified confidence={confidence} />
      <Typography.Text type="secondary">
        {t('risk.calc.source')}：{bi(source)}
      </Typography.Text>
    </div>
  );
}

/** One factor's picker: each table value with its meaning, the unverified ones marked. */
function FactorSelect({
  label,
  rows,
  value,
  onChange,
  testId,
}: {
  label: string;
  rows: readonly { value: number; meaning: Bilingual; confidence?: Confidence }[];
  value: number;
  onChange: (value: number) => void;
  testId: string;
}) {
  const bi = useBi();
  return (
    <label className="calc-factor">
      <Typography.Text strong>{label}</Typography.Text>
      <Select
        aria-label={label}
        value={value}
        onChange={onChange}
        data-testid={testId}
        popupMatchSelectWidth={false}
        options={rows.map((row) => ({
          value: row.value,
          label: (
            <span data-testid={`${testId}-${row.value}`}>
              {row.value} — {bi(row.meaning)} {row.confidence && <Unverified confidence={row.confidence} />}
            </span>
          ),
        }))}
      />
    </label>
  );
}

/** LEC: the three pickers, D computed by the public endpoint, its band and its level in colour. */
function LecPanel() {
  const { t } = useTranslation();
  const bi = useBi();
  const [input, setInput] = useState({ L: 3, E: 6, C: 7 });
  const result = useQuery({
    queryKey: ['calc.lec', input],
    queryFn: () => call(api.calc.lec, { body: input }),
    placeholderData: keepPreviousData,
  });
  const mapping = useGrading().lec;
  const data = result.data;
  return (
    <Space orientation="vertical" size="middle" className="calc-panel">
      <Typography.Paragraph>{t('risk.calc.lec.intro')}</Typography.Paragraph>
      <div className="calc-factors">
        <FactorSelect
          label={t('risk.calc.lec.L')}
          rows={risk.lecL}
          value={input.L}
          onChange={(L) => setInput({ ...input, L })}
          testId="lec-L"
        />
        <FactorSelect
          label={t('risk.calc.lec.E')}
          rows={risk.lecE}
          value={input.E}
          onChange={(E) => setInput({ ...input, E })}
          testId="lec-E"
        />
        <FactorSelect
          label={t('risk.calc.lec.C')}
          rows={risk.lecC}
          value={input.C}
          onChange={(C) => setInput({ ...input, C })}
          testId="lec-C"
        />
      </div>
      {result.error && <Alert type="error" title={result.error instanceof ApiError ? bi(result.error.bilingual) : String(result.error)} />}
      <Card size="small" title={t('risk.calc.lec.D')} data-testid="lec-result">
        {data ? (
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label="D">
              <span className="calc-score" data-testid="lec-D">
                {data.D}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.calc.lec.band')}>{bi(data.band)}</Descriptions.Item>
            <Descriptions.Item label={t('risk.calc.lec.level')}>
              <LevelTag level={data.levelCode} testId="lec-level" />
            </Descriptions.Item>
          </Descriptions>
        ) : (
          t('risk.calc.lec.computing')
        )}
      </Card>
      <Card size="small" title={t('risk.calc.lec.mapping')}>
        <Typography.Paragraph>{t('risk.calc.lec.mappingText', mapping.thresholds)}</Typography.Paragraph>
        <SourceNote source={mapping.source} confidence={mapping.verified ? 'verified' : 'unverified'} />
      </Card>
      <Card size="small" title={t('risk.calc.lec.bands')}>
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={[...risk.lecBands]}
          rowClassName={(band) => (data?.band.key === band.key ? 'calc-current' : '')}
          columns={[
            {
              title: t('risk.calc.lec.bandRange'),
              key: 'range',
              render: (_, band) => (band.max === null ? `> ${band.min}` : band.min === null ? `< ${band.max}` : `${band.min}–${band.max}`),
            },
            { title: t('risk.calc.lec.meaning'), key: 'meaning', render: (_, band) => bi(band.meaning) },
          ]}
        />
        <SourceNote source={risk.lecSource} confidence="V" />
      </Card>
    </Space>
  );
}

const lsRows = [...risk.lsScores].reverse();

/** The score → level rules in force (the administrator's, from the risk settings), the defaults until they load. */
function useGrading(): risk.GradingConfig {
  const settings = useQuery({ queryKey: ['risk.settings'], queryFn: () => call(api.risk.getSettings) });
  return settings.data?.grading ?? risk.defaultGradingConfig;
}

/** The LS line choices: the rules in force first, then the presets of the literature. */
const CURRENT = 'current';

/** The LS matrix: two scores, a variant of the level lines, and the 5 × 5 grid in the level colours. */
function LsPanel() {
  const { t } = useTranslation();
  const bi = useBi();
  const [input, setInput] = useState({ L: 3, S: 3 });
  const current = useGrading().ls;
  const [presetKey, setPresetKey] = useState(CURRENT);
  const chosen = risk.lsPresets.find((p) => p.key === presetKey);
  const preset = chosen ?? {
    thresholds: current.thresholds,
    source: current.source,
    confidence: current.verified ? ('V' as const) : ('U' as const),
  };
  const result = risk.lsMatrix(input, preset.thresholds);
  const scoreRows = (meanings: Record<number, Bilingual>) =>
    risk.lsScores.map((value) => ({ value, meaning: meanings[value]!, confidence: 'U' as const }));
  return (
    <Space orientation="vertical" size="middle" className="calc-panel">
      <Typography.Paragraph>{t('risk.calc.ls.intro')}</Typography.Paragraph>
      <div className="calc-factors">
        <FactorSelect
          label={t('risk.calc.ls.L')}
          rows={scoreRows(risk.lsLikelihood)}
          value={input.L}
          onChange={(L) => setInput({ ...input, L })}
          testId="ls-L"
        />
        <FactorSelect
          label={t('risk.calc.ls.S')}
          rows={scoreRows(risk.lsSeverity)}
          value={input.S}
          onChange={(S) => setInput({ ...input, S })}
          testId="ls-S"
        />
        <label className="calc-factor">
          <Typography.Text strong>{t('risk.calc.ls.preset')}</Typography.Text>
          <Select
            aria-label={t('risk.calc.ls.preset')}
            value={presetKey}
            onChange={setPresetKey}
            popupMatchSelectWidth={false}
            data-testid="ls-preset"
            options={[
              { value: CURRENT, label: t('risk.calc.ls.current', current.thresholds) },
              ...risk.lsPresets.map((p) => ({ value: p.key, label: bi(p.label) })),
            ]}
          />
        </label>
      </div>
      <Card size="small" title={t('risk.calc.ls.R')} data-testid="ls-result">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="R">
            <span className="calc-score" data-testid="ls-R">
              {result.R}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('risk.calc.ls.level')}>
            <LevelTag level={result.level} testId="ls-level" />
          </Descriptions.Item>
        </Descriptions>
        <SourceNote source={preset.source} confidence={preset.confidence} />
      </Card>
      <Card size="small" title={t('risk.calc.ls.matrix')}>
        <table className="calc-matrix" aria-label={t('risk.calc.ls.matrix')}>
          <thead>
            <tr>
              <th scope="col">L \ S</th>
              {risk.lsScores.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lsRows.map((l) => (
              <tr key={l}>
                <th scope="row">{l}</th>
                {risk.lsScores.map((s) => {
                  const cell = risk.lsMatrix({ L: l, S: s }, preset.thresholds);
                  const hex = risk.riskLevelInfo[cell.level].hex;
                  const chosen = l === input.L && s === input.S;
                  return (
                    <td
                      key={s}
                      style={{ background: hex, color: textOn(hex) }}
                      className={chosen ? 'calc-chosen' : undefined}
                      data-level={cell.level}
                      onClick={() => setInput({ L: l, S: s })}
                    >
                      {cell.R}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </Space>
  );
}

interface SubstanceRow {
  key: number;
  name?: string;
  category: string[];
  quantityTonnes: number | null;
}

const substanceOptions = gb.table1.map((s) => ({
  value: s.name,
  label: `${s.no}. ${s.name}${s.cas.length ? `（${s.cas.join('、')}）` : ''} — ${s.criticalQuantityTonnes} t`,
  searchText: [s.name, s.nameEn, ...s.aliases, ...s.cas].join(' '),
}));

/** Which row a field error of the major-hazard endpoint belongs to (`substances.1.quantityTonnes` → 1). */
const rowOfField = (field: string): number | null => {
  const match = /^substances\.(\d+)/.exec(field);
  return match ? Number(match[1]) : null;
};

/** GB 18218-2018: the unit's substances from 表1 or by 表2 category, the exposed population, and the graded result. */
function MajorHazardPanel() {
  const { t } = useTranslation();
  const bi = useBi();
  const phone = usePhone();
  const [rows, setRows] = useState<SubstanceRow[]>([{ key: 1, name: '氯', category: [], quantityTonnes: 10 }]);
  const [nextKey, setNextKey] = useState(2);
  const [population, setPopulation] = useState<number | null>(120);
  const assess = useMutation({
    mutationFn: () =>
      call(api.calc.majorHazard, {
        body: {
          substances: rows.map((r) => ({
            ...(r.name ? { name: r.name } : {}),
            ...(r.category.length ? { category: r.category } : {}),
            quantityTonnes: r.quantityTonnes as number,
          })),
          exposedPopulation: population as number,
        },
      }),
  });
  const update = (key: number, patch: Partial<SubstanceRow>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const error = assess.error instanceof ApiError ? assess.error : null;
  const errorRows = new Set((error?.fields ?? []).map((f) => rowOfField(f.field)).filter((n) => n !== null));
  const result = assess.data;
  const rowLabel = (index: number) => {
    const row = rows[index];
    const named = row?.name ? gb.findNamedSubstance(row.name) : undefined;
    return named ? bi({ zh: named.name, en: named.nameEn }) : (row?.category.join('、') ?? '');
  };

  return (
    <Space orientation="vertical" size="middle" className="calc-panel">
      <Typography.Paragraph>{t('risk.calc.mh.intro')}</Typography.Paragraph>
      <div className="calc-substances" data-testid="mh-substances">
        {rows.map((row, index) => (
          <div key={row.key} className={`calc-substance${errorRows.has(index) ? ' calc-substance-error' : ''}`} data-testid="mh-row">
            <Typography.Text type="secondary" className="calc-row-no">
              {t('risk.calc.mh.row', { n: index + 1 })}
            </Typography.Text>
            <Select
              aria-label={t('risk.calc.mh.substance')}
              placeholder={t('risk.calc.mh.substancePlaceholder')}
              allowClear
              showSearch={{ optionFilterProp: 'searchText' }}
              options={substanceOptions}
              value={row.name}
              onChange={(name?: string) => update(row.key, { name })}
              className="calc-substance-name"
              popupMatchSelectWidth={false}
              data-testid="mh-substance"
            />
            <Select
              aria-label={t('risk.calc.mh.category')}
              placeholder={t('risk.calc.mh.categoryPlaceholder')}
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'searchText' }}
              options={gb.table2.map((c) => ({
                value: c.code,
                label: `${c.code} ${bi(c.label)}`,
                searchText: `${c.code} ${c.label.zh} ${c.label.en}`,
              }))}
              value={row.category}
              onChange={(category: string[]) => update(row.key, { category })}
              className="calc-substance-category"
              popupMatchSelectWidth={false}
              data-testid="mh-category"
            />
            <InputNumber
              aria-label={t('risk.calc.mh.quantity')}
              placeholder={t('risk.calc.mh.quantity')}
              value={row.quantityTonnes}
              onChange={(quantityTonnes) => update(row.key, { quantityTonnes })}
              suffix="t"
              className="calc-substance-quantity"
              data-testid="mh-quantity"
            />
            <Button
              aria-label={t('risk.calc.mh.remove')}
              icon={<DeleteOutlined />}
              disabled={rows.length === 1}
              onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
            />
          </div>
        ))}
      </div>
      <Space wrap>
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            setRows([...rows, { key: nextKey, category: [], quantityTonnes: null }]);
            setNextKey(nextKey + 1);
          }}
          data-testid="mh-add"
        >
          {t('risk.calc.mh.add')}
        </Button>
        <label className="calc-factor calc-population">
          <Typography.Text strong>{t('risk.calc.mh.population')}</Typography.Text>
          <InputNumber
            aria-label={t('risk.calc.mh.population')}
            min={0}
            precision={0}
            value={population}
            onChange={setPopulation}
            data-testid="mh-population"
          />
        </label>
        <Button type="primary" onClick={() => assess.mutate()} loading={assess.isPending} data-testid="mh-calculate">
          {t('risk.calc.mh.calculate')}
        </Button>
      </Space>
      {error && (
        <Alert
          type="error"
          data-testid="mh-error"
          title={bi(error.bilingual)}
          description={
            error.fields.length > 0 && (
              <ul className="calc-errors">
                {error.fields.map((f) => {
                  const index = rowOfField(f.field);
                  return (
                    <li key={f.field}>
                      {index === null ? f.field : t('risk.calc.mh.row', { n: index + 1 })}：{bi(f.message)}
                    </li>
                  );
                })}
              </ul>
            )
          }
        />
      )}
      {result && (
        <Card size="small" title={t('risk.calc.mh.result')} data-testid="mh-result">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 5 }}>
            <Descriptions.Item label={t('risk.calc.mh.S')}>
              <span className="calc-score" data-testid="mh-S">
                {result.S}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.calc.mh.alpha')}>
              <span data-testid="mh-alpha">{result.alpha}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.calc.mh.R')}>
              <span className="calc-score" data-testid="mh-R">
                {result.R}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.calc.mh.grade')}>
              {result.grade === null ? (
                <Tag data-testid="mh-grade">{t('risk.calc.mh.notMajor')}</Tag>
              ) : (
                <Tag color="red" data-testid="mh-grade" data-grade={result.grade}>
                  {t(`risk.calc.mh.grades.${result.grade}`)}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.calc.mh.isMajor')}>{result.isMajorHazard ? '✔' : '—'}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            pagination={false}
            rowKey={(_, index) => String(index)}
            dataSource={result.items}
            data-testid="mh-items"
            columns={[
              { title: '#', key: 'no', render: (_, __, index) => index + 1, width: 40 },
              { title: t('risk.calc.mh.substance'), key: 'substance', render: (_, __, index) => rowLabel(index) },
              { title: 'q (t)', dataIndex: 'quantityTonnes' },
              { title: t('risk.calc.mh.Q'), dataIndex: 'criticalQuantityTonnes' },
              { title: t('risk.calc.mh.ratio'), dataIndex: 'ratio' },
              {
                title: t('risk.calc.mh.beta'),
                key: 'beta',
                render: (_, item) => (
                  <span>
                    {item.beta} {!phone && <Typography.Text type="secondary">({t(`risk.calc.mh.betaBy.${item.betaBy}`)})</Typography.Text>}
                  </span>
                ),
              },
              // On a phone the table fits the width without scrolling: where each value came from is left out.
              ...(phone
                ? []
                : [
                    {
                      title: t('risk.calc.mh.matched'),
                      key: 'matched',
                      render: (_: unknown, item: MajorHazardItem) => t(`risk.calc.mh.matchedBy.${item.matchedBy}`),
                    },
                  ]),
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('risk.calc.mh.tables')} data-testid="mh-sources">
        <SourceNote title={t('risk.calc.mh.identification')} source={gb.identificationSource} confidence={gb.identificationConfidence} />
        <SourceNote title={t('risk.calc.mh.table1')} source={gb.table1Source} confidence={gb.table1Confidence} />
        <SourceNote title={t('risk.calc.mh.table2')} source={gb.table2Source} confidence={gb.table2Confidence} />
        <SourceNote title={t('risk.calc.mh.table3')} source={gb.table3Source} confidence={gb.table3Confidence} />
        <SourceNote title={t('risk.calc.mh.table4')} source={gb.table4Source} confidence={gb.table4Confidence} />
        <SourceNote title={t('risk.calc.mh.table5')} source={gb.table5Source} confidence={gb.table5Confidence} />
        <SourceNote title={t('risk.calc.mh.grading')} source={gb.gradingSource} confidence={gb.gradingConfidence} />
      </Card>
    </Space>
  );
}

/** 风险评估计算器: LEC, the LS matrix and GB 18218-2018 major-hazard grading, each with its sources. */
export default function CalculatorsPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="calculators-page">
      <PageHeader title={t('risk.calc.title')} />
      <Tabs
        items={[
          { key: 'lec', label: t('risk.calc.tabs.lec'), children: <LecPanel /> },
          { key: 'ls', label: t('risk.calc.tabs.ls'), children: <LsPanel /> },
          { key: 'gb18218', label: t('risk.calc.tabs.gb18218'), children: <MajorHazardPanel /> },
        ]}
      />
    </div>
  );
}
