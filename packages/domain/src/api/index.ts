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
/** 重大事故隐患判定标准库 and the hazard settings (review period, repeat window, escalation). */
export * as hazardRules from './hazard-rules.js';
/** 隐患延期: a hazard's deadline extensions, requested and decided. */
export * as hazardExtensions from './hazard-extensions.js';
/** 隐患统计分析: figures by level/category/street/unit/origin/month, the map layer, the 16号令 tables. */
export * as hazardStats from './hazard-stats.js';
/** 排查任务: inspections with their checklists; a failed item becomes a hazard. */
export * as hazardInspections from './hazard-inspections.js';
/** 重大事故隐患挂牌督办公示: the public list, without login. */
export * as hazardPublic from './hazard-public.js';
/** 应急指挥 › 事故: incidents graded by 493号令 Art. 3, on the map, in their workflow. */
export * as emergency from './emergency.js';
/** 应急指挥 › 事故报告: 首报/续报/终报 with their statutory clocks, 瞒报谎报, investigations and their measures. */
export * as emergencyReports from './emergency-reports.js';
/** 应急指挥 › 预案、响应和演练: plans by level, activation, the command log, situation marks, drills. */
export * as emergencyPlans from './emergency-plans.js';
/** 应急指挥 › 应急资源: teams, experts, supplies and stores, shelters, fire stations; nearest; dispatch. */
export * as emergencyResources from './emergency-resources.js';
/** 应急指挥 › 值班值守 and coverage: rosters, handovers, the duty log, contacts; fire-station and shelter coverage. */
export * as emergencyDuty from './emergency-duty.js';
/** 监测预警 › 设备和监测数据: devices, their tokens, readings ingested over MQTT or HTTP, roll-ups. */
export * as monitoringDevices from './monitoring-devices.js';
/** 监测预警 › 报警规则: thresholds, rate of change, duration, windows, offline. */
export * as monitoringRules from './monitoring-rules.js';
/** 监测预警 › 报警: the alarm's closed loop, escalation, the situation page. */
export * as monitoringAlarms from './monitoring-alarms.js';
/** 监测预警 › 预警发布: warnings drafted, approved, published, in CAP 1.2 and Atom. */
export * as monitoringWarnings from './monitoring-warnings.js';
/** 举报 › 公众举报: the public page's intake and tracking by code and secret. */
export * as report from './report.js';
/** 举报 › 办理: accept/refuse, assign, handle, verify, close, extensions, duplicates, rewards, statistics. */
export * as reportHandling from './report-handling.js';
/** 举报 › Open311 GeoReport v2 over the same reports. */
export * as open311 from './open311.js';
/** 网格巡查: grids, routes, visits (idempotent offline sync), grid cases, 考核, settings. */
export * as grid from './grid.js';
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
