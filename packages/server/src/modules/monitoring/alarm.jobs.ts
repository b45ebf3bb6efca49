import { postJson } from '../../platform/egress.js';
import type { Platform } from '../../platform/platform.js';
import { ALARM_SMS_JOB } from './alarm.notify.js';
import { checkAlarmEscalations } from './alarm.service.js';

export const ALARM_ESCALATION_JOB = 'monitoring.alarmEscalation';

/** The next whole minute after `at`. */
const nextMinute = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000 + 60_000);

/** Schedules the escalation check for the next minute, once whatever the number of nodes or restarts. */
export async function scheduleAlarmEscalationCheck(platform: Platform, at = nextMinute(platform.clock.now())): Promise<void> {
  await platform.jobs.schedule(platform.db, ALARM_ESCALATION_JOB, {}, at, { uniqueKey: `${ALARM_ESCALATION_JOB}:${at.toISOString()}` });
}

/** The minute's escalation and reminder check, and the SMS gateway's deliveries (egress-checked, retried by the runner). */
export function registerAlarmJobs(platform: Platform): void {
  platform.jobs.register(ALARM_ESCALATION_JOB, async () => {
    // The next check first: a failing run must not end the chain.
    await scheduleAlarmEscalationCheck(platform);
    await checkAlarmEscalations(platform);
  });
  platform.jobs.register(ALARM_SMS_JOB, async (payload) => {
    const { status } = await postJson(
      String(payload.url),
      { phone: String(payload.phone), text: String(payload.text) },
      { allowHosts: platform.config.webhookAllowHosts, timeoutMs: 10_000 },
    );
    if (status >= 300) throw new Error(`SMS gateway answered ${status}`);
  });
}
