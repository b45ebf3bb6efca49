/** The report module's domain part: categories, time limits, rewards, the report workflow. Each part adds its line. */
export {};
