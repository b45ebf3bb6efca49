import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { Spin } from 'antd';
import { Outlet, RouterProvider, createBrowserRouter } from 'react-router';
import { ApiError } from '../shared/api';
import { LoginPage } from './auth/LoginPage';
import { ErrorPage } from './ErrorPage';
import { currentLocale, loadModuleMessages } from './i18n';
import { RequirePermission, RequireSession } from './guards';
import { LocaleProvider } from './LocaleProvider';
import { moduleRoutes } from './modules';
import { type SessionUser, fetchSession, handleSessionErrors, sessionKey } from './session';

// The login page is all a phone downloads first; the frame (menu, drawer, top bar) and the password
// change come once the person is signed in.
// Both start at once; the frame renders when both are there (its menu speaks the modules' messages).
const loadAppLayout = () => Promise.all([import('./layout/AppLayout'), loadModuleMessages(currentLocale())]).then(([layout]) => layout);
const AppLayout = lazy(() => loadAppLayout().then((m) => ({ default: m.AppLayout })));
const ChangePasswordPage = lazy(() => import('./auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })));

const signedInRoutes = moduleRoutes.filter((r) => !r.public);

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/change-password', element: <ChangePasswordPage /> },
  // Modules' public pages (公示), like the login page: no session asked for, no frame.
  ...moduleRoutes
    .filter((r) => r.public)
    .map(({ path, page: PublicPage }) => {
      // The page waits for its module's messages too, which only the signed-in frame loads otherwise. (A lazy
      // component must resolve to a function, not to another lazy component.)
      const Page = lazy(() => loadModuleMessages(currentLocale()).then(() => ({ default: () => <PublicPage /> })));
      return { path, element: <Page />, errorElement: <ErrorPage status={500} /> };
    }),
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      {
        // A page that throws shows the 500 page inside the frame, so the menu stays usable.
        errorElement: <ErrorPage status={500} />,
        element: <Outlet />,
        children: [
          ...signedInRoutes.map(({ path, permission, nested, page: Page }) => ({
            id: path,
            ...(path === '/' ? { index: true as const } : { path: nested ? `${path.slice(1)}/*` : path.slice(1) }),
            element: (
              <RequirePermission action={permission}>
                <Page />
              </RequirePermission>
            ),
          })),
          { path: '403', element: <ErrorPage status={403} /> },
          { path: '500', element: <ErrorPage status={500} /> },
          { path: '*', element: <ErrorPage status={404} /> },
        ],
      },
    ],
  },
]);

function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => handleSessionErrors(client, error) }),
    mutationCache: new MutationCache({ onError: (error) => handleSessionErrors(client, error) }),
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network blips and 5xx get two more tries.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
    },
  });
  return client;
}

/**
 * A fresh load by a signed-in person (a returning user on a phone): once the session is known,
 * starts the frame's code and the landing page's code and requests at once, in parallel, instead
 * of the chain session → frame → page → page's requests that rendering alone would walk.
 */
function warmStart(client: QueryClient): void {
  void client.prefetchQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity }).then(() => {
    const user = client.getQueryData<SessionUser | null>(sessionKey);
    if (!user || user.mustChangePassword) return;
    void loadAppLayout();
    const route = moduleRoutes.find((r) => r.path === window.location.pathname);
    void route?.prefetch?.(client, (action) => user.permissions.includes(action));
  });
}

export function App() {
  const [client] = useState(() => {
    const created = createQueryClient();
    warmStart(created);
    return created;
  });
  return (
    <QueryClientProvider client={client}>
      <LocaleProvider>
        <Suspense fallback={<Spin size="large" className="page-spin" />}>
          <RouterProvider router={router} />
        </Suspense>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
