import { z } from 'zod';
import { textInput } from '../text.js';
import { bi } from '../i18n.js';
import { defineWorkflow } from './engine.js';

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(500) });

/**
 * A user account's life: 正常 → 锁定 (after repeated failed logins, per the lockout policy, or by an
 * administrator) → 正常 again when the lock expires or an administrator unlocks it; 停用 when the
 * person leaves, with a reason.
 */
export const userAccountWorkflow = defineWorkflow({
  entity: 'user',
  initial: 'active',
  states: {
    active: { label: bi('正常', 'Active') },
    locked: { label: bi('锁定', 'Locked') },
    disabled: { label: bi('停用', 'Disabled') },
  },
  actions: {
    lock: { label: bi('锁定', 'Lock'), from: ['active'], to: 'locked', permission: 'user.manage', input: reason },
    unlock: { label: bi('解锁', 'Unlock'), from: ['locked'], to: 'active', permission: 'user.manage' },
    disable: {
      label: bi('停用', 'Disable'),
      from: ['active', 'locked'],
      to: 'disabled',
      permission: 'user.manage',
      input: reason,
    },
    enable: { label: bi('启用', 'Enable'), from: ['disabled'], to: 'active', permission: 'user.manage' },
    /** Taken by the platform when too many logins fail in a row. */
    lockAfterFailures: { label: bi('登录失败锁定', 'Lock after failed logins'), from: ['active'], to: 'locked', permission: 'system' },
    /** Taken by the platform's timer when the lockout period ends. */
    lockExpired: { label: bi('锁定到期解锁', 'Unlock when the lock expires'), from: ['locked'], to: 'active', permission: 'system' },
  },
});

export type UserStatus = keyof typeof userAccountWorkflow.states;
export type UserAction = keyof typeof userAccountWorkflow.actions;
export const userStatuses = Object.keys(userAccountWorkflow.states) as [UserStatus, ...UserStatus[]];
