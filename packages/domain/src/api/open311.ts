/** The report module's endpoints: open311 part (filled in by its owner). */
export {};
