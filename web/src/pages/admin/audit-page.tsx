import { useMemo } from 'react';
import { useAuditLog, type AuditFilter } from '../../api/access';
import { useHistory } from '../../api/catalog';
import { Field } from '../../components/field';
import { Empty, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { usePageTitle } from '../../lib/use-page-title';
import { HistoryTable } from '../catalog/parts';

/**
 * The audit log, filtered by principal, resource, action and time (all in the URL): catalogue
 * writes from the catalogue's history, and every API access once authentication records it.
 */
export default function AuditPage({ filter, onFilter }: { filter: AuditFilter; onFilter: (f: AuditFilter) => void }) {
  usePageTitle('Audit log');
  const history = useHistory({ principal: filter.principal || undefined, limit: 500 });
  const access = useAuditLog(filter);
  const changes = useMemo(() => {
    const from = filter.from ? Date.parse(filter.from) : -Infinity;
    const to = filter.to ? Date.parse(filter.to) + 86_400_000 : Infinity;
    const resource = filter.resource?.toLowerCase();
    return history.data?.filter(
      (h) =>
        (!resource || `${h.type}:${h.key}`.toLowerCase().includes(resource)) &&
        (!filter.action || h.action === filter.action || `${h.type}.${h.action}`.startsWith(filter.action)) &&
        Date.parse(h.at) >= from &&
        Date.parse(h.at) < to,
    );
  }, [history.data, filter]);

  return (
    <section className="page">
      <h1>Audit log</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <Field label="Principal">
          <input value={filter.principal ?? ''} onChange={(e) => onFilter({ ...filter, principal: e.target.value })} placeholder="User:alice" />
        </Field>
        <Field label="Resource">
          <input value={filter.resource ?? ''} onChange={(e) => onFilter({ ...filter, resource: e.target.value })} placeholder="topic:orders" />
        </Field>
        <Field label="Action">
          <input value={filter.action ?? ''} onChange={(e) => onFilter({ ...filter, action: e.target.value })} placeholder="update, schema.register" list="audit-actions" />
        </Field>
        <datalist id="audit-actions">
          <option value="create" />
          <option value="update" />
          <option value="delete" />
        </datalist>
        <Field label="From">
          <input type="date" value={filter.from ?? ''} onChange={(e) => onFilter({ ...filter, from: e.target.value })} />
        </Field>
        <Field label="To">
          <input type="date" value={filter.to ?? ''} onChange={(e) => onFilter({ ...filter, to: e.target.value })} />
        </Field>
      </form>
      <h2>Catalogue changes</h2>
      <QueryState q={{ ...history, data: changes }} what="catalogue changes" empty={(d) => (!d.length ? <Empty title="No changes match" /> : null)}>
        {(d) => <HistoryTable entries={d} showEntry />}
      </QueryState>
      <h2>API access</h2>
      <QueryState q={access} what="The access log" empty={(d) => (!d.length ? <Empty title="No access recorded" /> : null)}>
        {(d) => (
          <DataTable
            label="API access"
            rows={d}
            rowKey={(e, i) => e.seq ?? i}
            columns={[
              { header: 'When', cell: (e) => (e.at ?? e.time ? new Date((e.at ?? e.time)!).toLocaleString() : '') },
              { header: 'Principal', cell: (e) => e.principal },
              { header: 'Action', cell: (e) => e.action },
              { header: 'Resource', cell: (e) => e.resource },
              {
                header: 'Outcome',
                cell: (e) => (
                  <>
                    {e.outcome && <span className={`badge ${e.outcome === 'allowed' ? 'ok' : 'bad'}`}>{e.outcome}</span>} {e.status ?? ''}
                  </>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
