/** The hazard module's domain part: the loops, the rules they follow, checklists and statistics. */
export * from './workflow.js';
export * from './categories.js';
export * from './inspection.js';
export * from './settings.js';
export * from './standards.js';
export * from './deadlines.js';
export * from './extension.js';
export * from './public-notice.js';
export * from './statistics.js';
