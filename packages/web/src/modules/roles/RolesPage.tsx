import { api } from '@citysafe/domain';
import { Button, Card, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { RoleFormModal } from './RoleFormModal';

type Role = api.Role;

/** 角色权限: each role's data scope and the actions it grants, named from the server's catalogue. */
export default function RolesPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const { data, isPending } = useApiQuery(api.listRoles);
  const [editing, setEditing] = useState<Role | null>(null);
  const catalogue = data?.actions ?? [];
  const actionName = (code: string) => {
    const found = catalogue.find((a) => a.code === code);
    return found ? bi(found.name) : code;
  };

  const columns: TableColumnsType<Role> = [
    { title: t('roles.name'), key: 'name', render: (_, r) => bi(r.name), width: 140 },
    { title: t('roles.code'), dataIndex: 'code', width: 130, responsive: ['md'] },
    {
      title: t('roles.scope'),
      dataIndex: 'scope',
      width: 140,
      render: (s: Role['scope']) => <Tag color="geekblue">{t(`roles.scopes.${s}`)}</Tag>,
    },
    {
      title: t('roles.actions'),
      dataIndex: 'actions',
      render: (codes: string[]) => codes.map((c) => <Tag key={c}>{actionName(c)}</Tag>),
    },
    {
      title: t('roles.builtIn'),
      dataIndex: 'builtIn',
      width: 90,
      responsive: ['lg'],
      render: (b: boolean) => (b ? t('common.yes') : t('common.no')),
    },
    ...(can('role.manage')
      ? [
          {
            title: t('common.actions'),
            key: 'edit',
            width: 90,
            render: (_: unknown, r: Role) => (
              <Button type="link" size="small" onClick={() => setEditing(r)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const onExport = () =>
    exportXlsx(
      `${t('roles.exportName')}_${dateStamp()}`,
      t('roles.menu'),
      [
        { header: t('roles.name'), value: (r: Role) => bi(r.name), width: 16 },
        { header: t('roles.code'), value: (r) => r.code },
        { header: t('roles.scope'), value: (r) => t(`roles.scopes.${r.scope}`), width: 16 },
        { header: t('roles.actions'), value: (r) => r.actions.map(actionName).join('、'), width: 80 },
      ],
      data?.items ?? [],
    );

  return (
    <>
      <PageHeader title={t('roles.menu')} extra={<ExportButton onExport={onExport} />} />
      <Card size="small">
        <Table<Role> rowKey="code" size="middle" columns={columns} dataSource={data?.items} loading={isPending} pagination={false} />
      </Card>
      {editing && <RoleFormModal role={editing} catalogue={catalogue} onClose={() => setEditing(null)} />}
    </>
  );
}
