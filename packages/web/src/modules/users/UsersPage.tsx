import { PlusOutlined } from '@ant-design/icons';
import { type UserAction, type UserStatus, api, userAccountWorkflow, userStatuses } from '@citysafe/domain';
import { Button, Card, Dropdown, Select, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useFormatTime } from '../../shared/format';
import { ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useRoles } from '../../shared/roles';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserActionModal } from './UserActionModal';
import { UserDrawer } from './UserDrawer';
import { UserFormModal } from './UserFormModal';
import { UserStatusTag } from './status';

type User = api.User;

/** What a row's 更多 menu may open. */
type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'action'; user: User; action: UserAction }
  | { kind: 'detail'; userId: string };

const isWorkflowAction = (action: string): action is UserAction => Object.hasOwn(userAccountWorkflow.actions, action);

/** 用户管理: users in the caller's scope, filtered and sorted on the server. */
export default function UsersPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const can = useCan();
  const { roles, roleName } = useRoles(can('role.read'));
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const list = usePagedList(api.listUsers);
  const filters = list.query;
  const filter = list.setFilters;

  const actionsOf = (user: User) => (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={() => setDialog({ kind: 'detail', userId: user.id })}>
        {t('common.detail')}
      </Button>
      {user.allowedActions.includes('update') && (
        <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
          {t('common.edit')}
        </Button>
      )}
      {user.allowedActions.some((a) => a === 'resetPassword' || isWorkflowAction(a)) && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: user.allowedActions
              .filter((a) => a === 'resetPassword' || isWorkflowAction(a))
              .map((a) => ({
                key: a,
                label: isWorkflowAction(a) ? bi(userAccountWorkflow.actions[a].label) : t('users.resetPassword'),
                danger: a === 'disable' || a === 'lock',
              })),
            onClick: ({ key }) => setDialog(isWorkflowAction(key) ? { kind: 'action', user, action: key } : { kind: 'reset', user }),
          }}
        >
          <Button type="link" size="small" data-testid={`user-more-${user.username}`}>
            {t('common.more')}
          </Button>
        </Dropdown>
      )}
    </Space>
  );

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.org'), dataIndex: 'orgName' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (codes: string[]) => codes.map((c) => <Tag key={c}>{roleName(c)}</Tag>),
    },
    { title: t('common.status'), dataIndex: 'status', render: (s: UserStatus) => <UserStatusTag status={s} /> },
    { title: t('users.lastLoginAt'), dataIndex: 'lastLoginAt', render: time, responsive: ['lg'] },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: time, responsive: ['xl'] },
    { title: t('common.actions'), key: 'actions', render: (_, user) => actionsOf(user) },
  ];

  const onExport = async () => {
    const rows = await list.fetchAll();
    await exportXlsx(
      `${t('users.exportName')}_${dateStamp()}`,
      t('users.menu'),
      [
        { header: t('users.username'), value: (u) => u.username },
        { header: t('users.displayName'), value: (u) => u.displayName, width: 14 },
        { header: t('users.org'), value: (u) => u.orgName, width: 24 },
        { header: t('users.roles'), value: (u) => u.roles.map(roleName).join('、'), width: 24 },
        { header: t('common.status'), value: (u) => bi(userAccountWorkflow.states[u.status].label), width: 10 },
        { header: t('users.phone'), value: (u) => u.phone },
        { header: t('users.lastLoginAt'), value: (u) => time(u.lastLoginAt), width: 22 },
        { header: t('common.createdAt'), value: (u) => time(u.createdAt), width: 22 },
      ],
      rows,
    );
  };

  return (
    <>
      <PageHeader
        title={t('users.menu')}
        extra={
          <>
            <ExportButton onExport={onExport} />
            {can('user.manage') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
                {t('users.create')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={t('users.searchPlaceholder')} width={260} testId="user-search" />
          <div style={{ width: 220 }}>
            <OrgTreeSelect
              placeholder={t('users.filterOrg')}
              allowClear
              value={filters.orgId}
              onChange={(orgId) => filter({ orgId, subtree: orgId ? true : undefined })}
              data-testid="user-filter-org"
            />
          </div>
          {can('role.read') && (
            <Select
              aria-label={t('users.filterRole')}
              placeholder={t('users.filterRole')}
              allowClear
              value={filters.role}
              onChange={(role?: string) => filter({ role })}
              options={roles.map((r) => ({ value: r.code, label: roleName(r.code) }))}
              style={{ width: 160 }}
            />
          )}
          <Select
            aria-label={t('users.filterStatus')}
            placeholder={t('users.filterStatus')}
            allowClear
            value={filters.status}
            onChange={(status?: UserStatus) => filter({ status })}
            options={userStatuses.map((s) => ({ value: s, label: bi(userAccountWorkflow.states[s].label) }))}
            style={{ width: 140 }}
          />
        </FilterBar>
        <PagedTable<User> list={list} columns={columns} scroll={{ x: 'max-content' }} testId="user-table" />
      </Card>
      {dialog?.kind === 'create' && <UserFormModal user={null} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <UserFormModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'action' && (
        <UserActionModal
          user={dialog.user}
          action={dialog.action}
          onClose={() => setDialog(null)}
          onDone={() => setDialog({ kind: 'detail', userId: dialog.user.id })}
        />
      )}
      {dialog?.kind === 'detail' && <UserDrawer userId={dialog.userId} onClose={() => setDialog(null)} />}
    </>
  );
}
