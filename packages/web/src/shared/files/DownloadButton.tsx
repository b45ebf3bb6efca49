import { DownloadOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { type ReactNode, useState } from 'react';
import { useShowError } from '../forms';
import { downloadFrom } from './files';

/** Downloads a document the server builds, showing progress and refusals. */
export function DownloadButton({
  path,
  fileName,
  children,
  icon = <DownloadOutlined />,
  type,
  testId,
}: {
  path: string;
  /** Used when the server names no file. */
  fileName: string;
  children: ReactNode;
  icon?: ReactNode;
  type?: ButtonProps['type'];
  testId?: string;
}) {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadFrom(path, fileName);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button type={type} icon={icon} loading={busy} onClick={() => void run()} data-testid={testId}>
      {children}
    </Button>
  );
}
