import { describe, expect, it } from 'vitest';
import { allowedChildTypes, type OrgType, seedOrgs } from './orgs.js';

describe('seed org tree (西港安城创〔2020〕1号)', () => {
  const byCode = new Map(seedOrgs.map((o) => [o.code, o]));

  it('has unique codes and one root, the district', () => {
    expect(byCode.size).toBe(seedOrgs.length);
    expect(seedOrgs.filter((o) => !o.parentCode).map((o) => o.code)).toEqual(['GWQ']);
  });

  it('lists every parent before its children and respects which kinds may nest', () => {
    const seen = new Set<string>();
    for (const o of seedOrgs) {
      if (o.parentCode) {
        expect(seen.has(o.parentCode), o.code).toBe(true);
        expect(allowedChildTypes[byCode.get(o.parentCode)!.type as OrgType]).toContain(o.type);
      }
      seen.add(o.code);
    }
  });

  it('records the liaison rule and the names the seed uses twice', () => {
    expect(byCode.get('PCS')!.liaisonCode).toBe('PAB');
    expect(byCode.get('JJYZD')!.liaisonCode).toBe('CGJ');
    expect(byCode.get('GSFJ')!.aliases).toContain('工商局');
    expect(byCode.get('ZJFJ')!.aliases).toContain('质监局');
    expect(byCode.get('SYJ')!.aliases).toContain('食药监局');
    expect(byCode.get('CJLDXZ-BGS')!.aliases).toContain('西港建领导小组办公室');
  });

  it('names every responsible unit of 附件2', () => {
    const names = new Set(seedOrgs.flatMap((o) => [o.name, o.shortName, ...(o.aliases ?? [])]));
    const units = [
      '经发局',
      '教育卫健局',
      '社会事业局',
      '资源规划局',
      '城管局',
      '交通住建局',
      '交通运输局',
      '港口局',
      '农水局',
      '应急管理局',
      '消防救援大队',
      '征迁办',
      '财政局',
      '组织人事局',
      '市容环境局',
      '行政审批局',
      '平安办',
      '网格办',
      '宣传部',
      '管委会办公室',
      '工商分局',
      '质监分局',
      '食药监',
      '水务局',
      '交警一中队',
      '各派出所',
      '安委办',
      '交安委办',
      '消安委办',
      '新筑街办',
      '新合街办',
      '陆港集团',
      '西安港集团',
    ];
    expect(units.filter((u) => !names.has(u))).toEqual([]);
  });
});
