import { bi, emergency as rules } from '@citysafe/domain';
import type { Actor } from '../../platform/actor.js';
import { can } from '../../platform/actor.js';
import { forbidden, refuse, type Verdict, workflowPolicy } from '../../platform/policy.js';
import { type IncidentReach, incidentInReach } from './incident.scope.js';

/** An incident as its policy sees it: its state, its category and the orgs its reach is made of. */
export interface IncidentObject {
  status: rules.IncidentStatus;
  category: rules.IncidentCategory;
  reach: IncidentReach;
}

const investigated = (i: IncidentObject) => rules.investigatedCategories.includes(i.category);

/**
 * The life of an incident: each step is taken by a holder of its permission whose reach covers the incident
 * (`incidentInReach`). A production accident is closed only after its investigation (493号令 Arts. 19–33), and
 * closing an investigation needs emergency.investigate as well; other events close when the response ends.
 * The figures (伤亡、损失) are changed by a holder of emergency.report in reach until the incident is closed.
 */
export const incidentPolicy = workflowPolicy(rules.incidentWorkflow, {
  state: (i: IncidentObject) => i.status,
  reach: (actor, i, action) => {
    const permission = rules.incidentWorkflow.actions[action].permission;
    if (!incidentInReach(actor, permission, i.reach)) return forbidden;
    if (action === 'close' && i.status === 'concluded' && investigated(i))
      return refuse(
        'CONFLICT',
        bi(
          `${rules.incidentCategoryLabels[i.category].zh}须经事故调查后结案（国务院令第493号）`,
          `A ${rules.incidentCategoryLabels[i.category].en.toLowerCase()} is closed after its investigation (Decree 493)`,
        ),
      );
    if (
      action === 'close' &&
      i.status === 'investigating' &&
      !(can(actor, 'emergency.investigate') && incidentInReach(actor, 'emergency.investigate', i.reach))
    )
      return forbidden;
    return true;
  },
  others: {
    /** PUT …/figures: 核报 of casualties and loss, regraded; a closed incident's figures are final. */
    changeFigures: (actor: Actor, i: IncidentObject): Verdict => {
      if (!can(actor, 'emergency.report') || !incidentInReach(actor, 'emergency.report', i.reach)) return forbidden;
      if (i.status === 'closed')
        return refuse('CONFLICT', bi('事故已结案，伤亡和损失不能再修改', 'The incident is closed: its figures are final'));
      return true;
    },
  },
});
