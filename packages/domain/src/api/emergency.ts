/** The emergency module's endpoints: emergency part (filled in by its owner). */
export {};
