import { api, checkPassword } from '@citysafe/domain';
import type { RuleObject } from 'antd/es/form';
import { useBi } from './locale';
import { useApiQuery } from './query';

/**
 * A form rule applying the server's password policy (GB/T 22239 level 3 by default) with the
 * domain's own check, so a weak password is refused before it is sent.
 */
export function usePasswordRule(): (username?: string) => RuleObject {
  const bi = useBi();
  const { data: policy } = useApiQuery(api.passwordPolicyEndpoint);
  return (username) => ({
    validator: async (_rule, value: string | undefined) => {
      const problem = value && policy ? checkPassword(value, policy, username) : null;
      if (problem) throw new Error(bi(problem));
    },
  });
}
