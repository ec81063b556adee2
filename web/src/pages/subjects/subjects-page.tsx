import { useMemo } from 'react';
import { Link } from 'react-router';
import { typeOf, useLatestSchemas, useSubjects, type SchemaType } from '../../api/registry';
import { Field } from '../../components/field';
import { Empty, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { links } from '../../lib/links';
import { usePageTitle } from '../../lib/use-page-title';

export interface SubjectsFilter {
  q: string;
  type: SchemaType | '';
  deleted: boolean;
}

/** Every subject with its latest version, filterable by name and type; the filter lives in the URL. */
export default function SubjectsPage({ filter, onFilter }: { filter: SubjectsFilter; onFilter: (f: SubjectsFilter) => void }) {
  usePageTitle('Subjects');
  const latest = useLatestSchemas();
  const withDeleted = useSubjects({ deleted: true });

  const rows = useMemo(() => {
    if (!latest.data) return undefined;
    const byName = new Map(latest.data.map((v) => [v.subject, v]));
    const names = new Set(latest.data.map((v) => v.subject));
    if (filter.deleted) withDeleted.data?.forEach((s) => names.add(s));
    const q = filter.q.trim().toLowerCase();
    return [...names]
      .sort()
      .map((s) => ({ subject: s, latest: byName.get(s) }))
      .filter((r) => (!q || r.subject.toLowerCase().includes(q)) && (!filter.type || (r.latest && typeOf(r.latest) === filter.type)));
  }, [latest.data, withDeleted.data, filter]);

  return (
    <section className="page">
      <h1>Subjects</h1>
      <p className="muted">Schemas registered with the registry, one subject per key or value of a topic (or per record type).</p>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Name contains
          <input type="search" value={filter.q} onChange={(e) => onFilter({ ...filter, q: e.target.value })} placeholder="orders" />
        </label>
        <Field label="Format">
          <select value={filter.type} onChange={(e) => onFilter({ ...filter, type: e.target.value as SchemaType | '' })}>
            <option value="">All</option>
            <option value="AVRO">Avro</option>
            <option value="JSON">JSON Schema</option>
            <option value="PROTOBUF">Protobuf</option>
          </select>
        </Field>
        <label className="inline">
          <input type="checkbox" checked={filter.deleted} onChange={(e) => onFilter({ ...filter, deleted: e.target.checked })} />
          Include soft-deleted
        </label>
        <Link className="button" to={links.playground()}>
          Check a schema…
        </Link>
      </form>
      <QueryState
        q={{ ...latest, data: rows }}
        what="subjects"
        empty={(r) =>
          r.length === 0 ? (
            <Empty title={latest.data?.length ? 'No subject matches' : 'No subjects yet'}>
              {latest.data?.length ? 'Try another name or format.' : 'Register a schema through the API (POST /subjects/{subject}/versions) to see it here.'}
            </Empty>
          ) : null
        }
      >
        {(r) => (
          <DataTable
            label="Subjects"
            rows={r}
            rowKey={(row) => row.subject}
            columns={[
              {
                header: 'Subject',
                cell: ({ subject, latest: v }) => (
                  <>
                    <Link to={links.subject(subject)}>{subject}</Link>
                    {!v && <span className="badge muted"> soft-deleted</span>}
                  </>
                ),
              },
              { header: 'Format', cell: ({ latest: v }) => (v ? <FormatBadge type={typeOf(v)} /> : '—') },
              { header: 'Latest version', num: true, cell: ({ latest: v }) => v?.version ?? '—' },
              { header: 'Schema id', num: true, cell: ({ latest: v }) => v?.id ?? '—' },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}

export function FormatBadge({ type }: { type: SchemaType }) {
  return <span className="badge">{type === 'AVRO' ? 'Avro' : type === 'JSON' ? 'JSON Schema' : 'Protobuf'}</span>;
}
