/** The emergency module's endpoints: emergency-duty part (filled in by its owner). */
export {};
