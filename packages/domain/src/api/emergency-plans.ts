/** The emergency module's endpoints: emergency-plans part (filled in by its owner). */
export {};
