import { type Bilingual, bi } from './i18n.js';
import { domainModules } from './modules.js';
import type { WorkflowDefinition } from './workflow/engine.js';

export interface AuditLabels {
  objects: Record<string, Bilingual>;
  actions: Record<string, Bilingual>;
}

/**
 * How the audit log names what happened: the objects each module writes, its own actions, and
 * every action of the given workflows as `<entity>.<action>` (the form the workflow engine records).
 */
export function composeAuditLabels(workflows: readonly WorkflowDefinition<string, string>[]): AuditLabels {
  return {
    objects: Object.assign({}, ...domainModules.map((m) => m.audit.objects)) as Record<string, Bilingual>,
    actions: Object.assign(
      {},
      ...domainModules.map((m) => m.audit.actions),
      ...workflows.map((w) => Object.fromEntries(Object.entries(w.actions).map(([name, a]) => [`${w.entity}.${name}`, a.label]))),
    ) as Record<string, Bilingual>,
  };
}

/** The label of an audit action, or the code itself when nothing names it (rows of a removed module). */
export const auditActionLabel = (labels: AuditLabels, action: string): Bilingual => labels.actions[action] ?? bi(action, action);
