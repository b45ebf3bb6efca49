/** The monitoring module's endpoints: monitoring-devices part (filled in by its owner). */
export {};
