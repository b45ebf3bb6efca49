import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from './serializer.js';

const account = z.object({
  username: z.string(),
  org: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  roles: z.array(z.string()),
});

async function serve(check: boolean, schema: z.ZodType, answer: unknown) {
  const app = Fastify();
  app.setSerializerCompiler(responseSerializerCompiler(check));
  app.get('/x', { schema: { response: { 200: schema } } }, async () => answer);
  const res = await app.inject({ method: 'GET', url: '/x' });
  await app.close();
  return res;
}

describe('the compiled response serializer', () => {
  it('writes only the schema’s fields, as zod’s serializer does', async () => {
    const answer = {
      username: 'awb',
      passwordHash: '$argon2id$…',
      org: { id: '6bec217b-1813-4100-a0de-9c989bd4ea56', name: '安委办', path: 'x' },
      roles: ['admin'],
    };
    for (const check of [false, true]) {
      const res = await serve(check, account, answer);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ username: 'awb', org: { id: answer.org.id, name: '安委办' }, roles: ['admin'] });
    }
  });

  it('keeps zod’s serializer for a schema JSON Schema cannot express', async () => {
    const res = await serve(false, z.object({ at: z.date() }), { at: new Date(0) });
    expect(res.json()).toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });

  it('under the tests, refuses an answer the two serializers would write differently', async () => {
    // The compiled serializer turns 1.5 into an integer; zod refuses it: the check makes that a failure.
    const res = await serve(true, z.object({ n: z.number().int() }), { n: 1.5 });
    expect(res.statusCode).toBe(500);
  });
});
