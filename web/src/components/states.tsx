import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** Shown while a query has no data yet. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {what}…
    </div>
  );
}

/** Shown when a query answered with nothing to list. */
export function Empty({ children, title = 'Nothing here yet' }: { children?: ReactNode; title?: string }) {
  return (
    <div className="state state-empty" role="status">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

/** Shown when a query failed; a route the server does not have yet is "not available", not an error. */
export function ErrorState({ error, retry, what }: { error: unknown; retry?: () => void; what?: string }) {
  if (error instanceof ApiError && error.routeMissing) return <NotAvailable what={what} />;
  const status = error instanceof ApiError ? error.status : undefined;
  const title =
    status === 401 ? 'Sign in to see this' : status === 403 ? 'You may not see this' : status === 404 ? 'Not found' : 'Something went wrong';
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <div className="muted">{error instanceof Error ? error.message : String(error)}</div>
      {retry && status !== 404 && status !== 403 && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A part of the API this server does not offer (yet). */
export function NotAvailable({ what = 'This part of Charter' }: { what?: string }) {
  return (
    <div className="state state-unavailable" role="status">
      <strong>Not available</strong>
      <div className="muted">{what} is not available on this server yet.</div>
    </div>
  );
}

/** Renders a react-query result's states and hands the data to `children`. */
export function QueryState<T>({
  q,
  what,
  children,
  empty,
}: {
  q: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what?: string;
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
}) {
  if (q.isPending) return <Loading what={what ? `Loading ${what}` : 'Loading'} />;
  if (q.error || q.data === undefined) return <ErrorState error={q.error} retry={() => void q.refetch()} what={what} />;
  const e = empty?.(q.data);
  if (e) return <>{e}</>;
  return <>{children(q.data)}</>;
}

/** What a form's last submission was refused with, under the form; nothing when it was not. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="bad-text" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
