import { describe, expect, it } from 'vitest';
import { acceptedEncoding } from './compression.js';
import { StampedCache } from './stamped.js';

describe('StampedCache', () => {
  const counting = () => {
    let reads = 0;
    return {
      read: (value: string) => async () => {
        reads++;
        return value;
      },
      reads: () => reads,
    };
  };

  it('reads once per stamp, and again when the stamp moves', async () => {
    const cache = new StampedCache<string>(1000, (v) => v.length);
    const r = counting();
    expect(await cache.get('page', '1', r.read('a'))).toBe('a');
    expect(await cache.get('page', '1', r.read('b'))).toBe('a');
    expect(r.reads()).toBe(1);
    expect(await cache.get('page', '2', r.read('c'))).toBe('c');
    expect(r.reads()).toBe(2);
  });

  it('lets callers that find the same new stamp at once share one read', async () => {
    const cache = new StampedCache<string>(1000, (v) => v.length);
    const r = counting();
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('page', '7', r.read('x'))));
    expect(answers).toEqual(Array(10).fill('x'));
    expect(r.reads()).toBe(1);
  });

  it('keeps no failed read: the next caller reads again', async () => {
    const cache = new StampedCache<string>(1000, (v) => v.length);
    await expect(cache.get('page', '1', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    const r = counting();
    expect(await cache.get('page', '1', r.read('back'))).toBe('back');
    expect(r.reads()).toBe(1);
  });

  it('drops the least recently used entries past its budget, and keeps nothing larger than it', async () => {
    const cache = new StampedCache<string>(10, (v) => v.length);
    const r = counting();
    await cache.get('a', '1', r.read('aaaa'));
    await cache.get('b', '1', r.read('bbbb'));
    await cache.get('a', '1', r.read('never'));
    await cache.get('c', '1', r.read('cccc')); // 12 bytes: b, the least recently used, leaves
    expect(r.reads()).toBe(3);
    expect(await cache.get('a', '1', r.read('again'))).toBe('aaaa');
    expect(await cache.get('b', '1', r.read('bbbb'))).toBe('bbbb');
    expect(r.reads()).toBe(4);
    await cache.get('big', '1', r.read('x'.repeat(11)));
    expect(await cache.get('big', '1', r.read('y'))).toBe('y');
    expect(await cache.get('a', '1', r.read('pushed out'))).toBe('aaaa');
  });
});

describe('acceptedEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['BR', 'br'],
    ['*', 'br'],
    ['*;q=0', null],
    ['gzip;q=0, *', 'br'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['deflate', null],
  ] as const)('%j → %s', (header, expected) => {
    expect(acceptedEncoding(header)).toBe(expected);
  });
});
