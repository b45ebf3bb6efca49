import { type UserStatus, api, userAccountWorkflow } from '@citysafe/domain';
import { Descriptions, Drawer, Grid, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatTime } from '../../shared/format';
import { useApiQuery } from '../../shared/query';
import { useRoles } from '../../shared/roles';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { UserStatusTag } from './status';

const stateColor: Partial<Record<UserStatus, string>> = { active: 'green', locked: 'orange' };

/** 用户详情: the account's fields and its timeline of status changes. */
export function UserDrawer({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { roleName } = useRoles();
  const screens = Grid.useBreakpoint();
  const { data: user, isPending } = useApiQuery(api.getUser, { params: { id: userId } });

  return (
    <Drawer
      open
      onClose={onClose}
      title={user?.displayName ?? t('users.detail')}
      size={screens.md ? 560 : '100%'}
      data-testid="user-drawer"
    >
      {isPending || !user ? (
        <Spin />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'username', label: t('users.username'), children: user.username },
              { key: 'org', label: t('users.org'), children: user.orgName },
              { key: 'roles', label: t('users.roles'), children: user.roles.map((r) => <Tag key={r}>{roleName(r)}</Tag>) },
              { key: 'status', label: t('common.status'), children: <UserStatusTag status={user.status as UserStatus} /> },
              { key: 'phone', label: t('users.phone'), children: user.phone ?? '' },
              { key: 'lastLogin', label: t('users.lastLoginAt'), children: time(user.lastLoginAt) },
              { key: 'created', label: t('common.createdAt'), children: time(user.createdAt) },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('users.timeline')}
          </Typography.Title>
          <WorkflowTimeline
            entries={user.timeline}
            workflow={userAccountWorkflow}
            color={(entry) => stateColor[entry.toState as UserStatus] ?? 'gray'}
            testId="user-timeline"
          />
        </>
      )}
    </Drawer>
  );
}
