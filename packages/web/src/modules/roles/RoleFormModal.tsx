import { type ScopeKind, api, scopeKinds } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { invalidatePaths } from '../../shared/query';

type Role = api.Role;
type Catalogue = { code: string; name: { zh: string; en: string } }[];

interface Values {
  nameZh: string;
  nameEn: string;
  scope: ScopeKind;
  actions: string[];
}

/** 编辑角色: names, data scope and the actions the role grants. */
export function RoleFormModal({ role, catalogue, onClose }: { role: Role; catalogue: Catalogue; onClose: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();

  const save = useMutation({
    mutationFn: (v: Values) =>
      call(api.updateRole, {
        params: { code: role.code },
        body: { name: { zh: v.nameZh, en: v.nameEn }, scope: v.scope, actions: v.actions },
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidatePaths(client, api.listRoles.path);
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('roles.editTitle', { name: bi(role.name) })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ nameZh: role.name.zh, nameEn: role.name.en, scope: role.scope, actions: role.actions }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="nameZh" label={t('roles.nameZh')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('roles.nameEn')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="scope" label={t('roles.scope')} tooltip={t('roles.scopeHelp')}>
          <Select options={scopeKinds.map((s) => ({ value: s, label: t(`roles.scopes.${s}`) }))} />
        </Form.Item>
        <Form.Item name="actions" label={t('roles.actions')}>
          <Checkbox.Group options={catalogue.map((a) => ({ value: a.code, label: bi(a.name) }))} className="role-actions" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
