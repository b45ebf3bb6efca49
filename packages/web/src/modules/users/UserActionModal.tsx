import { type UserAction, api, userAccountWorkflow } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { pickText, useBi } from '../../shared/locale';
import { invalidatePaths } from '../../shared/query';

type User = api.User;

/**
 * Confirms a workflow action on an account (锁定, 解锁, 停用, 启用). Actions whose definition asks
 * for input (a reason for 锁定 and 停用) show the field and check it with the workflow's schema.
 */
export function UserActionModal({
  user,
  action,
  onClose,
  onDone,
}: {
  user: User;
  action: UserAction;
  onClose: () => void;
  /** After success, e.g. to show the account's timeline with the new entry. */
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [form] = Form.useForm<{ reason?: string }>();
  const definition = userAccountWorkflow.actions[action];
  const label = bi(definition.label);

  const take = useMutation({
    mutationFn: (body: { reason?: string }) => call(api.userAction, { params: { id: user.id, action }, body }),
    onSuccess: async () => {
      message.success(t('users.actionDone', { action: label }));
      await invalidatePaths(client, api.listUsers.path);
      onDone();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('users.actionTitle', { action: label, name: user.displayName })}
      okText={label}
      okButtonProps={{ danger: action === 'disable' || action === 'lock' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('users.actionConfirm', { action: label, name: `${user.displayName}（${user.username}）` })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => take.mutate(v)}>
        {definition.input && (
          <Form.Item
            name="reason"
            label={t('users.reason')}
            rules={[
              { required: true, message: t('users.reasonRequired') },
              {
                validator: async (_, reason: string | undefined) => {
                  const issue = definition.input?.safeParse({ reason }).error?.issues[0];
                  if (issue) throw new Error(pickText(issue.message, i18n.language));
                },
              },
            ]}
          >
            <Input.TextArea rows={3} showCount maxLength={500} data-testid="user-action-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
