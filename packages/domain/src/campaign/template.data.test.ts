import { describe, expect, it } from 'vitest';
import { seedOrgs } from '../identity/orgs.js';
import { parseDeadline } from './deadline.js';
import { parseResponsible } from './responsible.js';
import { campaignPhases, campaignSchedule, campaignSections, campaignTasks, campaignTemplate } from './template.data.js';
import { type Responsible, responsibleGroups } from './types.js';

const task = (seq: number) => campaignTasks.find((t) => t.seq === seq)!;
const row = (seq: number) => campaignSchedule.find((r) => r.seq === seq)!;
const orgCodes = new Set(seedOrgs.map((o) => o.code));

describe('附件2 任务分解表', () => {
  it('has the 100 tasks in order, in the seven sections and their ranges', () => {
    expect(campaignTasks.map((t) => t.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(campaignSections.map((s) => s.title)).toEqual([
      '一、城市安全状况显著改善',
      '二、加强城市安全源头治理',
      '三、加强城市安全风险防控',
      '四、加强城市安全监督管理',
      '五、提升城市安全保障能力',
      '六、提升城市安全应急救援能力',
      '七、创建工作中的特色亮点工作',
    ]);
    const ranges = campaignSections.map((s) => {
      const seqs = campaignTasks.filter((t) => t.section === s.no).map((t) => t.seq);
      return [Math.min(...seqs), Math.max(...seqs), seqs.length];
    });
    expect(ranges).toEqual([
      [1, 5, 5],
      [6, 18, 13],
      [19, 44, 26],
      [45, 71, 27],
      [72, 90, 19],
      [91, 99, 9],
      [100, 100, 1],
    ]);
  });

  it('keeps the texts as the seed prints them, rejoining rows split by a page break', () => {
    expect(task(5).content).toBe(
      '近5年内未发生特别重大事故灾难,且在近3年内未发生重大事故灾难;近1年内未因城市安全有关工作不力被国务院安委会或安委办约谈、通报;国务院安委会或安委办挂牌督办的重大安全隐患已全部按时整改到位;近1年内未发生重特大环境污染和生态破坏事件、药品安全事件或食品安全事故,未出现因工作不力导致重特大自然灾害事件损失扩大、造成恶劣影响的情形。',
    );
    expect(task(8).content).toBe(
      '加强城市交通、供水、排水防涝、供气、供电和污水、污泥、垃圾处理等基础设施的建设运营全过程安全监管和通信设施建设的协调保障。市政消火栓（消防水鹤）完好率 100%；市政供水、供热和燃气老旧管网改造率 > 80%。',
    );
    expect(task(15).content).toBe(
      '严格执行城市安全生产禁止和限制类产业目录，推动城市产业结构调整，治理整顿安全生产条件落后的生产经营单位，经整改仍不具备安全生产条件的，依法实施关闭。',
    );
    expect(task(50).content).toBe(
      '企业安全培训达到“四个100%”（高危行业“三项岗位”人员100%持证上岗，以班组长、新工人、外来务工人员为重点的企业从业人员100%培训合格后上岗，各级安全监管监察人员 100%持执法证上岗，确保安全培训机构的老师参加知识更新培训；持续提高企业员工工伤保险参保人数，2020 年达到 275.79 万人，高危行业（领域）实行安全生产责任保险。生产经营单位建立事故隐患自查自报自治制度，构建以生产经营单位为主体的隐患排查治理运行机制。',
    );
    expect(task(56).content).toBe(
      '完善隐患排查治理监督制度，强化对各类生产经营单位和场所落实隐患排查治理制度情况的监督检查，严格实施重大事故隐患挂牌督办。加强施工前作业风险评估，强化检维修作业、临时用电作业、盲板抽堵作业、高空作业、吊装作业、断路作业、动土作业、立体交叉作业、有限空间作业、焊接与热切割作业以及塔吊、脚手架在使用和拆装过程中的安全管理，防范事故发生。',
    );
    expect(task(56).responsibleText).toBe('安委办，负有安全生产监管职责的部门，各街办，陆港集团、西安港集团');
    expect(task(63).content).toBe(
      '充分运用移动执法终端、电子案卷等手段，改善现场执法、调查取证、应急处置等监管执法条件，实施执法过程全过程记录。',
    );
    expect(task(63).responsibleText).toBe('安委办、负有安全生产监管职责的部门，各街办');
    expect(task(83).content).toBe(
      '在政府购买安全生产服务指导目录中，将安全生产专业服务纳入现代服务业发展规划，培育多元化服务主体，完善安全生产服务机构管理办法，支持发展安全生产专业化行业组织开展安全生产评价和技术服务，强化自治自律，定期对技术服务机构进行专项检查，并对问题进行通报整改。',
    );
    expect(task(100).content).toBe(
      '各街办和区级部门及单位在创建工作中的特色亮点工作。包括：城市安全科技项目获得国家（国家最高科学技术奖、国家自然科学奖、国家技术发明奖、国家科学技术进步奖、国际科学技术合作奖）或省级奖励；在国家安全产业示范园区、全国综合减灾示范社区创建取得显著成绩；在城市安全管理体制、制度、手段、方式创新等方面具有西安特色、地区行业特点的开创性工作。',
    );
    expect(task(28).responsibleText).toBe(
      '交通住建局、经发局、农水局、城管局、应急管理局、教育卫健局、社会事业局、组织人事局、资源规划局、教育卫健局、市容环境局、应急管理局、质监分局、消防救援大队、陆港集团等相关部门，各街办',
    );
    expect([task(1), task(12), task(39), task(42), task(45)].map((t) => t.deadlineText)).toEqual([
      '2020年11月 -2021年7月',
      '规划水平年',
      '2020 年-2021 年',
      '2020年10月',
      '2020年-2021年',
    ]);
  });

  it('has only whitespace-normalised cells', () => {
    for (const t of [...campaignTasks, ...campaignSchedule]) {
      for (const cell of [t.content, t.responsibleText, t.deadlineText]) {
        expect(cell).toBe(cell.trim());
        expect(cell).not.toMatch(/\s{2}|[\t\n]/);
      }
    }
  });
});

describe('responsible units', () => {
  const units = (seq: number) => task(seq).responsible;

  it('links the liaison rule: 各派出所 through 平安办, 交警一中队 through 城管局', () => {
    expect(units(20)[0]).toEqual({ orgCode: 'PCS', role: 'member', via: 'PAB' });
    for (const seq of [20, 21, 27, 30, 53]) expect(units(seq)).toContainEqual({ orgCode: 'PCS', role: 'member', via: 'PAB' });
    for (const seq of [34, 36, 78]) expect(units(seq)).toContainEqual({ orgCode: 'JJYZD', role: 'member', via: 'CGJ' });
    expect(units(34)).toEqual([
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JJYZD', role: 'member', via: 'CGJ' },
    ]);
  });

  it('maps the committees, their offices and the groups', () => {
    expect(units(1)).toEqual([{ group: '安委会各成员单位' }]);
    expect(units(2)).toEqual([{ orgCode: 'JAWB', role: 'member' }, { group: '交安委会各成员单位' }]);
    expect(units(3)).toEqual([{ orgCode: 'XAWB', role: 'member' }, { group: '消安委会各成员单位' }]);
    expect(units(4)).toEqual([
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { group: '负有自然灾害防治职责的部门' },
      { group: '各街办' },
    ]);
    expect(units(45)).toEqual([{ orgCode: 'AWB', role: 'member' }, { orgCode: 'GWH-BGS', role: 'member' }, { group: '各街办' }]);
    expect(units(89)).toContainEqual({ group: '安委会各成员单位' });
    expect(units(99)).toContainEqual({ group: '负有安全生产监管职责的部门' });
    expect(units(20)).toContainEqual({ group: '各相关部门和单位' });
    expect(units(15)).toContainEqual({ group: '各行业主管部门' });
    expect(responsibleGroups.各街办.orgCodes).toEqual(['XZJB', 'XHJB']);
  });

  it('reads the seed’s other spellings through aliases', () => {
    expect(units(61)).toEqual([
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'SYJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'GSFJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ]);
    expect(units(62)).toEqual([
      { orgCode: 'AWB', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
      { orgCode: 'GWH-BGS', role: 'member' },
      { group: '负有安全生产监管职责的部门' },
      { group: '各街办' },
    ]);
    expect(row(2).responsible).toEqual([{ orgCode: 'CJLDXZ-BGS', role: 'member' }]);
    expect(row(3).responsible).toEqual([{ orgCode: 'CJLDXZ-BGS', role: 'member' }]);
    expect(row(15).responsible).toEqual([{ orgCode: 'AWB', role: 'member' }, { group: '各板块' }, { group: '各区级部门和单位' }]);
  });

  it('lists a unit named twice once (task 28)', () => {
    const codes = units(28).flatMap((r) => ('orgCode' in r ? [r.orgCode] : []));
    expect(codes.filter((c) => c === 'JYWJJ')).toHaveLength(1);
    expect(codes.filter((c) => c === 'YJGLJ')).toHaveLength(1);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('equals parseResponsible(responsibleText) on every row, with every code in the org tree and no lead (备注: 未设牵头单位)', () => {
    const all: { responsibleText: string; responsible: readonly Responsible[] }[] = [...campaignTasks, ...campaignSchedule];
    for (const r of all) {
      const parsed = parseResponsible(r.responsibleText);
      expect(parsed.unresolved, r.responsibleText).toEqual([]);
      expect(r.responsible, r.responsibleText).toEqual(parsed.responsible);
      for (const entry of r.responsible) {
        if ('group' in entry) continue;
        expect(orgCodes.has(entry.orgCode), entry.orgCode).toBe(true);
        if (entry.via) expect(orgCodes.has(entry.via), entry.via).toBe(true);
        expect(entry.role).toBe('member');
      }
    }
  });

  it('reports a unit it cannot place instead of guessing', () => {
    expect(parseResponsible('应急管理局、气象局').unresolved).toEqual(['气象局']);
    expect(parseResponsible('各派出所（气象局对接联系）').unresolved).toEqual(['各派出所（气象局对接联系）']);
  });
});

describe('附件3 日程安排表 and 附件1 §三 phases', () => {
  it('has the 19 schedule rows', () => {
    expect(campaignSchedule.map((r) => r.seq)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(row(10).content).toBe(
      '全面摸清底数，统筹源头治理。（1）完成企业（单位）风险（源）普查辨识建档工作；（2）完成全区重点行业领域硬件配套安全设施普查摸底工作；（3）制订落实安全设施建设计划、规划，统筹落实建设配套资金，分级分步推进实施；（4）依托应急管理指挥平台，构建重点领域场所分级分色电子地图；（5）全面启动重点领域重点场所重点设施安全管理标准规范制修订工作。',
    );
    expect(row(12)).toMatchObject({
      content: '全面完成重点领域重点场所重点设施安全管理工作制度制修订工作。',
      deadlineText: '2020年3月31日前',
    });
    expect(row(3).content).toBe('形成《西安国际港务区国家安全发展示范城市创建实施方案》，并印发。');
    expect(row(19).deadlineText).toBe('按照国家确定时间实施');
  });

  it('has the five phases with the periods their headings give', () => {
    expect(campaignPhases.map((p) => [p.seq, p.name, p.periodText])).toEqual([
      [1, '动员部署阶段', '2020年10月'],
      [2, '组织实施阶段', '2020年10月-2021年4月'],
      [3, '自评完善阶段', '2021年5月'],
      [4, '上级复核阶段', '2021年6月-7月'],
      [5, '国家评议阶段', '具体时间行程待定'],
    ]);
    expect(campaignPhases[1]!.content).toContain('及时协调解决创建工作中的新情况新问题。');
  });

  it('has a deadline that parses on every task, schedule row and phase', () => {
    const texts = [
      ...campaignTasks.map((t) => t.deadlineText),
      ...campaignSchedule.map((r) => r.deadlineText),
      ...campaignPhases.map((p) => p.periodText),
    ];
    for (const text of texts) {
      const result = parseDeadline(text, { issuedOn: campaignTemplate.issuedOn, planningYear: 2035 });
      expect(result.ok, text).toBe(true);
    }
  });

  it('names the document and the step that issues it', () => {
    expect(campaignTemplate).toMatchObject({ documentNo: '西港安城创〔2020〕1号', issuedOn: '2020-11-17', issueStepSeq: 3 });
  });
});
