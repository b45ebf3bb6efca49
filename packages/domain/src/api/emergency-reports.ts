/** The emergency module's endpoints: emergency-reports part (filled in by its owner). */
export {};
