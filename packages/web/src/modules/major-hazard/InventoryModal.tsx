import { api, majorHazard } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, AutoComplete, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { useInstallationText } from './labels';

type Detail = api.majorHazard.InstallationDetail;
type Item = api.majorHazard.InventoryItem;
type Values = api.majorHazard.InventoryInput;

const fields = api.majorHazard.inventoryInput.shape;

/** 表1's names and aliases, offered as the name is typed (any other name needs its 表2 category). */
const substanceOptions = majorHazard.table1.flatMap((s) => [s.name, ...s.aliases]).map((value) => ({ value }));

/**
 * Adds a substance to an installation's inventory, or changes one: the server recomputes S, R and
 * the grade and answers with the whole installation, which the page shows at once.
 */
export function InventoryModal({
  installationId,
  item,
  onDone,
  onClose,
}: {
  installationId: string;
  /** The substance to change; absent to add one. */
  item?: Item;
  onDone: (updated: Detail) => void | Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const m = useInstallationText();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        ...v,
        cas: v.cas?.trim() || null,
        category: v.category ?? null,
        form: v.form?.trim() || null,
        note: v.note?.trim() || null,
      };
      return item
        ? call(api.majorHazard.updateInventoryItem, { params: { id: installationId, itemId: item.id }, body })
        : call(api.majorHazard.addInventoryItem, { params: { id: installationId }, body });
    },
    onSuccess: async (updated) => {
      message.success(m('saved'));
      await onDone(updated);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={item ? m('editSubstance') : m('addSubstance')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={item ? { ...item, category: item.category as Values['category'] } : {}}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="substanceName"
          label={m('substance')}
          rules={[{ required: true, message: m('required.substance') }, zodRule(fields.substanceName)]}
        >
          <AutoComplete options={substanceOptions} showSearch={{ filterOption: true }} data-testid="substance-name" />
        </Form.Item>
        <Form.Item name="cas" label={m('cas')} rules={[zodRule(fields.cas)]}>
          <Input maxLength={20} data-testid="substance-cas" />
        </Form.Item>
        <Form.Item name="category" label={m('category')} extra={m('categoryHelp')}>
          <Select
            allowClear
            options={majorHazard.table2.map((c) => ({
              value: c.code,
              label: `${c.code} ${bi(c.label)}（Q ${c.criticalQuantityTonnes} t）`,
            }))}
            popupMatchSelectWidth={false}
            data-testid="substance-category"
          />
        </Form.Item>
        <Form.Item
          name="quantityTonnes"
          label={m('quantity')}
          rules={[{ required: true, message: m('required.quantity') }, zodRule(fields.quantityTonnes)]}
        >
          <InputNumber min={0} style={{ width: '100%' }} data-testid="substance-quantity" />
        </Form.Item>
        <Form.Item name="form" label={m('form')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="note" label={m('note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 登记备案: the department gives the registration number. */
export function RegisterModal({
  installationId,
  onDone,
  onClose,
}: {
  installationId: string;
  onDone: (updated: Detail) => void | Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<{ registrationNo: string }>();
  const label = bi(majorHazard.installationWorkflow.actions.register.label);
  const register = useMutation({
    mutationFn: (body: { registrationNo: string }) =>
      call(api.majorHazard.installationAction, { params: { id: installationId, action: 'register' }, body }),
    onSuccess: async (updated) => {
      message.success(t('common.actionDone', { action: label }));
      await onDone(updated);
    },
    onError: (error) => showError(error, form),
  });
  return (
    <Modal
      open
      title={t('majorHazard.installations.registerTitle')}
      okText={label}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={register.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => register.mutate(v)}>
        <Form.Item
          name="registrationNo"
          label={t('majorHazard.installations.registrationNo')}
          rules={[
            { required: true, message: t('majorHazard.installations.required.registrationNo') },
            zodRule(majorHazard.registrationInput.shape.registrationNo),
          ]}
        >
          <Input maxLength={100} data-testid="registration-no" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
