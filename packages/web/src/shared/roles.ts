import { api } from '@citysafe/domain';
import { useCallback } from 'react';
import { useBi } from './locale';
import { useApiQuery } from './query';

/** The roles with the actions catalogue; `roleName(code)` gives a role's name in the current language. */
export function useRoles(enabled = true) {
  const bi = useBi();
  const query = useApiQuery(api.listRoles, undefined, { enabled });
  const roles = query.data?.items;
  const roleName = useCallback(
    (code: string) => {
      const role = roles?.find((r) => r.code === code);
      return role ? bi(role.name) : code;
    },
    [roles, bi],
  );
  return { ...query, roles: roles ?? [], roleName };
}
