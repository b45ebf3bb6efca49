/** Every table of every module, for drizzle's typed queries and for backup/restore. */
export * from './modules/identity/identity.tables.js';
export * from './platform/platform.tables.js';
export * from './modules/campaign/campaign.tables.js';
