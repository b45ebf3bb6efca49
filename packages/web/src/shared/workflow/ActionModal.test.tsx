// @vitest-environment jsdom
import { userAccountWorkflow } from '@citysafe/domain';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api';
import { renderWithApp } from '../testing/render';
import { type ActionBody, ActionModal } from './ActionModal';

afterEach(cleanup);

/** The messages the form shows under its fields. */
const fieldErrors = () => [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);

/** The modal for one action of the account workflow, recording what it sends and what it reports back. */
function open(action: keyof typeof userAccountWorkflow.actions, onSubmit = vi.fn(async (body: ActionBody) => ({ sent: body }))) {
  const onDone = vi.fn();
  renderWithApp(
    <ActionModal
      action={userAccountWorkflow.actions[action]}
      title="停用账号"
      danger
      onSubmit={onSubmit}
      onDone={onDone}
      onClose={() => undefined}
    />,
  );
  const ok = () => screen.getByRole('button', { name: new RegExp(userAccountWorkflow.actions[action].label.zh.split('').join('\\s*')) });
  return { onSubmit, onDone, ok };
}

describe('action with a reason', () => {
  test('an action whose workflow asks for a reason is not sent without one, saying so once', async () => {
    const { onSubmit, ok } = open('disable');
    await userEvent.click(ok());
    await screen.findByText('请填写原因');
    expect(onSubmit).not.toHaveBeenCalled();
    // Only the form's own message: not zod's technical one about `undefined` next to it.
    expect(fieldErrors()).toEqual(['请填写原因']);
    expect(document.body.textContent).not.toMatch(/无效输入|undefined/);
  });

  test('a reason of spaces only counts as none', async () => {
    const { onSubmit, ok } = open('disable');
    await userEvent.type(screen.getByTestId('reason-input'), '   ');
    await userEvent.click(ok());
    await screen.findByText('请填写原因');
    expect(fieldErrors()).toEqual(['请填写原因']);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('the reason is checked with the workflow’s own rule (at least two characters)', async () => {
    const { onSubmit, ok } = open('disable');
    await userEvent.type(screen.getByTestId('reason-input'), '调');
    await userEvent.click(ok());
    await screen.findByText('请填写原因');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('a valid reason is sent as the action’s body, and the result handed on', async () => {
    const { onSubmit, onDone, ok } = open('disable');
    await userEvent.type(screen.getByTestId('reason-input'), '调离新筑街办');
    await userEvent.click(ok());
    await waitFor(() => expect(onDone).toHaveBeenCalledWith({ sent: { reason: '调离新筑街办' } }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({ reason: '调离新筑街办' });
    await screen.findByText('已停用');
  });

  test('an action without input only confirms, and sends an empty body', async () => {
    const { onSubmit, onDone, ok } = open('enable');
    expect(screen.queryByTestId('reason-input')).toBeNull();
    await userEvent.click(ok());
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith({});
  });

  test('the server’s refusal of the reason shows on the field, and the modal stays open', async () => {
    const refuse = vi.fn(async () => {
      throw new ApiError(400, {
        code: 'VALIDATION',
        message: { zh: '输入有误', en: 'Invalid input' },
        fields: [{ field: 'reason', message: { zh: '原因不能只写标点', en: 'not punctuation only' } }],
      });
    });
    const { onDone, ok } = open('disable', refuse);
    await userEvent.type(screen.getByTestId('reason-input'), '……');
    await userEvent.click(ok());
    await screen.findByText('原因不能只写标点');
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByTestId('reason-input')).toBeTruthy();
    // The field says it: no toast repeating "输入有误" beside it.
    expect(screen.queryByText('输入有误')).toBeNull();
  });

  test('a refusal the form has no field for is still shown, as a toast', async () => {
    const refuse = vi.fn(async () => {
      throw new ApiError(409, { code: 'CONFLICT', message: { zh: '状态已变化，请刷新', en: 'State changed' } });
    });
    const { ok } = open('disable', refuse);
    await userEvent.type(screen.getByTestId('reason-input'), '调离新筑街办');
    await userEvent.click(ok());
    await screen.findByText('状态已变化，请刷新');
  });
});
