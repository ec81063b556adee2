import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../lib/use-page-title';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  usePageTitle('Not found');
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>
        There is no page at <code>{pathname}</code>. <Link to="/">Back to the overview</Link>.
      </p>
    </section>
  );
}
