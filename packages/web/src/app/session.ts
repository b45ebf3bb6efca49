import { type Action, api } from '@citysafe/domain';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, call, isApiError, setCsrfToken } from '../shared/api';
import { apiKey } from '../shared/query';

export type SessionUser = api.SessionUser;

/** The session lives in the query cache under the `me` key: null = logged out. */
export const sessionKey = apiKey(api.me);

export async function fetchSession(): Promise<SessionUser | null> {
  try {
    const { user, csrfToken } = await call(api.me);
    setCsrfToken(csrfToken);
    return user;
  } catch (e) {
    if (isApiError(e, 'UNAUTHENTICATED')) return null;
    throw e;
  }
}

/** The logged-in user, null when logged out, undefined while the first check runs. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity });
}

/** The logged-in user; only inside routes guarded by RequireSession. */
export function useUser(): SessionUser {
  const { data } = useSession();
  if (!data) throw new Error('useUser outside a session');
  return data;
}

/** `can(action)`: whether the user holds a permission, for showing menus and buttons. */
export function useCan(): (action: Action) => boolean {
  const { data } = useSession();
  return useCallback((action: Action) => data?.permissions.includes(action) ?? false, [data]);
}

/** Stores the session a successful login or `me` returned. */
export function setSession(client: QueryClient, session: { user: SessionUser; csrfToken: string } | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  client.setQueryData(sessionKey, session?.user ?? null);
}

/**
 * Reacts to errors any call reports: a lost session sends the person to the login page, a pending
 * password change to the change-password page (the guards read the session from the cache).
 */
export function handleSessionErrors(client: QueryClient, error: unknown): void {
  if (!(error instanceof ApiError)) return;
  if (error.code === 'UNAUTHENTICATED') setSession(client, null);
  if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
    client.setQueryData<SessionUser | null>(sessionKey, (user) => user && { ...user, mustChangePassword: true });
  }
}

/** Logs out on the server, then forgets everything cached for this user. */
export function useLogout(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    // Whatever the server answers (the session may have expired already), this browser stops using it.
    await call(api.logout).catch(() => undefined);
    client.clear();
    setSession(client, null);
  }, [client]);
}
