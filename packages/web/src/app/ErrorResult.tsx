import { Result } from 'antd';
import type { ComponentProps } from 'react';

/** antd's Result with its status pictures, split out so the login page does not download them. */
export default function ErrorResult(props: ComponentProps<typeof Result>) {
  return <Result {...props} />;
}
