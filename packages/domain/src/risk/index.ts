export * from './levels.js';
export * from './grading.js';
export * from './lec.js';
export * from './ls.js';
export * from './assessment.js';
export * from './categories.js';
export * from './workflow.js';
export * from './dynamic-level.js';
