import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { SearchBox } from './search-box';
import { credentialsName, loadCredentials, onCredentialsChange, saveCredentials } from '../../api/credentials';
import { isAdministrator, useWhoAmI } from '../../api/access';
import { providerSignOutUrl } from '../../api/oidc';

const NAV: { to: string; label: string }[] = [
  { to: '/domains', label: 'Domains' },
  { to: '/topics', label: 'Topics' },
  { to: '/subjects', label: 'Subjects' },
  { to: '/playground', label: 'Playground' },
  { to: '/governance', label: 'Governance' },
  { to: '/lineage', label: 'Lineage' },
  { to: '/teams', label: 'Teams' },
  { to: '/audit', label: 'Audit' },
  { to: '/admin/access', label: 'Access' },
];

function useSignedInName(): string | null {
  return useSyncExternalStore(onCredentialsChange, () => credentialsName(loadCredentials()));
}

/** Header (brand, search from every page, navigation, who is signed in) around the current page. */
export function AppShell() {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const user = useSignedInName();
  const main = useRef<HTMLElement>(null);
  const who = useWhoAmI();
  const nav = NAV.filter((n) => n.to !== '/admin/access' || isAdministrator(who.data));

  // A new page: close the phone menu and move focus to the content, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Charter: overview">
          Charter
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label="Main">
          {nav.map((n) => (
            <NavLink key={n.to} to={n.to}>
              {n.label}
            </NavLink>
          ))}
          <a href="/docs" className="nav-external">
            API docs
          </a>
        </nav>
        <SearchBox />
        <div className="account">
          {user ? (
            <>
              <span className="muted" data-testid="signed-in-as">{user}</span>
              <button type="button" className="link-button" onClick={() => { const provider = providerSignOutUrl(loadCredentials()); saveCredentials(null); if (provider) window.location.assign(provider); else navigate('/sign-in'); }}>
                Sign out
              </button>
            </>
          ) : (
            <Link to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</Link>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
