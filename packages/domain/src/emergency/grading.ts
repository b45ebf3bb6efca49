import { type Bilingual, bi } from '../i18n.js';

/**
 * 事故等级 of 《生产安全事故报告和调查处理条例》 (国务院令第493号) Art. 3 [V] (regulations.md §4.1; sources
 * k67r.cn/member/edu24ol/140725.html, ccbuild.com/article-525870-1.html): the API and the database carry the
 * Chinese values as they are, from the highest grade down.
 */
export const accidentGrades = ['特别重大', '重大', '较大', '一般'] as const;
export type AccidentGrade = (typeof accidentGrades)[number];
export const accidentGradeLabels: Record<AccidentGrade, Bilingual> = {
  特别重大: bi('特别重大事故', 'Extraordinarily serious accident'),
  重大: bi('重大事故', 'Serious accident'),
  较大: bi('较大事故', 'Relatively serious accident'),
  一般: bi('一般事故', 'Ordinary accident'),
};

/** The three criteria of Art. 3; any one of them is enough for a grade. */
export const gradingCriteria = ['deaths', 'seriousInjuries', 'directLossWan'] as const;
export type GradingCriterion = (typeof gradingCriteria)[number];
export const gradingCriterionLabels: Record<GradingCriterion, Bilingual> = {
  deaths: bi('死亡人数', 'Deaths'),
  seriousInjuries: bi('重伤人数（含急性工业中毒）', 'Serious injuries (incl. acute industrial poisoning)'),
  directLossWan: bi('直接经济损失（万元）', 'Direct economic loss (10 000 yuan)'),
};

export interface GradingFigures {
  deaths: number;
  seriousInjuries: number;
  /** 直接经济损失 in 万元 (1亿元 = 10 000 万元). */
  directLossWan: number;
}

/**
 * The lower bound of each grade on each criterion: "X以上" includes X and "Y以下" excludes Y, so 较大 on deaths is
 * 3 ≤ d < 10 (493号令 Art. 3; regulations.md, the rule for all thresholds). 一般 has no lower bound.
 */
export const gradeThresholds: Record<Exclude<AccidentGrade, '一般'>, GradingFigures> = {
  特别重大: { deaths: 30, seriousInjuries: 100, directLossWan: 10000 },
  重大: { deaths: 10, seriousInjuries: 50, directLossWan: 5000 },
  较大: { deaths: 3, seriousInjuries: 10, directLossWan: 1000 },
};

/** Where the grading rule comes from, shown beside the result. */
export const gradingSource = bi(
  '《生产安全事故报告和调查处理条例》（国务院令第493号）第三条；“以上”包括本数，“以下”不包括本数',
  'Regulation on the Reporting, Investigation and Handling of Production Safety Accidents (State Council Decree 493), Art. 3; “以上” includes the number, “以下” excludes it',
);

/** The grade one criterion reaches on its own. */
export function criterionGrade(criterion: GradingCriterion, value: number): AccidentGrade {
  for (const grade of ['特别重大', '重大', '较大'] as const) if (value >= gradeThresholds[grade][criterion]) return grade;
  return '一般';
}

export interface AccidentGrading {
  grade: AccidentGrade;
  /** The criteria whose own grade equals the result (all three when nothing reaches 较大). */
  decidedBy: GradingCriterion[];
}

/** The grade of an accident: the highest grade reached on any of the three criteria (Art. 3). */
export function gradeAccident(figures: GradingFigures): AccidentGrading {
  const own = gradingCriteria.map((criterion) => [criterion, criterionGrade(criterion, figures[criterion])] as const);
  const rank = (grade: AccidentGrade) => accidentGrades.indexOf(grade);
  const grade = own.reduce<AccidentGrade>((best, [, g]) => (rank(g) < rank(best) ? g : best), '一般');
  return { grade, decidedBy: own.filter(([, g]) => g === grade).map(([criterion]) => criterion) };
}
