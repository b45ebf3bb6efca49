import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type SerializerCompiler = Parameters<FastifyInstance['setSerializerCompiler']>[0];
type RouteSchema = Parameters<SerializerCompiler>[0];

/**
 * Drops `additionalProperties: false`: fast-json-stringify writes only the declared properties
 * anyway, but it picks the branch of a nullable object or a union by validating the data, and a
 * field the schema does not declare would then match no branch (a 500) where zod strips it.
 */
function allowingExtraFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowingExtraFields);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
      .map(([key, value]) => [key, allowingExtraFields(value)]),
  );
}

/**
 * Writes each route's response with a serializer compiled once from its zod schema (through JSON
 * Schema, by fast-json-stringify), like Fastify does for JSON Schema routes. Zod's serializer walks
 * and copies the whole answer on every response before JSON.stringify walks it again: a hundred
 * tasks cost more there than in their SQL. Both write only the schema's fields, so nothing a
 * presenter adds by mistake leaves the server. A schema JSON Schema cannot express (a transform, a
 * date) keeps zod's serializer.
 *
 * With `check` (the tests), every response is written both ways and the two must read back equal:
 * the whole test suite checks that the compiled serializer answers what zod's would.
 */
export function responseSerializerCompiler(check: boolean): SerializerCompiler {
  return (route: RouteSchema) => {
    const bySchema = zodSerializerCompiler(route as never) as (data: unknown) => string;
    let compiled: (data: unknown) => string;
    try {
      const jsonSchema = z.toJSONSchema(route.schema as z.ZodType, { target: 'draft-7', io: 'output', unrepresentable: 'throw' });
      compiled = fastJson(allowingExtraFields(jsonSchema) as never) as (data: unknown) => string;
    } catch {
      return bySchema;
    }
    if (!check) return compiled;
    return (data: unknown) => {
      const expected = bySchema(data);
      const written = compiled(data);
      if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(expected))) {
        throw new Error(`The compiled serializer of ${route.method} ${route.url} wrote ${written}, zod's ${expected}`);
      }
      return written;
    };
  };
}
