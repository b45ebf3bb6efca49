import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Comparator, extractTargets, isMet, type Target } from './targets.js';
import { campaignTasks } from './template.data.js';

const targetsOf = (seq: number) => extractTargets(campaignTasks.find((t) => t.seq === seq)!.content);
const brief = (targets: Target[]) => targets.map(({ name, comparator, value, unit }) => ({ name, comparator, value, unit }));

/**
 * Counted by reading each task of 附件2: one target per figure, and one per rate when several
 * rates share a figure ("定检率、安全距离达标率、…监控率100%" is three). Trends ("逐年下降"),
 * comparisons without a figure ("低于全国城市平均水平") and figures in quotes ("四个100%") are none; a
 * frequency with no count ("每季度召开…会议", task 45) is once per period.
 */
const expectedCounts: Record<number, number> = {
  8: 2,
  9: 2,
  10: 5,
  11: 1,
  12: 6,
  14: 2,
  17: 1,
  19: 4,
  22: 3,
  25: 4,
  26: 1,
  28: 1,
  31: 1,
  32: 1,
  33: 3,
  36: 2,
  43: 1,
  45: 1,
  50: 4,
  51: 1,
  59: 1,
  62: 2,
  71: 1,
  86: 5,
  89: 2,
  93: 1,
  95: 1,
};

describe('extractTargets on the 100 tasks', () => {
  it('finds the expected number of targets in every task (0 where none is listed)', () => {
    const counts = campaignTasks.map((t) => [t.seq, extractTargets(t.content).length]);
    expect(counts).toEqual(campaignTasks.map((t) => [t.seq, expectedCounts[t.seq] ?? 0]));
    expect(counts.reduce((sum, [, n]) => sum + n!, 0)).toBe(59);
  });

  it('task 8: 完好率 100% and 改造率 > 80%', () => {
    expect(targetsOf(8)).toEqual([
      { name: '市政消火栓（消防水鹤）完好率', comparator: '>=', value: 100, unit: '%', text: '市政消火栓（消防水鹤）完好率 100%' },
      {
        name: '市政供水、供热和燃气老旧管网改造率',
        comparator: '>',
        value: 80,
        unit: '%',
        text: '市政供水、供热和燃气老旧管网改造率 > 80%',
      },
    ]);
  });

  it('task 9: within 5 minutes, and 四有/五有 达标率 100%', () => {
    const [minutes, rate] = targetsOf(9);
    expect(minutes).toEqual({
      name: '在接到出动指令后消防队到达辖区边缘',
      comparator: '<=',
      value: 5,
      unit: '分钟',
      text: '在接到出动指令后 5 分钟内消防队到达辖区边缘',
    });
    expect(rate).toMatchObject({ comparator: '>=', value: 100, unit: '%' });
    expect(rate!.name).toMatch(/^重点社区“四有”（.+）、重点行政村“五有”（.+）达标率$/);
  });

  it('task 10: 以上 and ≥ include the number; 每年至少 1 次', () => {
    expect(brief(targetsOf(10))).toEqual([
      { name: '居民小区消防安全警示、标识设置率', comparator: '>=', value: 100, unit: '%' },
      { name: '消防通信、消防供水等消防设施正常维护率', comparator: '>=', value: 95, unit: '%' },
      { name: '消防通信设施完好率', comparator: '>=', value: 95, unit: '%' },
      { name: '消防站及特勤站中的消防车、防护装备、抢险救援器材和灭火器材的配备达标率', comparator: '>=', value: 100, unit: '%' },
      { name: '居（村）委会和物业服务企业消防应急疏散演练', comparator: '>=', value: 1, unit: '次/年' },
    ]);
    expect(targetsOf(10)[1]!.text).toBe('消防通信、消防供水等消防设施正常维护率达到 95% 以上');
  });

  it('task 12: return periods, ranges from their lower bound', () => {
    expect(brief(targetsOf(12))).toEqual([
      { name: '区域骨干河道及重要支流防洪标准', comparator: '>=', value: 20, unit: '年一遇' },
      { name: '区域除涝标准', comparator: '>=', value: 20, unit: '年一遇' },
      { name: '主城区防洪标准', comparator: '>=', value: 100, unit: '年一遇' },
      { name: '城市主要排涝河道及泵站', comparator: '>=', value: 20, unit: '年一遇' },
      { name: '城市管网排水标准', comparator: '>=', value: 2, unit: '年一遇' },
      { name: '重要地区', comparator: '>=', value: 3, unit: '年一遇' },
    ]);
    expect(targetsOf(12)[4]!.text).toBe('城市管网排水标准达到 2—3 年一遇');
    expect(targetsOf(12)[5]!.text).toBe('重要地区 3—5 年一遇');
  });

  it('task 14: strict > 30% and > 2%', () => {
    expect(brief(targetsOf(14))).toEqual([
      { name: '城市新区新建道路综合管廊建设率', comparator: '>', value: 30, unit: '%' },
      { name: '城市道路综合管廊综合配建率', comparator: '>', value: 2, unit: '%' },
    ]);
  });

  it('task 19: two rates sharing one 100% are two targets', () => {
    expect(brief(targetsOf(19))).toEqual([
      { name: '危险化学品重大危险源的企业视频和安全监控系统安装率', comparator: '>=', value: 100, unit: '%' },
      { name: '危险化学品监测预警系统建设完成率', comparator: '>=', value: 100, unit: '%' },
      { name: '危化品生产、使用、储存企业二级安全生产标准化建设达标率', comparator: '>=', value: 100, unit: '%' },
      {
        name: '涉及重点监管危险化工工艺和重大危险源的危险化学品生产装置和储存设施安全仪表系统装备率',
        comparator: '>=',
        value: 100,
        unit: '%',
      },
    ]);
  });

  it('task 25: "率达100%" and a bare "合格率90%" are floors', () => {
    expect(brief(targetsOf(25))).toEqual([
      { name: '建设施工现场视频监控系统安装率', comparator: '>=', value: 100, unit: '%' },
      { name: '大型起重机械安全监控系统出厂安装率', comparator: '>=', value: 100, unit: '%' },
      { name: '建筑施工企业主要负责人、项目负责人、专兼职安全管理人员和特种作业人员持证上岗率', comparator: '>=', value: 100, unit: '%' },
      { name: '安全生产标准化考评合格率', comparator: '>=', value: 90, unit: '%' },
    ]);
  });

  it('task 36: "达 95%"', () => {
    expect(brief(targetsOf(36))).toEqual([
      { name: '“两客一危”车辆动态监管装置安装使用率', comparator: '>=', value: 95, unit: '%' },
      { name: '城市内渡口渡船安全达标率', comparator: '>=', value: 100, unit: '%' },
    ]);
  });

  it('task 43: > 90% with no spaces', () => {
    expect(targetsOf(43)).toEqual([
      { name: '气象灾害预警信息公众覆盖率', comparator: '>', value: 90, unit: '%', text: '气象灾害预警信息公众覆盖率>90%' },
    ]);
  });

  it('task 45: "政府每季度召开安全生产专题会议" is once a quarter', () => {
    expect(brief(targetsOf(45))).toEqual([{ name: '政府安全生产专题会议', comparator: '>=', value: 1, unit: '次/季度' }]);
  });

  it('task 62: the date "2020年12月底前" is not a target', () => {
    expect(brief(targetsOf(62))).toEqual([
      { name: '信息化执法率', comparator: '>', value: 90, unit: '%' },
      { name: '执法检查处罚率', comparator: '>', value: 5, unit: '%' },
    ]);
  });

  it('task 86: five rates of 100%', () => {
    expect(targetsOf(86).map((t) => t.name)).toEqual([
      '社区网格化覆盖率',
      '网格员发现的事故隐患处理率',
      '应急（安监）专业网格划分完成率',
      '专业网格员配备率',
      '专业网格员使用安全生产网格化“一站式”移动终端开展巡查工作（含安全走访）覆盖率',
    ]);
    expect(targetsOf(86).every((t) => t.comparator === '>=' && t.value === 100 && t.unit === '%')).toBe(true);
  });

  it('task 95: 大于1.5平方米 per person', () => {
    expect(targetsOf(95)).toEqual([
      { name: '人均避难场所面积', comparator: '>', value: 1.5, unit: 'm²/人', text: '人均避难场所面积大于1.5平方米' },
    ]);
  });

  it('task 50: the three 100% items of “四个100%” and the 2020 count, not the slogan', () => {
    expect(brief(targetsOf(50))).toEqual([
      { name: '高危行业“三项岗位”人员持证上岗', comparator: '>=', value: 100, unit: '%' },
      { name: '以班组长、新工人、外来务工人员为重点的企业从业人员培训合格后上岗', comparator: '>=', value: 100, unit: '%' },
      { name: '各级安全监管监察人员持执法证上岗', comparator: '>=', value: 100, unit: '%' },
      { name: '持续提高企业员工工伤保险参保人数', comparator: '>=', value: 275.79, unit: '万人' },
    ]);
  });

  it('tasks 11, 33, 89, 93: distances, a clause ending in 的, counts per year', () => {
    expect(brief(targetsOf(11))).toEqual([
      { name: '中心城区中小学校、幼儿园周边范围内交通安全设施齐全', comparator: '>=', value: 150, unit: '米' },
    ]);
    expect(targetsOf(33)[2]!.name).toBe('公众聚集场所特种设备使用单位依法需配备专职安全管理员的，配备率');
    expect(brief(targetsOf(89))[1]).toEqual({ name: '应急避险演练', comparator: '>=', value: 1, unit: '次/年' });
    expect(brief(targetsOf(93))).toEqual([{ name: '街办应急演练', comparator: '>=', value: 2, unit: '项/年' }]);
  });
});

describe('extractTargets on phrasings', () => {
  const one = (text: string) => brief(extractTargets(text));

  it('reads the comparators the 细则 uses', () => {
    expect(one('完好率达到 95% 以上')).toEqual([{ name: '完好率', comparator: '>=', value: 95, unit: '%' }]);
    expect(one('完好率≥95%')).toEqual([{ name: '完好率', comparator: '>=', value: 95, unit: '%' }]);
    expect(one('事故率 5% 以下')).toEqual([{ name: '事故率', comparator: '<', value: 5, unit: '%' }]);
    expect(one('误报率不超过 2%')).toEqual([{ name: '误报率', comparator: '<=', value: 2, unit: '%' }]);
    expect(one('周边不少于 150 米范围')).toEqual([{ name: '周边范围', comparator: '>=', value: 150, unit: '米' }]);
    expect(one('每年至少 1 次演练')).toEqual([{ name: '演练', comparator: '>=', value: 1, unit: '次/年' }]);
    expect(one('每季度至少开展 1 次隐患排查')).toEqual([{ name: '隐患排查', comparator: '>=', value: 1, unit: '次/季度' }]);
    expect(one('街办每季度组织 2 项以上应急演练')).toEqual([{ name: '街办应急演练', comparator: '>=', value: 2, unit: '项/季度' }]);
    expect(one('每季度3次检查')).toEqual([{ name: '检查', comparator: '>=', value: 3, unit: '次/季度' }]);
    // No count: once each period.
    expect(one('政府每季度召开安全生产专题会议')).toEqual([{ name: '政府安全生产专题会议', comparator: '>=', value: 1, unit: '次/季度' }]);
    expect(one('每年开展应急演练')).toEqual([{ name: '应急演练', comparator: '>=', value: 1, unit: '次/年' }]);
    // "每年" that names no activity is no frequency.
    expect(extractTargets('每年更新一次名录')).toEqual([]);
    // The count after more than one verb, or after 不少于, is the count; a count in words is not read as one.
    expect(one('每年组织开展2次演练')).toEqual([{ name: '演练', comparator: '>=', value: 2, unit: '次/年' }]);
    expect(one('每年开展不少于2次演练')).toEqual([{ name: '演练', comparator: '>=', value: 2, unit: '次/年' }]);
    expect(extractTargets('每年召开两次会议')).toEqual([]);
    expect(extractTargets('每季度召开会议，每次不少于3人')).toHaveLength(1);
    expect(one('防洪标准达到 20 年一遇')).toEqual([{ name: '防洪标准', comparator: '>=', value: 20, unit: '年一遇' }]);
    expect(one('绿地面积大于 2 平方米')).toEqual([{ name: '绿地面积', comparator: '>', value: 2, unit: 'm²' }]);
  });

  it('skips what is not a figure to report against', () => {
    expect(extractTargets('用户平均停电时间低于全国城市平均水平。')).toEqual([]);
    expect(extractTargets('近三年火灾十万人口死亡率逐年下降。')).toEqual([]);
    expect(extractTargets('达到“四个100%”')).toEqual([]);
    expect(extractTargets('2020年12月底前完成')).toEqual([]);
  });

  it('reads any "X率 ≥ N%" back as written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.constantFrom('≥', '>', '<', '≤'), fc.constantFrom('', ' '), (n, sign, s) => {
        const [target] = extractTargets(`合格率${s}${sign}${s}${n}%`);
        const expected: Record<string, Comparator> = { '≥': '>=', '>': '>', '<': '<', '≤': '<=' };
        return target?.name === '合格率' && target.value === n && target.comparator === expected[sign];
      }),
    );
  });
});

describe('isMet', () => {
  const t = (comparator: Comparator, value: number) => ({ comparator, value });

  it('is exact at the boundaries', () => {
    expect(isMet(t('>', 80), 80)).toBe(false);
    expect(isMet(t('>', 80), 80.01)).toBe(true);
    expect(isMet(t('>=', 95), 95)).toBe(true);
    expect(isMet(t('>=', 95), 94.99)).toBe(false);
    expect(isMet(t('>=', 100), 100)).toBe(true);
    expect(isMet(t('>=', 100), 99.9)).toBe(false);
    expect(isMet(t('<=', 5), 5)).toBe(true);
    expect(isMet(t('<=', 5), 5.01)).toBe(false);
    expect(isMet(t('<', 5), 5)).toBe(false);
    expect(isMet(t('=', 100), 100)).toBe(true);
    expect(isMet(t('=', 100), 99)).toBe(false);
    expect(isMet(t('>', 1.5), 1.5)).toBe(false);
    expect(isMet(t('>=', 100), Number.NaN)).toBe(false);
  });

  it('agrees with the extracted targets of the seed (task 8: 100% met at 100, > 80% not met at 80)', () => {
    const [hydrants, pipes] = extractTargets(campaignTasks[7]!.content);
    expect(isMet(hydrants!, 100)).toBe(true);
    expect(isMet(hydrants!, 99)).toBe(false);
    expect(isMet(pipes!, 80)).toBe(false);
    expect(isMet(pipes!, 81)).toBe(true);
  });

  it('meets a floor exactly when the actual is not below it, and a strict floor only above it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (value, actual) => {
        return (
          isMet(t('>=', value), actual) === !(actual < value) &&
          isMet(t('>', value), actual) === actual > value &&
          isMet(t('<=', value), actual) === !isMet(t('>', value), actual) &&
          isMet(t('<', value), actual) === !isMet(t('>=', value), actual)
        );
      }),
    );
  });
});
