import type { Bilingual, WorkflowDefinition } from '@citysafe/domain';
import { useBi } from '../locale';

const labelOf = (record: Record<string, { label: Bilingual } | undefined>, key: string): Bilingual | undefined => record[key]?.label;

/**
 * The labels of one workflow's actions and states in the current language; a name the workflow
 * does not know (an older action kept in a timeline) shows as itself.
 */
export function useWorkflowLabels<S extends string, A extends string>(workflow: WorkflowDefinition<S, A>) {
  const bi = useBi();
  return {
    action: (action: string): string => {
      const label = labelOf(workflow.actions, action);
      return label ? bi(label) : action;
    },
    state: (state: string): string => {
      const label = labelOf(workflow.states, state);
      return label ? bi(label) : state;
    },
  };
}
