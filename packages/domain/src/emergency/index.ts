/** The emergency module's domain part: grading and reporting rules, plans, resources, coverage, duty. */
export * from './settings.js';
