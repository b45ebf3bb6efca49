import { type Bilingual, type EndpointOutput, api, campaign as plan } from '@citysafe/domain';
import { Tag } from 'antd';
import { useBi } from '../../shared/locale';
import { useWorkflowLabels } from '../../shared/workflow/labels';

export type Supervision = EndpointOutput<typeof api.campaign.getSupervision>;
export type SupervisionStatus = plan.SupervisionStatus;

const statusColor: Record<SupervisionStatus, string> = { issued: 'orange', answered: 'cyan', closed: 'green' };

const labelOf = (record: Record<string, { label: Bilingual } | undefined>, key: string): Bilingual | undefined => record[key]?.label;

/** 待答复 / 已答复 / 已办结. */
export function SupervisionStatusTag({ status }: { status: SupervisionStatus }) {
  const bi = useBi();
  const label = labelOf(plan.supervisionWorkflow.states, status);
  return (
    <Tag color={statusColor[status]} data-testid="supervision-status">
      {label ? bi(label) : status}
    </Tag>
  );
}

/** The label of a 督办 action or state, for buttons and filters. */
export const useSupervisionLabels = () => useWorkflowLabels(plan.supervisionWorkflow);
