import { type OrgType, allowedChildTypes, api, orgLabel, orgTypeCodes, orgTypes } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type BodyOf, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { type Org, OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { invalidatePaths } from '../../shared/query';

type OrgBody = BodyOf<typeof api.createOrg>;

interface Values {
  name: string;
  shortName?: string;
  code: string;
  type: OrgType;
  /** Shown when editing, so an org can move within the caller's tree. */
  parentId?: string;
  aliases?: string[];
  divisionCode?: string;
  gridCode?: string;
  liaisonOrgId?: string;
  note?: string;
  sortOrder?: number;
}

export type OrgFormMode = { kind: 'create'; parent: Org } | { kind: 'edit'; org: Org };

/** Blank optional text becomes null, which the API takes as "none". */
const textOrNull = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);

/** The body without the parent, which create takes from the mode and update only when it moves. */
function fieldsOf(values: Values): Omit<OrgBody, 'parentId'> {
  return {
    name: values.name,
    shortName: textOrNull(values.shortName),
    code: values.code,
    type: values.type,
    aliases: values.aliases ?? [],
    divisionCode: textOrNull(values.divisionCode),
    gridCode: values.type === 'grid' ? textOrNull(values.gridCode) : null,
    liaisonOrgId: values.liaisonOrgId ?? null,
    note: textOrNull(values.note),
    sortOrder: values.sortOrder ?? 0,
  };
}

function initialValues(mode: OrgFormMode): Partial<Values> {
  if (mode.kind === 'create') {
    const [type] = allowedChildTypes[mode.parent.type];
    return { type, aliases: [], sortOrder: 0 };
  }
  const { org } = mode;
  return {
    name: org.name,
    shortName: org.shortName ?? undefined,
    code: org.code,
    type: org.type,
    parentId: org.parentId ?? undefined,
    aliases: org.aliases,
    divisionCode: org.divisionCode ?? undefined,
    gridCode: org.gridCode ?? undefined,
    liaisonOrgId: org.liaisonOrgId ?? undefined,
    note: org.note ?? undefined,
    sortOrder: org.sortOrder,
  };
}

/** 新建下级机构 / 编辑机构, validated by the contract's rules (`api.createOrg.body`). */
export function OrgFormModal({ mode, onClose, onSaved }: { mode: OrgFormMode; onClose: () => void; onSaved: (org: Org) => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const zodRule = useZodRule();
  const showError = useShowError();
  const { byId } = useOrgs();
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form);
  const parentId = Form.useWatch('parentId', form);
  const fields = api.createOrg.body.shape;

  // The kinds that may sit under the chosen parent keep the tree meaningful; the server checks too.
  const parent = mode.kind === 'create' ? mode.parent : parentId ? byId.get(parentId) : undefined;
  const typeChoices = parent ? allowedChildTypes[parent.type] : orgTypeCodes;
  const current = mode.kind === 'edit' ? mode.org.type : undefined;
  const typeOptions = [...new Set([...typeChoices, ...(current ? [current] : [])])].map((code) => ({
    value: code,
    label: bi(orgTypes[code]),
  }));

  const save = useMutation({
    mutationFn: (values: Values) =>
      mode.kind === 'create'
        ? call(api.createOrg, { body: { ...fieldsOf(values), parentId: mode.parent.id } })
        : call(api.updateOrg, {
            params: { id: mode.org.id },
            body: { ...fieldsOf(values), ...(values.parentId ? { parentId: values.parentId } : {}) },
          }),
    onSuccess: async (org) => {
      message.success(t('common.saved'));
      await invalidatePaths(client, api.listOrgs.path);
      onSaved(org);
    },
    onError: (error) => showError(error, form),
  });

  const title =
    mode.kind === 'create' ? t('orgs.createChildOf', { parent: orgLabel(mode.parent) }) : t('orgs.editTitle', { name: orgLabel(mode.org) });

  return (
    <Modal
      open
      title={title}
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
        initialValues={initialValues(mode)}
        onFinish={(values) => save.mutate(values)}
        data-testid="org-form"
      >
        <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, message: t('orgs.nameRequired') }, zodRule(fields.name)]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('orgs.shortName')} rules={[zodRule(fields.shortName)]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('orgs.code')}
          tooltip={t('orgs.codeHelp')}
          rules={[{ required: true, message: t('orgs.codeRequired') }, zodRule(fields.code)]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="type" label={t('orgs.type')} rules={[{ required: true, message: t('orgs.typeRequired') }]}>
          <Select options={typeOptions} data-testid="org-type" />
        </Form.Item>
        {mode.kind === 'edit' && mode.org.parentId && byId.has(mode.org.parentId) && (
          <Form.Item name="parentId" label={t('orgs.parent')} rules={[{ required: true }]}>
            <OrgTreeSelect />
          </Form.Item>
        )}
        <Form.Item name="aliases" label={t('orgs.aliases')} tooltip={t('orgs.aliasesHelp')} rules={[zodRule(fields.aliases)]}>
          <Select mode="tags" open={false} suffixIcon={null} placeholder={t('orgs.aliasesPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('orgs.divisionCode')}
          tooltip={t('orgs.divisionCodeHelp')}
          rules={[zodRule(fields.divisionCode)]}
        >
          <Input maxLength={6} />
        </Form.Item>
        {type === 'grid' && (
          <Form.Item name="gridCode" label={t('orgs.gridCode')} rules={[zodRule(fields.gridCode)]}>
            <Input maxLength={15} />
          </Form.Item>
        )}
        <Form.Item name="liaisonOrgId" label={t('orgs.liaison')} tooltip={t('orgs.liaisonHelp')}>
          <OrgTreeSelect allowClear />
        </Form.Item>
        <Form.Item name="note" label={t('orgs.note')} rules={[zodRule(fields.note)]}>
          <Input.TextArea rows={2} showCount maxLength={500} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('orgs.sortOrder')} rules={[zodRule(fields.sortOrder)]}>
          <InputNumber min={0} max={100000} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
