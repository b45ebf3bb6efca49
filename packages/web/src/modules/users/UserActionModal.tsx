import { type UserAction, api, userAccountWorkflow } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useBi } from '../../shared/locale';
import { invalidatePaths } from '../../shared/query';
import { ActionModal } from '../../shared/workflow/ActionModal';

type User = api.User;

/**
 * Confirms a workflow action on an account (锁定, 解锁, 停用, 启用); 锁定 and 停用 ask for the
 * reason their workflow requires.
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
  const { t } = useTranslation();
  const bi = useBi();
  const client = useQueryClient();
  const definition = userAccountWorkflow.actions[action];
  const label = bi(definition.label);
  return (
    <ActionModal
      action={definition}
      title={t('users.actionTitle', { action: label, name: user.displayName })}
      intro={t('users.actionConfirm', { action: label, name: `${user.displayName}（${user.username}）` })}
      danger={action === 'disable' || action === 'lock'}
      onSubmit={(body) => call(api.userAction, { params: { id: user.id, action }, body })}
      onDone={async () => {
        await invalidatePaths(client, api.listUsers.path);
        onDone();
      }}
      onClose={onClose}
    />
  );
}
