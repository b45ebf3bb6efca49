import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api, orgLabel, orgTypes } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { type Org, useOrgs } from '../../shared/orgs';
import { invalidatePaths } from '../../shared/query';
import type { OrgFormMode } from './OrgFormModal';

interface OrgDetailProps {
  org: Org;
  onEdit: (mode: OrgFormMode) => void;
  onDeleted: (parentId: string | null) => void;
}

/** One org's fields, with the actions the server says the caller may take on it. */
export function OrgDetail({ org, onEdit, onDeleted }: OrgDetailProps) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const { byId } = useOrgs();
  const allowed = (action: Org['allowedActions'][number]) => org.allowedActions.includes(action);
  const nameOf = (id: string | null) => {
    const found = id ? byId.get(id) : undefined;
    return found ? orgLabel(found) : null;
  };

  const remove = useMutation({
    mutationFn: () => call(api.deleteOrg, { params: { id: org.id } }),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await invalidatePaths(client, api.listOrgs.path);
      onDeleted(org.parentId);
    },
    onError: (error) => showError(error),
  });

  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const items = [
    { key: 'name', label: t('orgs.name'), children: org.name },
    { key: 'shortName', label: t('orgs.shortName'), children: org.shortName ?? none },
    { key: 'type', label: t('orgs.type'), children: <Tag color="blue">{bi(orgTypes[org.type])}</Tag> },
    { key: 'code', label: t('orgs.code'), children: <Typography.Text code>{org.code}</Typography.Text> },
    {
      key: 'aliases',
      label: t('orgs.aliases'),
      children: org.aliases.length ? org.aliases.map((a) => <Tag key={a}>{a}</Tag>) : none,
    },
    { key: 'divisionCode', label: t('orgs.divisionCode'), children: org.divisionCode ?? none },
    ...(org.type === 'grid' ? [{ key: 'gridCode', label: t('orgs.gridCode'), children: org.gridCode ?? none }] : []),
    { key: 'parent', label: t('orgs.parent'), children: nameOf(org.parentId) ?? none },
    { key: 'liaison', label: t('orgs.liaison'), children: nameOf(org.liaisonOrgId) ?? none },
    { key: 'sortOrder', label: t('orgs.sortOrder'), children: org.sortOrder },
    { key: 'note', label: t('orgs.note'), children: org.note ?? none, span: 'filled' as const },
  ];

  return (
    <div data-testid="org-detail">
      <div className="page-header">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {orgLabel(org)}
        </Typography.Title>
        <Space wrap>
          {allowed('createChild') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => onEdit({ kind: 'create', parent: org })}
              data-testid="org-create-child"
            >
              {t('orgs.createChild')}
            </Button>
          )}
          {allowed('update') && (
            <Button icon={<EditOutlined />} onClick={() => onEdit({ kind: 'edit', org })} data-testid="org-edit">
              {t('common.edit')}
            </Button>
          )}
          {allowed('delete') && (
            <Popconfirm
              title={t('orgs.deleteConfirm', { name: orgLabel(org) })}
              description={t('orgs.deleteHelp')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync().catch(() => undefined)}
            >
              <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="org-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
    </div>
  );
}
