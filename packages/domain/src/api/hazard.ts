/** The hazard module's endpoints (filled in by the module's parts). */
export {};
