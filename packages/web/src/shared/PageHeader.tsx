import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The title row of a page with its main actions (新建, 导出Excel…) on the right. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-header">
      <Typography.Title level={4}>{title}</Typography.Title>
      {extra && <Space wrap>{extra}</Space>}
    </div>
  );
}

/** The row of filters above a table; wraps, and stacks on phones. */
export function FilterBar({ children }: { children: ReactNode }) {
  return <div className="page-filters">{children}</div>;
}
