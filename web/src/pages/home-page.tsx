import { Link } from 'react-router';
import { useLatestSchemas } from '../api/registry';
import { QueryState } from '../components/states';
import { usePageTitle } from '../lib/use-page-title';

export default function HomePage() {
  usePageTitle('');
  const schemas = useLatestSchemas();
  return (
    <section className="page">
      <h1>Charter</h1>
      <p className="lead">The schema registry and the event catalogue: who owns each topic, who produces and consumes it, and whether it follows the rules.</p>
      <div className="cards">
        <Link className="card" to="/subjects">
          <span className="card-title">Subjects</span>
          <QueryState q={schemas} what="subjects">
            {(d) => <span className="card-number" data-testid="subject-count">{d.length}</span>}
          </QueryState>
        </Link>
      </div>
    </section>
  );
}
