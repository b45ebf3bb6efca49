/** The monitoring module's endpoints: monitoring-warnings part (filled in by its owner). */
export {};
