/** The monitoring module's endpoints: monitoring-alarms part (filled in by its owner). */
export {};
