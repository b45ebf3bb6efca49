/** The report module's endpoints: report-handling part (filled in by its owner). */
export {};
