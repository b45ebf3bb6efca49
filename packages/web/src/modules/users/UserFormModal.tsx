import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { OrgTreeSelect } from '../../shared/orgs';
import { usePasswordRule } from '../../shared/password';
import { invalidatePaths } from '../../shared/query';
import { useRoles } from '../../shared/roles';

type User = api.User;

interface Values {
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
  phone?: string;
  password: string;
  mustChangePassword: boolean;
}

/** 新建用户 / 编辑用户. Username and initial password are set once, at creation. */
export function UserFormModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const zodRule = useZodRule();
  const passwordRule = usePasswordRule();
  const showError = useShowError();
  const { roles, roleName } = useRoles();
  const [form] = Form.useForm<Values>();
  const fields = api.createUser.body.shape;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const phone = v.phone?.trim() ? v.phone.trim() : null;
      return user
        ? call(api.updateUser, { params: { id: user.id }, body: { displayName: v.displayName, orgId: v.orgId, roles: v.roles, phone } })
        : call(api.createUser, {
            body: {
              username: v.username,
              displayName: v.displayName,
              orgId: v.orgId,
              roles: v.roles,
              phone,
              password: v.password,
              mustChangePassword: v.mustChangePassword,
            },
          });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidatePaths(client, api.listUsers.path);
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const initial: Partial<Values> = user
    ? { displayName: user.displayName, orgId: user.orgId, roles: user.roles, phone: user.phone ?? undefined }
    : { roles: [], mustChangePassword: true };

  return (
    <Modal
      open
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="user-form">
        {!user && (
          <Form.Item
            name="username"
            label={t('users.username')}
            tooltip={t('users.usernameHelp')}
            rules={[{ required: true, message: t('users.usernameRequired') }, zodRule(fields.username)]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, message: t('users.displayNameRequired') }, zodRule(fields.displayName)]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('users.orgRequired') }]}>
          <OrgTreeSelect placeholder={t('users.orgPlaceholder')} data-testid="user-org" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, message: t('users.rolesRequired') }, zodRule(fields.roles)]}
        >
          <Select
            mode="multiple"
            options={roles.map((r) => ({ value: r.code, label: roleName(r.code) }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="user-roles"
          />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[zodRule(fields.phone)]}>
          <Input />
        </Form.Item>
        {!user && (
          <>
            <Form.Item
              name="password"
              label={t('users.initialPassword')}
              tooltip={t('users.initialPasswordHelp')}
              dependencies={['username']}
              rules={[
                { required: true, message: t('users.passwordRequired') },
                ({ getFieldValue }) => passwordRule(getFieldValue('username') as string | undefined),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="mustChangePassword" valuePropName="checked">
              <Checkbox>{t('users.mustChangePassword')}</Checkbox>
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
