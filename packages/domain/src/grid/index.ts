/** The grid patrol module's domain part: patrol intervals, next due days, distance, the grid case workflow. */
export * from './patrol.js';
export * from './cases.js';
