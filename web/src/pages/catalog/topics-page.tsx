import { useMemo } from 'react';
import { Link } from 'react-router';
import { CLASSIFICATIONS, LIFECYCLES, useCatalogList, type Classification, type Lifecycle } from '../../api/catalog';
import { Field } from '../../components/field';
import { Empty, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { links } from '../../lib/links';
import { usePageTitle } from '../../lib/use-page-title';
import { ClassificationBadge, LifecycleBadge, Owner, Tags } from './parts';

export interface TopicsFilter {
  q: string;
  domain: string;
  owner: string;
  lifecycle: Lifecycle | '';
  classification: Classification | 'none' | '';
}

export default function TopicsPage({ filter, onFilter }: { filter: TopicsFilter; onFilter: (f: TopicsFilter) => void }) {
  usePageTitle('Topics');
  const topics = useCatalogList('topics');
  const domains = useCatalogList('domains');
  const rows = useMemo(() => {
    const q = filter.q.trim().toLowerCase();
    return topics.data?.filter(
      (t) =>
        (!q || t.name.toLowerCase().includes(q) || t.description?.toLowerCase().includes(q) || t.tags.some((x) => x.toLowerCase().includes(q))) &&
        (!filter.domain || t.domain === filter.domain) &&
        (!filter.owner || (filter.owner === 'none' ? !t.ownerTeam : t.ownerTeam === filter.owner)) &&
        (!filter.lifecycle || t.lifecycle === filter.lifecycle) &&
        (!filter.classification || (filter.classification === 'none' ? !t.classification : t.classification === filter.classification)),
    );
  }, [topics.data, filter]);
  const owners = [...new Set(topics.data?.map((t) => t.ownerTeam).filter((o): o is string => !!o))].sort();
  return (
    <section className="page">
      <h1>Topics</h1>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Name, description or tag">
          <input type="search" value={filter.q} onChange={(e) => onFilter({ ...filter, q: e.target.value })} />
        </Field>
        <Field label="Domain">
          <select value={filter.domain} onChange={(e) => onFilter({ ...filter, domain: e.target.value })}>
            <option value="">All</option>
            {domains.data?.map((d) => (
              <option key={d.name}>{d.name}</option>
            ))}
          </select>
        </Field>
        <Field label="Owner">
          <select value={filter.owner} onChange={(e) => onFilter({ ...filter, owner: e.target.value })}>
            <option value="">All</option>
            <option value="none">No owner</option>
            {owners.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </Field>
        <Field label="Lifecycle">
          <select value={filter.lifecycle} onChange={(e) => onFilter({ ...filter, lifecycle: e.target.value as Lifecycle | '' })}>
            <option value="">All</option>
            {LIFECYCLES.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </Field>
        <Field label="Classification">
          <select value={filter.classification} onChange={(e) => onFilter({ ...filter, classification: e.target.value as TopicsFilter['classification'] })}>
            <option value="">All</option>
            <option value="none">Unclassified</option>
            {CLASSIFICATIONS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </Field>
      </form>
      <QueryState
        q={{ ...topics, data: rows }}
        what="topics"
        empty={(r) => (!r.length ? <Empty title={topics.data?.length ? 'No topic matches' : 'No topics in the catalogue yet'} /> : null)}
      >
        {(r) => (
          <DataTable
            label="Topics"
            rows={r}
            rowKey={(t) => t.name}
            columns={[
              { header: 'Topic', cell: (t) => <Link to={links.topic(t.name)}>{t.name}</Link> },
              { header: 'Domain', cell: (t) => <Link to={links.domain(t.domain)}>{t.domain}</Link> },
              { header: 'Owner', cell: (t) => <Owner team={t.ownerTeam} /> },
              { header: 'Lifecycle', cell: (t) => <LifecycleBadge lifecycle={t.lifecycle} /> },
              { header: 'Classification', cell: (t) => <ClassificationBadge classification={t.classification} /> },
              { header: 'Tags', cell: (t) => <Tags tags={t.tags} /> },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
