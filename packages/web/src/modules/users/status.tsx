import { type UserStatus, userAccountWorkflow } from '@citysafe/domain';
import { Tag } from 'antd';
import { useBi } from '../../shared/locale';

const colors: Record<UserStatus, string> = { active: 'green', locked: 'orange', disabled: 'default' };

/** An account's state (正常 / 锁定 / 停用) with the workflow's own label. */
export function UserStatusTag({ status }: { status: UserStatus }) {
  const bi = useBi();
  return <Tag color={colors[status]}>{bi(userAccountWorkflow.states[status].label)}</Tag>;
}
