import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, useParams, useRouteError, useSearchParams } from 'react-router';
import type { SchemaType } from './api/registry';
import { AppShell } from './components/layout/app-shell';
import { ErrorState, Loading } from './components/states';
import { CLASSIFICATIONS, LIFECYCLES, type Classification, type Lifecycle, type Severity } from './api/catalog';
import type { SubjectTab } from './pages/subjects/subject-page';

// Thin routes: each parses its URL (params, search) in a small route component and hands typed
// values to a page, so every state worth sharing is a deep link. Pages load lazily so the first
// paint carries only the shell.
const HomePage = lazy(() => import('./pages/home-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const SubjectsPage = lazy(() => import('./pages/subjects/subjects-page'));
const SubjectPage = lazy(() => import('./pages/subjects/subject-page'));
const PlaygroundPage = lazy(() => import('./pages/playground/playground-page'));
const SearchPage = lazy(() => import('./pages/search/search-page'));
const TopicsPage = lazy(() => import('./pages/catalog/topics-page'));
const TopicPage = lazy(() => import('./pages/catalog/topic-page'));
const GovernancePage = lazy(() => import('./pages/catalog/governance-page'));
const LineagePage = lazy(() => import('./pages/catalog/lineage-page'));
const SignInPage = lazy(() => import('./pages/sign-in-page'));
const SignInCallbackPage = lazy(() => import('./pages/sign-in-page').then((m) => ({ default: m.SignInCallbackPage })));
const AuditPage = lazy(() => import('./pages/admin/audit-page'));
const AccessPage = lazy(() => import('./pages/admin/access-page'));
const entries = () => import('./pages/catalog/entries-pages');
const DomainsPage = lazy(() => entries().then((m) => ({ default: m.DomainsPage })));
const DomainPage = lazy(() => entries().then((m) => ({ default: m.DomainPage })));
const TeamsPage = lazy(() => entries().then((m) => ({ default: m.TeamsPage })));
const TeamPage = lazy(() => entries().then((m) => ({ default: m.TeamPage })));
const ApplicationsPage = lazy(() => entries().then((m) => ({ default: m.ApplicationsPage })));
const ApplicationPage = lazy(() => entries().then((m) => ({ default: m.ApplicationPage })));
const EventPage = lazy(() => entries().then((m) => ({ default: m.EventPage })));

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

function SearchRoute() {
  const [p] = useSearchParams();
  return <SearchPage q={p.get('q') ?? ''} />;
}

/** A catalogue entry's page, keyed by the decoded name so switching entries resets it. */
function named(render: (name: string) => ReactNode) {
  function NamedRoute() {
    return <>{render(safeDecode(useParams().name ?? ''))}</>;
  }
  return <NamedRoute />;
}

function TopicsRoute() {
  const [p, set] = useSearchState();
  const filter = {
    q: p.get('q') ?? '',
    domain: p.get('domain') ?? '',
    owner: p.get('owner') ?? '',
    lifecycle: oneOf<Lifecycle | ''>(p.get('lifecycle'), LIFECYCLES, ''),
    classification: oneOf<Classification | 'none' | ''>(p.get('classification'), [...CLASSIFICATIONS, 'none'], ''),
  };
  return <TopicsPage filter={filter} onFilter={(f) => set({ ...f })} />;
}

function GovernanceRoute() {
  const [p, set] = useSearchState();
  const filter = { domain: p.get('domain') ?? '', severity: oneOf<Severity | ''>(p.get('severity'), ['warn', 'block'], ''), kind: p.get('kind') ?? '' };
  return <GovernancePage filter={filter} onFilter={(f) => set({ ...f })} />;
}

function LineageRoute() {
  const [p, set] = useSearchState();
  return <LineagePage filter={{ domain: p.get('domain') ?? '', team: p.get('team') ?? '' }} onFilter={(f) => set({ ...f })} />;
}

function AuditRoute() {
  const [p, set] = useSearchState();
  const filter = { principal: p.get('principal') ?? '', resource: p.get('resource') ?? '', action: p.get('action') ?? '', from: p.get('from') ?? '', to: p.get('to') ?? '' };
  return <AuditPage filter={filter} onFilter={(f) => set({ ...f })} />;
}

function SignInRoute() {
  const [p] = useSearchParams();
  return <SignInPage next={p.get('next') ?? '/'} />;
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
        { path: 'search', element: page(<SearchRoute />) },
        { path: 'domains', element: page(<DomainsPage />) },
        { path: 'domains/:name', element: page(named((n) => <DomainPage key={n} name={n} />)) },
        { path: 'topics', element: page(<TopicsRoute />) },
        { path: 'topics/:name', element: page(named((n) => <TopicPage key={n} name={n} />)) },
        { path: 'events/:name', element: page(named((n) => <EventPage key={n} name={n} />)) },
        { path: 'teams', element: page(<TeamsPage />) },
        { path: 'teams/:name', element: page(named((n) => <TeamPage key={n} name={n} />)) },
        { path: 'applications', element: page(<ApplicationsPage />) },
        { path: 'applications/:name', element: page(named((n) => <ApplicationPage key={n} name={n} />)) },
        { path: 'governance', element: page(<GovernanceRoute />) },
        { path: 'lineage', element: page(<LineageRoute />) },
        { path: 'audit', element: page(<AuditRoute />) },
        { path: 'admin/access', element: page(<AccessPage />) },
        { path: 'sign-in', element: page(<SignInRoute />) },
        { path: 'sign-in/callback', element: page(<SignInCallbackPage />) },
        { path: '*', element: page(<NotFoundPage />) },
      ],
    },
  ],
  { basename: '/ui' },
);
