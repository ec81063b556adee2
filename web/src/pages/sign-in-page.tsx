import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../api/client';
import { authorizationHeader, saveCredentials, type Credentials } from '../api/credentials';
import { finishSignIn, startSignIn, useSignInOptions } from '../api/oidc';
import { usePageTitle } from '../lib/use-page-title';

/** Where to go after signing in: only paths of this UI, never another site. */
const safeNext = (next: string) => (next.startsWith('/') && !next.startsWith('//') ? next : '/');

/**
 * Sign-in with the credentials the API takes: a user name and password (or an API key and its
 * secret) sent as HTTP Basic, or a token from the identity provider sent as a bearer token —
 * obtained by signing in there when the server names a client for the UI, else pasted.
 * They are checked with one API call before they are kept for this browser tab.
 */
export default function SignInPage({ next }: { next: string }) {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'basic' | 'bearer'>('basic');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useSignInOptions();
  const oidc = options.data?.oidc ?? null;

  const submit = async () => {
    const creds: Credentials = mode === 'basic' ? { kind: 'basic', username, password } : { kind: 'bearer', token: token.trim() };
    setBusy(true);
    setError(null);
    try {
      await request('/v1/metadata/id', { noRedirect: true, headers: { Authorization: authorizationHeader(creds)! } });
      saveCredentials(creds);
      qc.clear();
      navigate(safeNext(next), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'Those credentials were not accepted.' : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Sign in</h1>
      <p className="muted">Use the same credentials as the API.</p>
      {oidc && (
        <div className="panel">
          <button
            type="button"
            className="primary"
            onClick={() => {
              setError(null);
              startSignIn(oidc, safeNext(next)).catch((e: Error) => setError(e.message));
            }}
          >
            Sign in with your identity provider
          </button>
          <p className="muted small">
            You sign in at <code>{new URL(oidc.authorizationEndpoint).host}</code> and come back here.
          </p>
        </div>
      )}
      <div className="tabs" role="tablist" aria-label="How to sign in">
        <button type="button" role="tab" aria-selected={mode === 'basic'} onClick={() => setMode('basic')}>
          User or API key
        </button>
        <button type="button" role="tab" aria-selected={mode === 'bearer'} onClick={() => setMode('bearer')}>
          Identity provider token
        </button>
      </div>
      <form
        className="panel form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {mode === 'basic' ? (
          <>
            <label>
              User name or API key
              <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoFocus />
            </label>
            <label>
              Password or API secret
              <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
            </label>
          </>
        ) : (
          <label>
            Access token
            <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={4} required spellCheck={false} />
          </label>
        )}
        {error && (
          <p className="state-error small" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}

/**
 * /ui/sign-in/callback: where the identity provider sends the browser back. Exchanges the code
 * for a token, asks the API who that is, keeps the credentials and goes where the user was going.
 */
export function SignInCallbackPage() {
  usePageTitle('Signing in');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [started] = useState(() => ({ done: false }));
  useEffect(() => {
    // Once only (React runs effects twice in development): the code can be used once.
    if (started.done) return;
    started.done = true;
    (async () => {
      const { credentials, next } = await finishSignIn(window.location.search);
      const who = await request<{ name: string }>('/acl/whoami', { noRedirect: true, headers: { Authorization: authorizationHeader(credentials)! } });
      saveCredentials({ ...credentials, username: who.name });
      qc.clear();
      navigate(safeNext(next), { replace: true });
    })().catch((e: unknown) =>
      setError(e instanceof ApiError && e.status === 401 ? 'Charter did not accept the token the identity provider gave.' : e instanceof Error ? e.message : String(e)),
    );
  }, [navigate, qc, started]);
  return (
    <section className="page narrow">
      <h1>Signing in</h1>
      {error ? (
        <div className="state state-error" role="alert">
          <strong>Sign-in did not complete</strong>
          <div>{error}</div>
          <p>
            <Link to="/sign-in">Back to sign-in</Link>
          </p>
        </div>
      ) : (
        <div className="state" role="status">
          Completing the sign-in…
        </div>
      )}
    </section>
  );
}
