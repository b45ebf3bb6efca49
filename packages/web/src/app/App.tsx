import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { Spin } from 'antd';
import { Outlet, RouterProvider, createBrowserRouter } from 'react-router';
import { ApiError } from '../shared/api';
import { LoginPage } from './auth/LoginPage';
import { ErrorPage } from './ErrorPage';
import { RequirePermission, RequireSession } from './guards';
import { LocaleProvider } from './LocaleProvider';
import { moduleRoutes } from './modules';
import { handleSessionErrors } from './session';

// The login page is all a phone downloads first; the frame (menu, drawer, top bar) and the password
// change come once the person is signed in.
const AppLayout = lazy(() => import('./layout/AppLayout').then((m) => ({ default: m.AppLayout })));
const ChangePasswordPage = lazy(() => import('./auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })));

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/change-password', element: <ChangePasswordPage /> },
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
          ...moduleRoutes.map(({ path, permission, nested, page: Page }) => ({
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

export function App() {
  const [client] = useState(createQueryClient);
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
