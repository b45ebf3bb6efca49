import { type Bilingual, bi } from '../i18n.js';

/**
 * Password and lockout policy. The defaults follow the common reading of GB/T 22239-2019
 * (网络安全等级保护基本要求, 等保2.0) level 3, 8.1.4.1 身份鉴别: passwords with complexity that
 * are changed regularly, and 登录失败处理 (limit failed logins, lock, end idle sessions). The
 * standard names the measures, not the numbers, so the numbers are configuration
 * (CITYSAFE_PASSWORD_MIN_LENGTH, CITYSAFE_LOCKOUT_*); the UI shows them with this source.
 */
export interface PasswordPolicy {
  minLength: number;
  /** How many of the four classes (lower, upper, digit, symbol) a password must mix. */
  minClasses: number;
  /**
   * Failed logins in a row from one source address (an IPv6 /64 counts as one) that lock that
   * address out of the account for `lockoutMinutes`; the account stays open to other addresses, so
   * nobody can lock the administrator out from one machine.
   */
  maxFailedLogins: number;
  /**
   * Failed logins across all addresses within `lockoutMinutes` that lock the account itself (a
   * distributed guess). One address adds at most `maxFailedLogins` per lockout period, so this must
   * be higher than that for one address never to lock the account alone.
   */
  maxFailedLoginsPerAccount: number;
  lockoutMinutes: number;
  /** Idle time after which a session ends. */
  sessionIdleMinutes: number;
  source: Bilingual;
}

export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 8,
  minClasses: 3,
  maxFailedLogins: 5,
  // Four addresses' worth of the per-address limit: a person mistyping on office PC and phone stays
  // far below it, while a distributed guess gets at most 20 tries per half hour (under 1 000 a day),
  // hopeless against a password of 8+ characters mixing 3 classes.
  maxFailedLoginsPerAccount: 20,
  lockoutMinutes: 30,
  sessionIdleMinutes: 30,
  source: bi(
    '依据 GB/T 22239-2019《网络安全等级保护基本要求》第三级 身份鉴别、登录失败处理；具体数值为常用取值，可由管理员配置',
    'Per GB/T 22239-2019 (MLPS 2.0) level 3, identification and login-failure handling; the numbers are common practice and configurable',
  ),
};

const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Returns why a password breaks the policy, or null when it is acceptable. */
export function checkPassword(password: string, policy: PasswordPolicy, username?: string): Bilingual | null {
  if (password.length < policy.minLength) {
    return bi(`密码至少 ${policy.minLength} 位`, `Password must be at least ${policy.minLength} characters`);
  }
  if (password.length > 128) return bi('密码不能超过 128 位', 'Password must be at most 128 characters');
  const used = classes.filter((c) => c.test(password)).length;
  if (used < policy.minClasses) {
    return bi(
      `密码须包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类`,
      `Password must mix at least ${policy.minClasses} of: lower case, upper case, digits, symbols`,
    );
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    return bi('密码不能包含用户名', 'Password must not contain the username');
  }
  return null;
}
