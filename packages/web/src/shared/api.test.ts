import { api } from '@citysafe/domain';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError, buildPath, buildQuery, call, setCsrfToken } from './api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('buildPath', () => {
  test('fills and encodes path parameters', () => {
    expect(buildPath('/api/users/:id/actions/:action', { id: 'a b', action: 'disable' })).toBe('/api/users/a%20b/actions/disable');
  });
  test('refuses a missing parameter rather than calling a wrong URL', () => {
    expect(() => buildPath('/api/orgs/:id', {})).toThrow(/id/);
  });
});

describe('buildQuery', () => {
  test('leaves out empty values so the server applies its defaults', () => {
    expect(buildQuery({ page: 2, q: '', role: undefined, orgId: null, unread: 'true' })).toBe('?page=2&unread=true');
  });
  test('repeats arrays and is empty when nothing is set', () => {
    expect(buildQuery({ kind: ['a', 'b'] })).toBe('?kind=a&kind=b');
    expect(buildQuery({})).toBe('');
  });
});

describe('call', () => {
  test('sends JSON with the CSRF token on writes, not on reads', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(json(200, { ok: true }))
      .mockResolvedValueOnce(json(200, { items: [], total: 0, page: 1, pageSize: 2000 }));
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('t0k');
    await call(api.setLocale, { body: { locale: 'en-US' } });
    await call(api.listOrgs, { query: { q: '新筑' } });
    const [writeUrl, write] = fetch.mock.calls[0] as [string, RequestInit];
    const [readUrl, read] = fetch.mock.calls[1] as [string, RequestInit];
    expect(writeUrl).toBe('/api/auth/locale');
    expect(write).toMatchObject({ method: 'PUT', credentials: 'include', body: '{"locale":"en-US"}' });
    expect(write.headers).toMatchObject({ 'X-CSRF-Token': 't0k', 'Content-Type': 'application/json' });
    expect(readUrl).toBe(`/api/orgs?q=${encodeURIComponent('新筑')}`);
    expect(read.headers).not.toHaveProperty('X-CSRF-Token');
  });

  test('throws the server error body as an ApiError with its fields', async () => {
    const error = {
      code: 'VALIDATION',
      message: { zh: '输入有误', en: 'Invalid input' },
      fields: [{ field: 'reason', message: { zh: '请填写原因', en: 'give a reason' } }],
    };
    vi.stubGlobal('fetch', async () => json(400, { error }));
    const failure = await call(api.userAction, { params: { id: 'x', action: 'disable' }, body: {} }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, code: 'VALIDATION', fields: error.fields, bilingual: error.message });
  });

  test('names a failure without an error body by its status', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(call(api.me)).rejects.toMatchObject({ status: 502, code: 'INTERNAL' });
  });
  test('takes the answer boot.ts started for a GET once, then asks the server again', async () => {
    const early = json(401, { error: { code: 'UNAUTHENTICATED', message: { zh: '请先登录', en: 'Please sign in' } } });
    const holder = globalThis as { citysafeEarlyResponses?: Record<string, Promise<Response>> };
    holder.citysafeEarlyResponses = { '/api/auth/me': Promise.resolve(early) };
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValueOnce(json(500, {}));
    vi.stubGlobal('fetch', fetch);
    try {
      await expect(call(api.me)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(fetch).not.toHaveBeenCalled();
      await expect(call(api.me)).rejects.toMatchObject({ status: 500 });
      expect(fetch).toHaveBeenCalledTimes(1);
    } finally {
      delete holder.citysafeEarlyResponses;
    }
  });
});
