import { Progress, type ProgressProps } from 'antd';

/**
 * A progress bar with the accessible name a screen reader announces before the number
 * ("进度 60%"): antd's Progress has a progressbar role and no name of its own (WCAG 4.1.2).
 */
export function PercentBar({ label, ...props }: Omit<ProgressProps, 'aria-label'> & { label: string }) {
  return <Progress aria-label={label} {...props} />;
}
