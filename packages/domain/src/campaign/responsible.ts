import { type SeedOrg, seedOrgs } from '../identity/orgs.js';
import { type Responsible, type ResponsibleGroup, responsibleGroups } from './types.js';

/** What reading a 责任单位 cell found, besides the parties themselves. */
export interface ResponsibleParse {
  responsible: Responsible[];
  /** Names matched only through an org's alias (工商局 → 工商分局): the administrator should confirm. */
  variants: { text: string; orgCode: string }[];
  /** Org codes the cell names more than once; each is listed once in `responsible`. */
  duplicates: string[];
  /** Pieces of the cell that name neither an org of the tree nor a known group. */
  unresolved: string[];
}

interface OrgMatch {
  org: SeedOrg;
  viaAlias: boolean;
}

const orgIndex = (orgs: readonly SeedOrg[]): Map<string, OrgMatch> => {
  const index = new Map<string, OrgMatch>();
  for (const org of orgs) {
    for (const alias of org.aliases ?? []) index.set(alias, { org, viaAlias: true });
  }
  // Official names win over aliases when both spell the same text.
  for (const org of orgs) {
    index.set(org.name, { org, viaAlias: false });
    if (org.shortName) index.set(org.shortName, { org, viaAlias: false });
  }
  return index;
};

const groupIndex = new Map<string, ResponsibleGroup>(
  (Object.keys(responsibleGroups) as ResponsibleGroup[]).flatMap((group) =>
    responsibleGroups[group].variants.map((variant): [string, ResponsibleGroup] => [variant, group]),
  ),
);

/**
 * Splits a cell at 、，, and 及, and before 等 (which opens a group: "X等相关部门"), but never inside
 * brackets, so "各派出所（平安办对接联系）" stays one piece.
 */
const pieces = (text: string): string[] => {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of text.replace(/\s+/g, '')) {
    if (ch === '（' || ch === '(') depth++;
    if (ch === '）' || ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && '、，,;；及等'.includes(ch)) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out.filter((p) => p !== '');
};

/**
 * Reads a 责任单位 cell of 附件2/附件3 into orgs of the tree and groups. Liaison (对接联系) comes
 * from the text when it says "（X对接联系）" and otherwise from the org's `liaisonCode`, because
 * 附件1 states the rule once for every task: "各派出所职责由平安办对接落实，交警一中队职责由城管局对接落实".
 */
export const parseResponsible = (text: string, orgs: readonly SeedOrg[] = seedOrgs): ResponsibleParse => {
  const index = orgIndex(orgs);
  const result: ResponsibleParse = { responsible: [], variants: [], duplicates: [], unresolved: [] };
  const seenOrgs = new Set<string>();
  const seenGroups = new Set<ResponsibleGroup>();
  const lookUp = (name: string): OrgMatch | undefined => {
    const match = index.get(name);
    if (match?.viaAlias) result.variants.push({ text: name, orgCode: match.org.code });
    return match;
  };

  for (const piece of pieces(text)) {
    const bracket = /^(.+?)[（(](.+)对接联系[）)]$/.exec(piece);
    const name = bracket?.[1] ?? piece;
    const group = groupIndex.get(name);
    if (group) {
      if (!seenGroups.has(group)) result.responsible.push({ group });
      seenGroups.add(group);
      continue;
    }
    const match = lookUp(name);
    const liaison = bracket?.[2] === undefined ? undefined : lookUp(bracket[2]);
    if (!match || (bracket && !liaison)) {
      result.unresolved.push(piece);
      continue;
    }
    const code = match.org.code;
    if (seenOrgs.has(code)) {
      if (!result.duplicates.includes(code)) result.duplicates.push(code);
      continue;
    }
    seenOrgs.add(code);
    const via = liaison?.org.code ?? match.org.liaisonCode;
    result.responsible.push(via ? { orgCode: code, role: 'member', via } : { orgCode: code, role: 'member' });
  }
  return result;
};
