/** The monitoring module's domain part: metrics, rule evaluation, the alarm and warning workflows, CAP. Each part adds its line. */
export {};
export * from './metrics.js';
export * from './rules.js';
export * from './alarm-workflow.js';
export * from './alarm-levels.js';
export * from './cap.js';
export * from './warning-workflow.js';
