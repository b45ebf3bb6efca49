import { describe, expect, test } from 'vitest';
import { type Org, buildOrgTree } from './orgs';

const org = (id: string, parentId: string | null, sortOrder = 0): Org => ({
  id,
  code: id,
  name: id,
  shortName: null,
  type: 'street',
  parentId,
  aliases: [],
  divisionCode: null,
  gridCode: null,
  liaisonOrgId: null,
  note: null,
  sortOrder,
  location: null,
  allowedActions: [],
});

describe('buildOrgTree', () => {
  test('nests children under parents, ordered by sortOrder', () => {
    const tree = buildOrgTree([org('b', 'root', 2), org('root', null), org('a', 'root', 1), org('a1', 'a')]);
    expect(tree.map((n) => n.org.id)).toEqual(['root']);
    expect(tree[0]?.children.map((n) => n.org.id)).toEqual(['a', 'b']);
    expect(tree[0]?.children[0]?.children.map((n) => n.org.id)).toEqual(['a1']);
  });
  test('an org whose parent the caller cannot see becomes a root (a street office sees its street)', () => {
    const tree = buildOrgTree([org('street', 'district-not-visible'), org('community', 'street')]);
    expect(tree.map((n) => n.org.id)).toEqual(['street']);
    expect(tree[0]?.children.map((n) => n.org.id)).toEqual(['community']);
  });
});
