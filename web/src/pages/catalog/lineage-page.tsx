import { useMemo } from 'react';
import { Link } from 'react-router';
import { useAllClients, useCatalogList } from '../../api/catalog';
import { Field } from '../../components/field';
import { LineageGraph } from '../../components/graph/lineage-graph';
import { Empty, QueryState } from '../../components/states';
import { links } from '../../lib/links';
import { usePageTitle } from '../../lib/use-page-title';

export interface LineageFilter {
  domain: string;
  team: string;
}

/** Applications → topics → applications, for the whole catalogue or one domain or team. */
export default function LineagePage({ filter, onFilter }: { filter: LineageFilter; onFilter: (f: LineageFilter) => void }) {
  usePageTitle('Lineage');
  const all = useAllClients();
  const topics = useCatalogList('topics');
  const domains = useCatalogList('domains');
  const teams = useCatalogList('teams');

  const data = useMemo(() => {
    if (!all.data || !topics.data) return undefined;
    const topicBy = new Map(topics.data.map((t) => [t.name, t]));
    const appBy = new Map(all.data.applications.map((a) => [a.name, a]));
    const clients = all.data.clients.filter((c) => {
      const t = topicBy.get(c.topic);
      const a = appBy.get(c.application);
      if (filter.domain && t?.domain !== filter.domain && a?.domain !== filter.domain) return false;
      if (filter.team && t?.ownerTeam !== filter.team && a?.ownerTeam !== filter.team) return false;
      return true;
    });
    return {
      clients,
      topics: new Map(topics.data.map((t) => [t.name, { ownerTeam: t.ownerTeam }])),
      teams: new Map(all.data.applications.map((a) => [a.name, a.ownerTeam])),
    };
  }, [all.data, topics.data, filter]);

  return (
    <section className="page">
      <h1>Lineage</h1>
      <p className="muted">Which applications produce to each topic, and which consume from it.</p>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <Field label="Domain">
          <select value={filter.domain} onChange={(e) => onFilter({ ...filter, domain: e.target.value })}>
            <option value="">All domains</option>
            {domains.data?.map((d) => (
              <option key={d.name}>{d.name}</option>
            ))}
          </select>
        </Field>
        <Field label="Team">
          <select value={filter.team} onChange={(e) => onFilter({ ...filter, team: e.target.value })}>
            <option value="">All teams</option>
            {teams.data?.map((t) => (
              <option key={t.name}>{t.name}</option>
            ))}
          </select>
        </Field>
      </form>
      <QueryState
        q={{ data, error: all.error ?? topics.error, isPending: all.isPending || topics.isPending, refetch: () => void all.refetch() }}
        what="lineage"
        empty={(d) =>
          !d.clients.length ? (
            <Empty title="No producers or consumers">
              {filter.domain || filter.team ? 'Nothing matches these filters.' : 'Declare them with PUT /catalog/topics/{topic}/producers/{application}.'}
            </Empty>
          ) : null
        }
      >
        {(d) => (
          <>
            <div className="graph-legend">
              <span>Rounded: applications (left produce, right consume)</span>
              <span>Square: topics (dashed red: no owner)</span>
            </div>
            <LineageGraph data={d} />
            <details className="panel">
              <summary>Connections as a list</summary>
              <ul className="plain" aria-label="Connections">
                {d.clients.map((c) => (
                  <li key={`${c.role}-${c.application}-${c.topic}`}>
                    <Link to={links.application(c.application)}>{c.application}</Link> {c.role === 'producer' ? 'produces to' : 'consumes from'}{' '}
                    <Link to={links.topic(c.topic)}>{c.topic}</Link>
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
      </QueryState>
    </section>
  );
}
