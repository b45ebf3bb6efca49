import { report } from '@citysafe/domain';
import { Tag } from 'antd';
import { useBi } from '../../shared/locale';

const colors: Record<report.ReportStatus, string> = {
  received: 'blue',
  accepted: 'cyan',
  refused: 'default',
  assigned: 'gold',
  handled: 'purple',
  verified: 'geekblue',
  closed: 'green',
};

/** A report's state as a coloured tag, labelled by the workflow. */
export function ReportStatusTag({ status }: { status: report.ReportStatus }) {
  const bi = useBi();
  return (
    <Tag color={colors[status]} data-testid="report-status">
      {bi(report.reportWorkflow.states[status].label)}
    </Tag>
  );
}
