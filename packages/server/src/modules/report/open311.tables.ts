import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The apps that send reports over Open311 GeoReport v2 (`POST /open311/v2/requests` with `api_key`), issued and
 * revoked by report.manage. Only the key's SHA-256 is kept (the key is 32 random bytes, so a plain hash is
 * enough); the prefix tells keys apart in the list. A revoked key stays for the record: reports name their app.
 */
export const open311Clients = pgTable(
  'open311_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('open311_clients_key_hash_uq').on(t.keyHash)],
);
