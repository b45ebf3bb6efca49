/** The major-hazard module's domain part: GB 18218-2018 (filled in by the module). */
export * from './workflow.js';
export * from './gb18218.js';
export * from './calculator.js';
