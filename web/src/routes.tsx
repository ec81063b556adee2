import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, useRouteError } from 'react-router';
import { AppShell } from './components/layout/app-shell';
import { ErrorState, Loading } from './components/states';

// Thin routes: each parses its URL (params, search) in a small route component and hands typed
// values to a page. Pages load lazily so the first paint carries only the shell.
const HomePage = lazy(() => import('./pages/home-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

function page(node: ReactNode) {
  return <Suspense fallback={<Loading />}>{node}</Suspense>;
}

function RouteError() {
  return <ErrorState error={useRouteError()} />;
}

export const router = createBrowserRouter(
  [
    {
      element: <AppShell />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: page(<HomePage />) },
        { path: '*', element: page(<NotFoundPage />) },
      ],
    },
  ],
  { basename: '/ui' },
);
