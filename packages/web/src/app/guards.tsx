import type { Action } from '@citysafe/domain';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorPage } from './ErrorPage';
import { useCan, useSession } from './session';

/** Lets logged-in users through; others go to the login page and come back after it. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { data: user, isPending, isError } = useSession();
  const location = useLocation();
  if (isPending) return <Spin size="large" className="page-spin" />;
  if (isError) return <ErrorPage status={500} />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (user.mustChangePassword) return <Navigate to="/change-password" replace />;
  return children;
}

/** Shows the 403 page to users without the module's permission (e.g. after following a link). */
export function RequirePermission({ action, children }: { action: Action | null; children: ReactNode }) {
  const can = useCan();
  if (action && !can(action)) return <ErrorPage status={403} />;
  return children;
}
