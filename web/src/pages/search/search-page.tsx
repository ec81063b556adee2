import { useMemo } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useCatalogSearch, type EntryType, type SearchHit } from '../../api/catalog';
import { typeOf, useLatestSchemas } from '../../api/registry';
import { Empty, ErrorState, Loading, NotAvailable } from '../../components/states';
import { links } from '../../lib/links';
import { fieldNames } from '../../lib/schema-fields';
import { usePageTitle } from '../../lib/use-page-title';

const GROUPS: { type: EntryType; title: string }[] = [
  { type: 'topic', title: 'Topics' },
  { type: 'event', title: 'Events' },
  { type: 'domain', title: 'Domains' },
  { type: 'team', title: 'Teams' },
  { type: 'application', title: 'Applications' },
];

function hitLink(h: SearchHit): string {
  switch (h.type) {
    case 'topic':
      return links.topic(h.key);
    case 'event':
      return links.event(h.key);
    case 'domain':
      return links.domain(h.key);
    case 'team':
      return links.team(h.key);
    default:
      return links.application(h.key);
  }
}

const MATCH_LABEL: Record<string, string> = { name: 'name', tag: 'tag', field: 'field', subject: 'subject', description: 'description', other: '' };

/**
 * Results for a query across the catalogue (topics, events, domains, teams, applications, by
 * their names, descriptions, tags and schema fields) and the registry's subjects (by name and
 * field name).
 */
export default function SearchPage({ q }: { q: string }) {
  usePageTitle(q ? `Search: ${q}` : 'Search');
  const catalog = useCatalogSearch(q);
  const schemas = useLatestSchemas();
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);

  const subjects = useMemo(() => {
    if (!schemas.data || !words.length) return [];
    return schemas.data
      .map((v) => {
        const fields = fieldNames(v.schema, typeOf(v)).filter((f) => words.some((w) => f.toLowerCase().includes(w)));
        const byName = words.every((w) => v.subject.toLowerCase().includes(w));
        return { subject: v.subject, fields, byName };
      })
      .filter((r) => r.byName || r.fields.length)
      .sort((a, b) => Number(b.byName) - Number(a.byName) || a.subject.localeCompare(b.subject));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [schemas.data, q]);

  if (!q.trim())
    return (
      <section className="page">
        <h1>Search</h1>
        <Empty title="Type what you are looking for">Topic, event, subject, team or application names, tags, and the field names of schemas.</Empty>
      </section>
    );

  const catalogMissing = catalog.error instanceof ApiError && catalog.error.routeMissing;
  const hits = catalog.data ?? [];
  const total = hits.length + subjects.length;

  return (
    <section className="page">
      <h1>
        Search results for <q>{q}</q>
      </h1>
      {catalog.isPending || schemas.isPending ? (
        <Loading what="Searching" />
      ) : (
        <p className="muted" data-testid="result-count">
          {total} result{total === 1 ? '' : 's'}
        </p>
      )}
      {catalogMissing ? <NotAvailable what="Catalogue search" /> : catalog.error ? <ErrorState error={catalog.error} retry={() => void catalog.refetch()} /> : null}
      {!catalog.isPending && !schemas.isPending && total === 0 && !catalog.error && (
        <Empty title="No results">Try fewer or shorter words: each word matches the start of a word.</Empty>
      )}
      <div className="results">
        {GROUPS.map(({ type, title }) => {
          const group = hits.filter((h) => h.type === type);
          if (!group.length) return null;
          return (
            <section key={type} aria-labelledby={`results-${type}`} className="panel">
              <h2 id={`results-${type}`}>{title}</h2>
              <ul className="plain result-list">
                {group.map((h) => (
                  <li key={h.key}>
                    <Link to={hitLink(h)}>{h.key}</Link>
                    {h.domain && h.type !== 'domain' && <span className="muted"> in {h.domain}</span>}
                    <div className="tags">
                      {h.matches
                        .filter((m) => m.field !== 'name')
                        .slice(0, 6)
                        .map((m, i) => (
                          <span key={i} className={m.field === 'field' ? 'badge match-field' : 'badge muted'}>
                            {MATCH_LABEL[m.field] ? `${MATCH_LABEL[m.field]}: ` : ''}
                            {m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text}
                          </span>
                        ))}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {subjects.length > 0 && (
          <section aria-labelledby="results-subject" className="panel">
            <h2 id="results-subject">Subjects</h2>
            <ul className="plain result-list">
              {subjects.map((s) => (
                <li key={s.subject}>
                  <Link to={links.subject(s.subject)}>{s.subject}</Link>
                  <div className="tags">
                    {s.fields.slice(0, 8).map((f) => (
                      <span key={f} className="badge match-field">
                        field: {f}
                      </span>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </section>
  );
}
