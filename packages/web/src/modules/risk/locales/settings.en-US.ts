import type { Messages } from '../../../app/module';
import type { settingsZh } from './settings.zh-CN';

/** The risk module's messages for its settings part (the grading rules), in English. */
export const settingsEn: Messages<typeof settingsZh> = {
  menu: 'Grading rules',
  title: 'Risk grading rules',
  intro:
    'A score (LEC’s D, the LS matrix’s R) maps to major / significant / general / low and red / orange / yellow / blue by the thresholds below. A threshold belongs to the level it opens (“or more” includes the number).',
  rulesApply:
    'Once changed, later assessments are graded by the new rules; earlier assessments keep the rules and level they were made with.',
  readOnly: 'You can view the grading rules; changing them needs the permission to manage the risk grading rules (the safety office).',
  lastChanged: 'Last changed by {{who}}, {{when}}',
  neverChanged: 'The system defaults are in force; they have not been changed.',
  lec: 'LEC (D = L × E × C)',
  ls: 'LS matrix (R = L × S)',
  level: 'Level',
  colour: 'Colour',
  colours: { red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue' },
  range: 'Score range',
  source: 'Source',
  verified: 'Verified',
  unverified: 'Unverified',
  unverifiedHint: 'The source was not checked against the official text: check it before use, and change it to the local rules',
  preset: 'Taken from',
  presets: 'Presets (LS thresholds from the literature)',
  custom: 'Custom',
  usePreset: 'Use',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'The grading rules were saved',
  major: 'Major from (≥)',
  significant: 'Significant from (≥)',
  general: 'General from (≥)',
  sourceZh: 'Source (Chinese)',
  sourceEn: 'Source (English)',
  verifiedLabel: 'The source was checked against the official text',
  required: 'Required',
  positive: 'Must be a number above 0',
};
