import { Link } from 'react-router';
import { useHistory, type Classification, type EntryType, type HistoryEntry, type Lifecycle, type Violation } from '../../api/catalog';
import { Empty, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { links } from '../../lib/links';

export function LifecycleBadge({ lifecycle }: { lifecycle: Lifecycle }) {
  const cls = lifecycle === 'active' ? 'ok' : lifecycle === 'deprecated' ? 'warn' : lifecycle === 'retired' ? 'bad' : 'muted';
  return <span className={`badge ${cls}`}>{lifecycle}</span>;
}

export function ClassificationBadge({ classification }: { classification: Classification | null }) {
  if (!classification) return <span className="badge bad">unclassified</span>;
  const cls = classification === 'restricted' ? 'bad' : classification === 'confidential' ? 'warn' : classification === 'public' ? 'ok' : 'muted';
  return <span className={`badge ${cls}`}>{classification}</span>;
}

export function Tags({ tags }: { tags: readonly string[] }) {
  if (!tags.length) return <span className="muted">none</span>;
  return (
    <span className="tags">
      {tags.map((t) => (
        <span key={t} className="badge">
          {t}
        </span>
      ))}
    </span>
  );
}

export function Owner({ team }: { team: string | null }) {
  return team ? <Link to={links.team(team)}>{team}</Link> : <span className="badge bad">no owner</span>;
}

/** Milliseconds as people say them: 7 days, 12 hours, forever (-1). */
export function formatMs(ms: unknown): string {
  if (typeof ms !== 'number') return String(ms);
  if (ms < 0) return 'forever';
  const units: [number, string][] = [
    [365 * 86_400_000, 'year'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [n, name] of units) if (ms >= n && ms % n === 0) return `${ms / n} ${name}${ms / n === 1 ? '' : 's'}`;
  return `${ms} ms`;
}

export function entryLink(type: EntryType, key: string): string | null {
  switch (type) {
    case 'topic':
      return links.topic(key);
    case 'event':
      return links.event(key);
    case 'domain':
      return links.domain(key);
    case 'team':
      return links.team(key);
    case 'application':
      return links.application(key);
    default:
      return null;
  }
}

export function FindingsTable({ findings, showEntity = true, label = 'Findings' }: { findings: readonly Violation[]; showEntity?: boolean; label?: string }) {
  if (!findings.length) return <Empty title="No findings">Every enabled policy is satisfied.</Empty>;
  return (
    <DataTable
      label={label}
      rows={findings}
      rowKey={(_, i) => i}
      columns={[
        { header: 'Severity', cell: (f) => <span className={`badge ${f.severity === 'block' ? 'bad' : 'warn'}`}>{f.severity}</span> },
        {
          header: 'Entry',
          hidden: !showEntity,
          cell: (f) => {
            const to = entryLink(f.entity.type, f.entity.key);
            return (
              <>
                <span className="muted">{f.entity.type} </span>
                {to ? <Link to={to}>{f.entity.key}</Link> : f.entity.key}
              </>
            );
          },
        },
        {
          header: 'Policy',
          cell: (f) => (
            <>
              {f.policy} <span className="muted">({f.kind})</span>
            </>
          ),
        },
        {
          header: 'Finding',
          cell: (f) => (
            <>
              {f.message}
              {f.field && (
                <div>
                  <code className="muted">{f.field}</code>
                </div>
              )}
            </>
          ),
        },
        { header: 'Fix', cell: (f) => f.fix, cellClass: 'muted' },
      ]}
    />
  );
}

export function HistoryTable({ entries, showEntry = false }: { entries: readonly HistoryEntry[]; showEntry?: boolean }) {
  if (!entries.length) return <Empty title="No changes recorded" />;
  return (
    <DataTable
      label="History"
      rows={entries}
      rowKey={(h) => h.id}
      columns={[
        { header: 'When', cell: (h) => <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time> },
        {
          header: 'Entry',
          hidden: !showEntry,
          cell: (h) => {
            const to = entryLink(h.type, h.key);
            return (
              <>
                <span className="muted">{h.type} </span>
                {to && h.action !== 'delete' ? <Link to={to}>{h.key}</Link> : h.key}
              </>
            );
          },
        },
        {
          header: 'Change',
          cell: (h) => <span className={`badge ${h.action === 'delete' ? 'bad' : h.action === 'create' ? 'ok' : 'muted'}`}>{h.action}</span>,
        },
        { header: 'Who', cell: (h) => h.principal },
        { header: 'Fields', cell: (h) => h.changed.join(', '), cellClass: 'muted' },
      ]}
    />
  );
}

export function EntryHistory({ type, keyName }: { type: EntryType; keyName: string }) {
  const q = useHistory({ type, key: keyName, limit: 100 });
  return <QueryState q={q} what="history">{(d) => <HistoryTable entries={d} />}</QueryState>;
}
