/**
 * The campaign module's domain part (国家安全发展示范城市创建): the plan of 西港安城创〔2020〕1号 as
 * data, and the pure readers of its deadlines, responsible units and targets.
 */
export * from './types.js';
export * from './template.data.js';
export * from './responsible.js';
export * from './deadline.js';
export * from './consistency.js';
export * from './targets.js';
export * from './workflow.js';
export * from './supervision.js';
export * from './scoring.js';
export * from './progress.js';
export * from './bulletin.js';
export * from './overdue.js';
export * from './units.js';
