/** The emergency module's endpoints: emergency-resources part (filled in by its owner). */
export {};
