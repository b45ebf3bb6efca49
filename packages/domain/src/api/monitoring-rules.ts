/** The monitoring module's endpoints: monitoring-rules part (filled in by its owner). */
export {};
