import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../api/client';
import { authorizationHeader, saveCredentials, type Credentials } from '../api/credentials';
import { usePageTitle } from '../lib/use-page-title';

/**
 * Sign-in with the credentials the API takes: a user name and password (or an API key and its
 * secret) sent as HTTP Basic, or a token from the identity provider sent as a bearer token.
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

  const submit = async () => {
    const creds: Credentials = mode === 'basic' ? { kind: 'basic', username, password } : { kind: 'bearer', token: token.trim() };
    setBusy(true);
    setError(null);
    try {
      await request('/v1/metadata/id', { noRedirect: true, headers: { Authorization: authorizationHeader(creds)! } });
      saveCredentials(creds);
      qc.clear();
      navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
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
