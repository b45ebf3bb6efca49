export * from './common.js';
export * from './identity.js';
export * from './platform.js';
/** Each module's endpoints under its own name: api.campaign.listTasks. */
export * as campaign from './campaign.js';
export * as campaignScoring from './campaign-scoring.js';
