export * from './common.js';
export * from './identity.js';
export * from './platform.js';
/** Each module's endpoints under its own name: api.campaign.listTasks. */
export * as campaign from './campaign.js';
export * as campaignScoring from './campaign-scoring.js';
/** The district map: area boundaries, their import and editing. */
export * as map from './map.js';
export * as risk from './risk.js';
/** 重大危险源: the registry of installations (GB 18218-2018). */
export * as majorHazard from './major-hazard.js';
/** 隐患排查治理: hazards in their loops, 治理方案, 挂牌督办, inspections, statistics. */
export * as hazard from './hazard.js';
/** The public calculators: LEC and GB 18218 major hazards. */
export * as calc from './calc.js';
/** The work inbox (待办, 已办), to which every module contributes its items. */
export * as inbox from './inbox.js';
/** OGC API – Features: the district's layers for GIS software. */
export * as ogc from './ogc.js';
/** Vector tiles of the risk sources (the four-colour map). */
export * as riskTiles from './risk-tiles.js';
/** 城市安全风险白皮书: editions generated from the risk registry. */
export * as riskWhitePaper from './risk-white-paper.js';
