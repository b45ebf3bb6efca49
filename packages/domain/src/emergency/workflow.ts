import { z } from 'zod';
import { bi } from '../i18n.js';
import { textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

/** What was done or found, written when the response ends or the incident is closed. */
const note = z.object({ note: textInput().min(2, '请填写说明 / describe what was done').max(4000) });

/**
 * The life of an incident (事故/突发事件): received (已接报) → handled (应急处置中, a plan activated) → the response
 * ended (处置结束) → investigated (调查中, 493号令 Arts. 19–33, production accidents) → closed (已结案). Events
 * that 493号令 does not investigate (road traffic, fire, natural disasters, public health, social security) go
 * from `concluded` to `closed` directly; which ones is `investigatedCategories` and the policy enforces it.
 * Closing an investigated incident needs emergency.investigate as well (the policy checks it).
 */
export const incidentWorkflow = defineWorkflow({
  entity: 'incident',
  initial: 'reported',
  states: {
    reported: { label: bi('已接报', 'Reported') },
    responding: { label: bi('应急处置中', 'Responding') },
    concluded: { label: bi('处置结束', 'Response concluded') },
    investigating: { label: bi('调查中', 'Under investigation') },
    closed: { label: bi('已结案', 'Closed'), terminal: true },
  },
  actions: {
    startResponse: {
      label: bi('启动应急处置', 'Start the response'),
      from: ['reported'],
      to: 'responding',
      permission: 'emergency.command',
    },
    conclude: {
      label: bi('结束应急处置', 'Conclude the response'),
      from: ['responding'],
      to: 'concluded',
      permission: 'emergency.command',
      input: note,
    },
    startInvestigation: {
      label: bi('启动事故调查', 'Start the investigation'),
      from: ['concluded'],
      to: 'investigating',
      permission: 'emergency.investigate',
    },
    close: {
      label: bi('结案', 'Close'),
      from: ['concluded', 'investigating'],
      to: 'closed',
      permission: 'emergency.command',
      input: note,
    },
  },
});
export type IncidentStatus = keyof typeof incidentWorkflow.states;
export const incidentStatuses = Object.keys(incidentWorkflow.states) as [IncidentStatus, ...IncidentStatus[]];
export type IncidentAction = keyof typeof incidentWorkflow.actions;

/**
 * A change of the figures (核报) is not a step of the workflow but is shown among its steps on the timeline
 * (`PUT /api/emergency/incidents/{id}/figures` writes it there with the grade before and after).
 */
export const changeFiguresLabel = bi('核报伤亡和损失', 'Changed the casualties and loss');
