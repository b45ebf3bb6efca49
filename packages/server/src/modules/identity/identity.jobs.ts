import { AppError } from '@citysafe/domain';
import { systemActor } from '../../platform/actor.js';
import type { Platform } from '../../platform/platform.js';
import { performUserAction, UNLOCK_JOB } from './users.service.js';

/** The durable timer that ends a lockout, even across restarts. */
export function registerIdentityJobs(platform: Platform): void {
  platform.jobs.register(UNLOCK_JOB, async (payload) => {
    try {
      await performUserAction(
        platform.db,
        platform.jobs,
        systemActor,
        platform.config.passwordPolicy,
        String(payload.userId),
        'lockExpired',
        {},
      );
    } catch (err) {
      // Already unlocked by an administrator, or disabled meanwhile: nothing left to do.
      if (err instanceof AppError && (err.code === 'INVALID_TRANSITION' || err.code === 'NOT_FOUND')) return;
      throw err;
    }
  });
}
