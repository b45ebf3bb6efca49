/** The monitoring module's domain part: metrics, rule evaluation, the alarm and warning workflows, CAP. Each part adds its line. */
export {};
