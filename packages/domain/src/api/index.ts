export * from './common.js';
export * from './identity.js';
export * from './platform.js';
/** Each module's endpoints under its own name: api.campaign.listTasks. */
export * as campaign from './campaign.js';
export * as campaignScoring from './campaign-scoring.js';
/** The work inbox (待办, 已办), to which every module contributes its items. */
export * as inbox from './inbox.js';
