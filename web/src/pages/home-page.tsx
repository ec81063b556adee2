import { Link } from 'react-router';
import { useCatalogList, useFindings } from '../api/catalog';
import { useLatestSchemas } from '../api/registry';
import { usePageTitle } from '../lib/use-page-title';

function Count({ q, testId }: { q: { data?: unknown[] | undefined; isPending: boolean; error: unknown }; testId: string }) {
  if (q.isPending) return <span className="card-number muted">…</span>;
  if (q.error || !q.data) return <span className="card-number muted" title="Not available">—</span>;
  return (
    <span className="card-number" data-testid={testId}>
      {q.data.length}
    </span>
  );
}

/** The overview: how big the catalogue is and where to go from here. */
export default function HomePage() {
  usePageTitle('');
  const schemas = useLatestSchemas();
  const domains = useCatalogList('domains');
  const topics = useCatalogList('topics');
  const apps = useCatalogList('applications');
  const findings = useFindings();
  return (
    <section className="page">
      <h1>Charter</h1>
      <p className="lead">
        The schema registry and the event catalogue: who owns each topic, who produces and consumes it, and whether it follows the rules.
      </p>
      <div className="cards">
        <Link className="card" to="/domains">
          <span className="card-title">Domains</span>
          <Count q={domains} testId="domain-count" />
        </Link>
        <Link className="card" to="/topics">
          <span className="card-title">Topics</span>
          <Count q={topics} testId="topic-count" />
        </Link>
        <Link className="card" to="/subjects">
          <span className="card-title">Subjects</span>
          <Count q={schemas} testId="subject-count" />
        </Link>
        <Link className="card" to="/teams">
          <span className="card-title">Applications</span>
          <Count q={apps} testId="application-count" />
        </Link>
        <Link className="card" to="/governance">
          <span className="card-title">Policy findings</span>
          <Count q={{ ...findings, data: findings.data?.findings }} testId="finding-count" />
        </Link>
      </div>
      <div className="grid-2">
        <div className="panel">
          <h2>Find an event</h2>
          <p className="muted">
            Search from any page (press <kbd>/</kbd>) by topic, event, team or field name, or browse <Link to="/topics">topics</Link> by domain and owner.
          </p>
        </div>
        <div className="panel">
          <h2>Change a schema safely</h2>
          <p className="muted">
            Try a new version in the <Link to="/playground">compatibility playground</Link>, then see who consumes it in the <Link to="/lineage">lineage graph</Link>.
          </p>
        </div>
      </div>
    </section>
  );
}
