import { actions } from '@citysafe/domain';
import { describe, expect, test } from 'vitest';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';
import { moduleMessages, moduleRoutes, modules } from './modules';

/** The dotted paths to the leaves of a message tree, and whether each leaf is a string. */
function leaves(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'object' && value !== null
      ? leaves(value, `${prefix}${key}.`)
      : [`${prefix}${key}${typeof value === 'string' ? '' : ' (not a string)'}`],
  );
}

describe('the web modules', () => {
  test('every route and menu entry needs an action of the catalogue, or none', () => {
    const known = new Set(Object.keys(actions));
    const unknown = moduleRoutes.filter((r) => r.permission !== null && !known.has(r.permission));
    expect(unknown.map((r) => `${r.path}: ${r.permission}`)).toEqual([]);
  });

  test('a public page needs no action and has no menu entry (nobody is signed in to see a menu)', () => {
    const wrong = moduleRoutes.filter((r) => r.public && (r.permission !== null || r.menu));
    expect(wrong.map((r) => r.path)).toEqual([]);
  });

  test('module keys and paths are unique, and paths start at the root', () => {
    const keys = modules.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    const paths = moduleRoutes.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.filter((p) => !p.startsWith('/') || (p !== '/' && p.endsWith('/')))).toEqual([]);
  });

  test("a module's messages do not shadow the shell's sections", () => {
    const shell = new Set(Object.keys(zhCN));
    expect(modules.map((m) => m.key).filter((key) => shell.has(key))).toEqual([]);
  });

  test.each(modules.map((m) => [m.key, m] as const))('%s: zh-CN and en-US have the same keys, every leaf a string', async (_, m) => {
    const zh = leaves(await m.locales['zh-CN']());
    expect(zh.filter((leaf) => leaf.endsWith('(not a string)'))).toEqual([]);
    expect(leaves(await m.locales['en-US']()).sort()).toEqual(zh.sort());
  });

  test("the shell's zh-CN and en-US have the same keys", () => {
    expect(leaves(enUS).sort()).toEqual(leaves(zhCN).sort());
  });

  test('every menu label is a text of its module in both languages', async () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const messages = await moduleMessages(locale);
      const labels = moduleRoutes.flatMap((r) => (r.menu ? [[r.module, r.menu.label] as const] : []));
      expect(labels.length).toBeGreaterThan(0);
      for (const [module, label] of labels) {
        const text = label
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], messages[module]);
        expect(typeof text, `${locale} ${module}.${label}`).toBe('string');
      }
    }
  });
});
