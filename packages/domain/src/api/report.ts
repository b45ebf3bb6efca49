/** The report module's endpoints: report part (filled in by its owner). */
export {};
