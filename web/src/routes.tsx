import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, useParams, useRouteError, useSearchParams } from 'react-router';
import type { SchemaType } from './api/registry';
import { AppShell } from './components/layout/app-shell';
import { ErrorState, Loading } from './components/states';
import type { SubjectTab } from './pages/subjects/subject-page';

// Thin routes: each parses its URL (params, search) in a small route component and hands typed
// values to a page, so every state worth sharing is a deep link. Pages load lazily so the first
// paint carries only the shell.
const HomePage = lazy(() => import('./pages/home-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const SubjectsPage = lazy(() => import('./pages/subjects/subjects-page'));
const SubjectPage = lazy(() => import('./pages/subjects/subject-page'));
const PlaygroundPage = lazy(() => import('./pages/playground/playground-page'));

function page(node: ReactNode) {
  return <Suspense fallback={<Loading />}>{node}</Suspense>;
}

function RouteError() {
  return <ErrorState error={useRouteError()} />;
}

const int = (s: string | null): number | undefined => (s !== null && /^\d+$/.test(s) ? Number(s) : undefined);
const oneOf = <T extends string>(s: string | null, values: readonly T[], fallback: T): T => (values.includes(s as T) ? (s as T) : fallback);

/** Replaces the search params a page controls, keeping the others; empty values are dropped. */
function useSearchState() {
  const [params, setParams] = useSearchParams();
  const set = (values: Record<string, string | number | boolean | undefined>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(values)) {
          if (v === undefined || v === '' || v === false) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace: true },
    );
  return [params, set] as const;
}

function SubjectsRoute() {
  const [p, set] = useSearchState();
  const filter = { q: p.get('q') ?? '', type: oneOf<SchemaType | ''>(p.get('type'), ['AVRO', 'JSON', 'PROTOBUF'], ''), deleted: p.get('deleted') === 'true' };
  return <SubjectsPage filter={filter} onFilter={(f) => set({ q: f.q, type: f.type, deleted: f.deleted })} />;
}

function SubjectRoute() {
  // The splat keeps subjects holding '/' (sent as %2F) in one piece.
  const subject = safeDecode(useParams()['*'] ?? '');
  const [p] = useSearchParams();
  const tab = oneOf<SubjectTab>(p.get('tab'), ['schema', 'compare', 'versions', 'references'], 'schema');
  return <SubjectPage key={subject} subject={subject} tab={tab} version={int(p.get('version'))} left={int(p.get('left'))} right={int(p.get('right'))} />;
}

function PlaygroundRoute() {
  const [p, set] = useSearchState();
  return <PlaygroundPage subject={p.get('subject') ?? ''} onSubject={(s) => set({ subject: s })} />;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const router = createBrowserRouter(
  [
    {
      element: <AppShell />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: page(<HomePage />) },
        { path: 'subjects', element: page(<SubjectsRoute />) },
        { path: 'subjects/*', element: page(<SubjectRoute />) },
        { path: 'playground', element: page(<PlaygroundRoute />) },
        { path: '*', element: page(<NotFoundPage />) },
      ],
    },
  ],
  { basename: '/ui' },
);
