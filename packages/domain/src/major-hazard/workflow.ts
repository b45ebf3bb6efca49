import { z } from 'zod';
import { bi } from '../i18n.js';
import { textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/**
 * 备案编号 given by the registering department. Free text within limits: each 应急管理局 numbers in
 * its own way (e.g. 西港应急危备〔2026〕3号).
 */
export const registrationInput = z.object({
  registrationNo: textInput().min(2, '请填写备案编号 / give the registration number').max(100),
});

/**
 * The life of a major hazard installation in the registry (《危险化学品重大危险源监督管理暂行规定》,
 * 原国家安全监管总局令第40号, 第二十二条–第二十五条: the enterprise identifies and grades its units,
 * declares (备案) to the 应急管理 department, which registers them; a change of substances,
 * quantities or process that changes the grade calls for a new assessment and declaration; a unit
 * that is no longer a major hazard is written off (核销)).
 *
 * The two `system` actions are taken by the registry itself, in the transaction that recomputes the
 * grade: `change` when a declared or registered unit's grade moves, `reidentify` when a written-off
 * unit becomes a major hazard again.
 */
export const installationWorkflow = defineWorkflow({
  entity: 'majorHazardInstallation',
  initial: 'identified',
  states: {
    identified: { label: bi('已辨识', 'Identified') },
    declared: { label: bi('已申报', 'Declared') },
    returned: { label: bi('已退回', 'Returned') },
    registered: { label: bi('已登记备案', 'Registered') },
    changed: { label: bi('待重新申报', 'Re-declaration due') },
    written_off: { label: bi('已核销', 'Written off') },
  },
  actions: {
    declare: {
      label: bi('申报', 'Declare'),
      from: ['identified', 'returned', 'changed'],
      to: 'declared',
      permission: 'majorHazard.declare',
    },
    register: {
      label: bi('登记备案', 'Register'),
      from: ['declared'],
      to: 'registered',
      permission: 'majorHazard.register',
      input: registrationInput,
    },
    return: { label: bi('退回', 'Return'), from: ['declared'], to: 'returned', permission: 'majorHazard.register', input: reason },
    writeOff: {
      label: bi('核销', 'Write off'),
      from: ['identified', 'declared', 'returned', 'registered', 'changed'],
      to: 'written_off',
      permission: 'majorHazard.register',
      input: reason,
    },
    change: {
      label: bi('分级变化，需重新申报', 'Grade changed, re-declare'),
      from: ['declared', 'registered'],
      to: 'changed',
      permission: 'system',
    },
    reidentify: { label: bi('重新构成重大危险源', 'Major hazard again'), from: ['written_off'], to: 'identified', permission: 'system' },
  },
});
export type InstallationStatus = keyof typeof installationWorkflow.states;
export const installationStatuses = Object.keys(installationWorkflow.states) as [InstallationStatus, ...InstallationStatus[]];

/** 生产单元 / 储存单元 (GB 18218-2018 3.3, 3.4): the unit the quantities are summed over. */
export const unitKinds = ['production', 'storage'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, { zh: string; en: string }> = {
  production: bi('生产单元', 'Production unit'),
  storage: bi('储存单元', 'Storage unit'),
};

/** Grades 一级 … 四级 (GB 18218-2018 4.2.3, 表6); 一级 is the most severe. */
export const gradeLabels: Record<1 | 2 | 3 | 4, { zh: string; en: string }> = {
  1: bi('一级', 'Grade 1'),
  2: bi('二级', 'Grade 2'),
  3: bi('三级', 'Grade 3'),
  4: bi('四级', 'Grade 4'),
};

/**
 * What a new grade means for the installation's state: a declared or registered unit whose grade
 * (or whether it is a major hazard at all) moved must be declared again; a written-off unit that is a
 * major hazard again is back to 已辨识. `null`: no state change.
 */
export function gradeChangeAction(
  status: InstallationStatus,
  before: { grade: number | null; isMajor: boolean },
  after: { grade: number | null; isMajor: boolean },
): 'change' | 'reidentify' | null {
  if (status === 'written_off') return after.isMajor ? 'reidentify' : null;
  const moved = before.grade !== after.grade || before.isMajor !== after.isMajor;
  if (moved && (status === 'declared' || status === 'registered')) return 'change';
  return null;
}
