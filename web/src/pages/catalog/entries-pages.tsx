import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useApplicationTopics, useCatalogEntry, useCatalogList, useFindings } from '../../api/catalog';
import { Empty, ErrorState, Loading, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { links } from '../../lib/links';
import { usePageTitle } from '../../lib/use-page-title';
import { EntryHistory, FindingsTable, LifecycleBadge, Owner } from './parts';

// Domains, teams, applications and events: lists and one page each. They share a shape, so
// they live together.

function Missing({ what, name, back }: { what: string; name: string; back: string }) {
  return (
    <section className="page">
      <h1>{name}</h1>
      <Empty title={`No such ${what}`}>
        The catalogue has no {what} named <code>{name}</code>. <Link to={back}>See them all</Link>.
      </Empty>
    </section>
  );
}

function entryState(q: { isPending: boolean; error: unknown; refetch: () => unknown }, what: string, name: string, back: string) {
  if (q.isPending) return <Loading what={`Loading ${name}`} />;
  if (q.error instanceof ApiError && q.error.status === 404 && !q.error.routeMissing) return <Missing what={what} name={name} back={back} />;
  if (q.error) return <ErrorState error={q.error} what="The catalogue" retry={() => void q.refetch()} />;
  return null;
}

export function DomainsPage() {
  usePageTitle('Domains');
  const domains = useCatalogList('domains');
  const topics = useCatalogList('topics');
  const teams = useCatalogList('teams');
  return (
    <section className="page">
      <h1>Domains</h1>
      <QueryState q={domains} what="domains" empty={(d) => (!d.length ? <Empty title="No domains yet" /> : null)}>
        {(d) => (
          <div className="cards">
            {d.map((x) => (
              <Link key={x.name} className="card" to={links.domain(x.name)}>
                <strong>{x.name}</strong>
                <span className="muted small">{x.description}</span>
                <span className="small">
                  {topics.data?.filter((t) => t.domain === x.name).length ?? '…'} topics · {teams.data?.filter((t) => t.domain === x.name).length ?? '…'} teams
                </span>
              </Link>
            ))}
          </div>
        )}
      </QueryState>
    </section>
  );
}

export function DomainPage({ name }: { name: string }) {
  usePageTitle(name);
  const domain = useCatalogEntry('domains', name);
  const topics = useCatalogList('topics', name);
  const teams = useCatalogList('teams', name);
  const apps = useCatalogList('applications', name);
  const findings = useFindings({ domain: name });
  const state = entryState(domain, 'domain', name, '/domains');
  if (state) return state;
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/domains">Domains</Link> /
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        <Link className="button" to={links.lineage({ domain: name })}>
          Lineage of this domain
        </Link>
      </div>
      {domain.data?.description && <p className="lead">{domain.data.description}</p>}
      <h2>Topics</h2>
      <QueryState q={topics} what="topics" empty={(d) => (!d.length ? <Empty title="No topics" /> : null)}>
        {(d) => (
          <DataTable
            label="Topics of the domain"
            rows={d}
            rowKey={(t) => t.name}
            columns={[
              { header: 'Topic', cell: (t) => <Link to={links.topic(t.name)}>{t.name}</Link> },
              { header: 'Owner', cell: (t) => <Owner team={t.ownerTeam} /> },
              { header: 'Lifecycle', cell: (t) => <LifecycleBadge lifecycle={t.lifecycle} /> },
            ]}
          />
        )}
      </QueryState>
      <div className="grid-2">
        <div className="panel">
          <h2>Teams</h2>
          <QueryState q={teams} what="teams" empty={(d) => (!d.length ? <p className="muted">None.</p> : null)}>
            {(d) => (
              <ul className="plain">
                {d.map((t) => (
                  <li key={t.name}>
                    <Link to={links.team(t.name)}>{t.name}</Link>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </div>
        <div className="panel">
          <h2>Applications</h2>
          <QueryState q={apps} what="applications" empty={(d) => (!d.length ? <p className="muted">None.</p> : null)}>
            {(d) => (
              <ul className="plain">
                {d.map((a) => (
                  <li key={a.name}>
                    <Link to={links.application(a.name)}>{a.name}</Link> <span className="muted">({a.ownerTeam})</span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </div>
      </div>
      <h2>Policy findings</h2>
      <QueryState q={findings} what="findings">
        {(d) => <FindingsTable findings={d.findings} />}
      </QueryState>
      <h2>History</h2>
      <EntryHistory type="domain" keyName={name} />
    </section>
  );
}

export function TeamsPage() {
  usePageTitle('Teams and applications');
  const teams = useCatalogList('teams');
  const apps = useCatalogList('applications');
  const topics = useCatalogList('topics');
  return (
    <section className="page">
      <h1>Teams and applications</h1>
      <QueryState q={teams} what="teams" empty={(d) => (!d.length ? <Empty title="No teams yet" /> : null)}>
        {(d) => (
          <DataTable
            label="Teams"
            rows={d}
            rowKey={(t) => t.name}
            columns={[
              { header: 'Team', cell: (t) => <Link to={links.team(t.name)}>{t.name}</Link> },
              { header: 'Domain', cell: (t) => <Link to={links.domain(t.domain)}>{t.domain}</Link> },
              {
                header: 'Applications',
                cell: (t) =>
                  apps.data
                    ?.filter((a) => a.ownerTeam === t.name)
                    .map((a, i) => (
                      <span key={a.name}>
                        {i > 0 && ', '}
                        <Link to={links.application(a.name)}>{a.name}</Link>
                      </span>
                    )),
              },
              { header: 'Topics owned', num: true, cell: (t) => topics.data?.filter((x) => x.ownerTeam === t.name).length ?? '…' },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}

export function TeamPage({ name }: { name: string }) {
  usePageTitle(name);
  const team = useCatalogEntry('teams', name);
  const apps = useCatalogList('applications');
  const topics = useCatalogList('topics');
  const state = entryState(team, 'team', name, '/teams');
  if (state) return state;
  const t = team.data!;
  const owned = topics.data?.filter((x) => x.ownerTeam === name) ?? [];
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/teams">Teams</Link> / <Link to={links.domain(t.domain)}>{t.domain}</Link> /
      </p>
      <div className="page-head">
        <h1>{t.name}</h1>
        <Link className="button" to={links.lineage({ team: name })}>
          Lineage of this team
        </Link>
      </div>
      {t.description && <p className="lead">{t.description}</p>}
      {t.contacts.length > 0 && (
        <dl className="facts panel">
          {t.contacts.map((c, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt>{c.kind}</dt>
              <dd>{c.kind === 'email' ? <a href={`mailto:${c.value}`}>{c.value}</a> : c.kind === 'url' ? <a href={c.value}>{c.value}</a> : c.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="grid-2">
        <div className="panel">
          <h2>Topics owned</h2>
          {owned.length ? (
            <ul className="plain">
              {owned.map((x) => (
                <li key={x.name}>
                  <Link to={links.topic(x.name)}>{x.name}</Link> <LifecycleBadge lifecycle={x.lifecycle} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None.</p>
          )}
        </div>
        <div className="panel">
          <h2>Applications</h2>
          <ul className="plain">
            {apps.data
              ?.filter((a) => a.ownerTeam === name)
              .map((a) => (
                <li key={a.name}>
                  <Link to={links.application(a.name)}>{a.name}</Link>
                </li>
              ))}
          </ul>
        </div>
      </div>
      <h2>History</h2>
      <EntryHistory type="team" keyName={name} />
    </section>
  );
}

export function ApplicationsPage() {
  usePageTitle('Applications');
  const apps = useCatalogList('applications');
  return (
    <section className="page">
      <h1>Applications</h1>
      <QueryState q={apps} what="applications" empty={(d) => (!d.length ? <Empty title="No applications yet" /> : null)}>
        {(d) => (
          <DataTable
            label="Applications"
            rows={d}
            rowKey={(a) => a.name}
            columns={[
              { header: 'Application', cell: (a) => <Link to={links.application(a.name)}>{a.name}</Link> },
              { header: 'Domain', cell: (a) => <Link to={links.domain(a.domain)}>{a.domain}</Link> },
              { header: 'Team', cell: (a) => <Link to={links.team(a.ownerTeam)}>{a.ownerTeam}</Link> },
              { header: 'Principals', cell: (a) => a.principals.join(', '), cellClass: 'mono small' },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}

export function ApplicationPage({ name }: { name: string }) {
  usePageTitle(name);
  const app = useCatalogEntry('applications', name);
  const clients = useApplicationTopics(name);
  const state = entryState(app, 'application', name, '/applications');
  if (state) return state;
  const a = app.data!;
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/applications">Applications</Link> / <Link to={links.domain(a.domain)}>{a.domain}</Link> /
      </p>
      <h1>{a.name}</h1>
      {a.description && <p className="lead">{a.description}</p>}
      <dl className="facts panel">
        <dt>Team</dt>
        <dd>
          <Link to={links.team(a.ownerTeam)}>{a.ownerTeam}</Link>
        </dd>
        <dt>Principals</dt>
        <dd className="mono">{a.principals.join(', ') || '—'}</dd>
        <dt>Consumer groups</dt>
        <dd className="mono">{a.consumerGroups.join(', ') || '—'}</dd>
      </dl>
      <QueryState q={clients} what="topics">
        {(d) => (
          <div className="grid-2">
            {(['producer', 'consumer'] as const).map((role) => (
              <div className="panel" key={role}>
                <h2>{role === 'producer' ? 'Produces to' : 'Consumes from'}</h2>
                <ul className="plain">
                  {d
                    .filter((c) => c.role === role)
                    .map((c) => (
                      <li key={c.topic}>
                        <Link to={links.topic(c.topic)}>{c.topic}</Link>
                        {c.consumerGroup && <span className="muted"> (group {c.consumerGroup})</span>}
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </QueryState>
      <h2>History</h2>
      <EntryHistory type="application" keyName={name} />
    </section>
  );
}

export function EventPage({ name }: { name: string }) {
  usePageTitle(name);
  const event = useCatalogEntry('events', name);
  const state = entryState(event, 'event', name, '/topics');
  if (state) return state;
  const e = event.data!;
  const range = e.minVersion === null && e.maxVersion === null ? 'every version' : `versions ${e.minVersion ?? 1} to ${e.maxVersion ?? 'latest'}`;
  return (
    <section className="page">
      <p className="crumbs">
        Events / <Link to={links.topic(e.topic)}>{e.topic}</Link> /
      </p>
      <h1>{e.name}</h1>
      {e.description && <p className="lead">{e.description}</p>}
      <dl className="facts panel">
        <dt>Topic</dt>
        <dd>
          <Link to={links.topic(e.topic)}>{e.topic}</Link>
        </dd>
        <dt>Schema</dt>
        <dd>
          <Link to={links.subject(e.subject)}>{e.subject}</Link> <span className="muted">({range})</span>
        </dd>
      </dl>
      <h2>History</h2>
      <EntryHistory type="event" keyName={name} />
    </section>
  );
}
