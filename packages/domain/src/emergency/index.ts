/** The emergency module's domain part: grading and reporting rules, plans, resources, coverage, duty. */
export * from './settings.js';
export * from './workflow.js';
export * from './incident-types.js';
export * from './grading.js';
export * from './reporting.js';
export * from './resources.js';
export * from './plans.js';
export * from './coverage.js';
export * from './duty.js';
