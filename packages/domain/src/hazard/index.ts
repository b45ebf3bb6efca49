/** The hazard module's domain part: the loops, the rules they follow, checklists and statistics. */
export * from './workflow.js';
