/**
 * How an actual value must compare with a target's value for the target to be met. No phrasing of
 * the seed yields '=' (a rate of 100% is '>=', since a rate cannot exceed it); it is there for
 * targets an administrator sets by hand.
 */
export type Comparator = '>=' | '>' | '=' | '<=' | '<';

export type TargetUnit = '%' | '分钟' | '年一遇' | 'm²/人' | 'm²' | '次/年' | '项/年' | '次/季度' | '项/季度' | '米' | '万人';

/**
 * A measurable target of a task ("市政消火栓（消防水鹤）完好率 100%"): units report actual values
 * against it and the platform shows met / not met.
 */
export interface Target {
  /** The indicator, as the task words it ("市政消火栓（消防水鹤）完好率"). */
  name: string;
  comparator: Comparator;
  value: number;
  unit: TargetUnit;
  /** The fragment of the task the target was read from. */
  text: string;
}

interface Figure {
  index: number;
  end: number;
  comparator: Comparator;
  value: number;
  /** An area's unit waits for the name: "人均…面积" makes it m²/人. */
  unit: TargetUnit | 'area';
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;

const CLAUSE_END = '，,；;。：:！!？?\n';

/** The verbs between a period and its count ("每年组织开展 2 次"). */
const ACTIVITY = String.raw`(?:(?:组织|举办|开展|召开)\s*)`;

/** 次/年, 项/季度…: what is counted (次 times, 项 items) per year or per quarter. */
const frequencyUnit = (period: string, counted: string): TargetUnit =>
  `${counted === '项' ? '项' : '次'}/${period === '季度' ? '季度' : '年'}` as TargetUnit;

const comparatorWords: Record<string, Comparator> = {
  '>': '>',
  '＞': '>',
  大于: '>',
  高于: '>',
  '≥': '>=',
  '≧': '>=',
  不低于: '>=',
  不少于: '>=',
  不小于: '>=',
  '<': '<',
  '＜': '<',
  低于: '<',
  小于: '<',
  '≤': '<=',
  '≦': '<=',
  不超过: '<=',
  不高于: '<=',
};
const CMP = String.raw`(>|＞|≥|≧|<|＜|≤|≦|大于|高于|不低于|不少于|不小于|低于|小于|不超过|不高于)`;

/**
 * The figure forms the 评价细则 and the seed use. A bare "100%" or "达到 95%" is a floor (a rate
 * cannot exceed 100, so "100%" is met at 100); "以上" includes the number (architecture §5).
 */
const patterns: { re: RegExp; read: (m: RegExpExecArray) => Omit<Figure, 'index' | 'end'> }[] = [
  {
    re: new RegExp(String.raw`(?:${CMP}\s*)?${NUM}\s*[%％](\s*以上|\s*以下)?`, 'g'),
    read: (m) => ({
      comparator: m[1] ? comparatorWords[m[1]]! : m[3]?.trim() === '以下' ? '<' : '>=',
      value: Number(m[2]),
      unit: '%',
    }),
  },
  // "20 年一遇"; a range "2—3 年一遇" is met from its lower bound.
  {
    re: new RegExp(String.raw`${NUM}(?:\s*[—–\-~～至]\s*${NUM})?\s*年一遇`, 'g'),
    read: (m) => ({ comparator: '>=', value: Number(m[1]), unit: '年一遇' }),
  },
  { re: new RegExp(String.raw`${NUM}\s*分钟\s*以?内`, 'g'), read: (m) => ({ comparator: '<=', value: Number(m[1]), unit: '分钟' }) },
  {
    re: new RegExp(String.raw`${CMP}\s*${NUM}\s*(?:平方米|m²|㎡)`, 'g'),
    read: (m) => ({ comparator: comparatorWords[m[1]!]!, value: Number(m[2]), unit: 'area' }),
  },
  {
    re: new RegExp(String.raw`(?:不少于|不小于|不低于|至少)\s*${NUM}\s*米`, 'g'),
    read: (m) => ({ comparator: '>=', value: Number(m[1]), unit: '米' }),
  },
  // A frequency per year or per quarter ("每年至少组织 1 次", "每年组织开展不少于 2 次", "每季度开展 1 次以上"): its
  // count is a floor. With no count in the clause, "每季度召开…会议" asks for one each quarter; a count in words
  // ("每年召开两次") is left to the administrator rather than read as one.
  {
    re: new RegExp(String.raw`每(年|季度)(?:至少)?\s*${ACTIVITY}*(?:不少于|至少)?\s*(\d+)\s*([次项])(?:以上)?`, 'g'),
    read: (m) => ({ comparator: '>=', value: Number(m[2]), unit: frequencyUnit(m[1]!, m[3]!) }),
  },
  {
    re: new RegExp(String.raw`每(年|季度)(?:至少)?\s*${ACTIVITY}+(?![^${CLAUSE_END}]*?(?:\d|[一二两三四五六七八九十]\s*[次项]))`, 'g'),
    read: (m) => ({ comparator: '>=', value: 1, unit: frequencyUnit(m[1]!, '次') }),
  },
  // "2020 年达到 275.79 万人": a count to reach by a year.
  {
    re: new RegExp(String.raw`\d{4}\s*年\s*达到\s*${NUM}\s*万人`, 'g'),
    read: (m) => ({ comparator: '>=', value: Number(m[1]), unit: '万人' }),
  },
];

const SPLITTERS = '、及和与';

/** Figures inside “…” are names ("四个100%", "5.12国家防灾减灾日"), not targets. */
const insideQuotes = (text: string, index: number): boolean => {
  const before = text.slice(0, index);
  return before.lastIndexOf('“') > before.lastIndexOf('”');
};

/**
 * Where the clause holding `index` begins: after the last clause punctuation or unmatched opening
 * bracket before it, ignoring punctuation inside brackets and quotes, and never before `floor`.
 */
const clauseStart = (text: string, index: number, floor: number): number => {
  let depth = 0;
  let quoted = false;
  for (let i = index - 1; i >= floor; i--) {
    const ch = text[i]!;
    if (ch === '”') quoted = true;
    else if (ch === '“') quoted = false;
    else if (quoted) continue;
    else if (ch === '）' || ch === ')') depth++;
    else if (ch === '（' || ch === '(') {
      if (depth === 0) return i + 1;
      depth--;
    } else if (depth === 0 && CLAUSE_END.includes(ch)) return i + 1;
  }
  return floor;
};

/** The words after a figure that complete its indicator ("100%持证上岗"), up to the clause end or "并". */
const trailingPhrase = (text: string, from: number, ceiling: number): number => {
  let i = from;
  while (i < ceiling && !CLAUSE_END.includes(text[i]!) && !'（(）)并'.includes(text[i]!)) i++;
  return i;
};

const leadIn = /(?:基本)?(?:达到|达)$/;

/** Rates sharing one figure ("定检率、安全距离达标率…100%") are separate indicators. */
const splitRates = (name: string): string[] => {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    current += name[i];
    if (name[i] === '率' && SPLITTERS.includes(name[i + 1] ?? '')) {
      parts.push(current);
      current = '';
      i++;
    }
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
};

const findFigures = (text: string): Figure[] => {
  const found: Figure[] = [];
  for (const { re, read } of patterns) {
    for (const m of text.matchAll(re)) {
      if (!insideQuotes(text, m.index)) found.push({ index: m.index, end: m.index + m[0].length, ...read(m) });
    }
  }
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  return found.filter((f, i) => found.slice(0, i).every((g) => g.end <= f.index));
};

/**
 * Reads the measurable targets of a task text. The indicator's name is the clause before the
 * figure without its lead-in verb ("达到"), completed by the words right after the figure when
 * there are any ("5 分钟内消防队到达辖区边缘"); a clause that is only a figure takes the clause
 * before it. Qualitative aims ("低于全国城市平均水平", "逐年下降") are not targets.
 */
export const extractTargets = (text: string): Target[] => {
  const figures = findFigures(text);
  const targets: Target[] = [];
  figures.forEach((figure, i) => {
    const floor = i === 0 ? 0 : figures[i - 1]!.end;
    const ceiling = figures[i + 1]?.index ?? text.length;
    let start = clauseStart(text, figure.index, floor);
    const afterEnd = trailingPhrase(text, figure.end, ceiling);
    const after = text.slice(figure.end, afterEnd).trim();
    let before = text.slice(start, figure.index).trim().replace(leadIn, '').trim();
    // "配备专职安全管理员的，配备率…" and "参保人数，2020 年达到…": the subject is in the previous clause.
    const previousClauseEnd = start - 1;
    const subjectBefore =
      previousClauseEnd > floor &&
      text[previousClauseEnd] === '，' &&
      (text[previousClauseEnd - 1] === '的' || (before === '' && after === ''));
    if (subjectBefore) {
      const previousStart = clauseStart(text, previousClauseEnd, floor);
      before =
        before === ''
          ? text.slice(previousStart, previousClauseEnd).trim()
          : text.slice(previousStart, figure.index).trim().replace(leadIn, '').trim();
      start = previousStart;
    }
    const fragment = text.slice(start, afterEnd).trim();
    const names = after !== '' ? [before + after] : before !== '' ? splitRates(before) : [fragment];
    for (const name of names) {
      const unit = figure.unit === 'area' ? (name.includes('人均') ? 'm²/人' : 'm²') : figure.unit;
      targets.push({ name, comparator: figure.comparator, value: figure.value, unit, text: fragment });
    }
  });
  return targets;
};

/** Whether an actual value meets a target. A value that is not a finite number meets nothing. */
export const isMet = (target: Pick<Target, 'comparator' | 'value'>, actual: number): boolean => {
  if (!Number.isFinite(actual)) return false;
  switch (target.comparator) {
    case '>=':
      return actual >= target.value;
    case '>':
      return actual > target.value;
    case '=':
      return actual === target.value;
    case '<=':
      return actual <= target.value;
    case '<':
      return actual < target.value;
  }
};
