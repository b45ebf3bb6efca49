import { type UserStatus, api, userAccountWorkflow } from '@citysafe/domain';
import { Descriptions, Drawer, Empty, Grid, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';
import { useRoles } from '../../shared/roles';
import { UserStatusTag, useActionLabel } from './status';

const stateLabel = (state: string) =>
  (userAccountWorkflow.states as Record<string, { label: { zh: string; en: string } } | undefined>)[state]?.label;

/** 用户详情: the account's fields and its timeline of status changes. */
export function UserDrawer({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const actionLabel = useActionLabel();
  const { roleName } = useRoles();
  const screens = Grid.useBreakpoint();
  const { data: user, isPending } = useApiQuery(api.getUser, { params: { id: userId } });

  const state = (s: string) => {
    const label = stateLabel(s);
    return label ? bi(label) : s;
  };

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
          {user.timeline.length === 0 ? (
            <Empty description={t('users.noTimeline')} />
          ) : (
            <Timeline
              data-testid="user-timeline"
              items={user.timeline.map((entry) => ({
                key: entry.id,
                color: entry.toState === 'active' ? 'green' : entry.toState === 'locked' ? 'orange' : 'gray',
                content: (
                  <>
                    <Typography.Text type="secondary">{time(entry.at)}</Typography.Text>
                    <div>
                      <Typography.Text strong>{actionLabel(entry.action)}</Typography.Text>
                      {'  '}
                      {state(entry.fromState)} → {state(entry.toState)}
                    </div>
                    <Typography.Text type="secondary">{t('users.by', { name: entry.actorName })}</Typography.Text>
                    {typeof entry.input.reason === 'string' && <div>{t('users.reasonText', { reason: entry.input.reason })}</div>}
                  </>
                ),
              }))}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
