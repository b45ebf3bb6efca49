/** The report module's domain part: categories, time limits, rewards, the report workflow. Each part adds its line. */
export * from './categories.js';
export * from './intake.js';
export * from './workflow.js';
export * from './limits.js';
export * from './rewards.js';
export * from './open311.js';
