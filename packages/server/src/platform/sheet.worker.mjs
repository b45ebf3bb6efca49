// The import worker's entry. Node 20 does not pass tsx's loader on to worker threads, so the
// worker registers it itself before loading the TypeScript that reads the sheet.
import { register } from 'tsx/esm/api';

register();
await import('./sheet.worker.ts');
