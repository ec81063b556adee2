import { useMemo } from 'react';
import { Link } from 'react-router';
import { useCatalogList, useFindings, usePiiInventory, type Severity } from '../../api/catalog';
import { Field } from '../../components/field';
import { Empty, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { download, toCsv } from '../../lib/csv';
import { links } from '../../lib/links';
import { usePageTitle } from '../../lib/use-page-title';
import { ClassificationBadge, FindingsTable } from './parts';

export interface GovernanceFilter {
  domain: string;
  severity: Severity | '';
  kind: string;
}

const KINDS: { kind: string; label: string }[] = [
  { kind: 'naming', label: 'Naming' },
  { kind: 'retention', label: 'Retention' },
  { kind: 'required-fields', label: 'Required fields (owner, classification, …)' },
  { kind: 'pii-tagging', label: 'PII tagging' },
  { kind: 'compatibility', label: 'Compatibility' },
];

/**
 * What an auditor asks: topics without owners, policy findings (naming, retention,
 * classification, ...), and where personal data is, with filters in the URL and CSV export.
 */
export default function GovernancePage({ filter, onFilter }: { filter: GovernanceFilter; onFilter: (f: GovernanceFilter) => void }) {
  usePageTitle('Governance');
  const domains = useCatalogList('domains');
  const topics = useCatalogList('topics', filter.domain || undefined);
  const findings = useFindings({ domain: filter.domain || undefined, severity: filter.severity || undefined });
  const pii = usePiiInventory();

  const shown = useMemo(() => findings.data?.findings.filter((f) => !filter.kind || f.kind === filter.kind) ?? [], [findings.data, filter.kind]);
  const unowned = topics.data?.filter((t) => !t.ownerTeam) ?? [];
  const unclassified = topics.data?.filter((t) => !t.classification) ?? [];
  const piiRows = pii.data?.filter((r) => !filter.domain || r.domain === filter.domain) ?? [];
  const exposed = piiRows.filter((r) => r.classification !== 'confidential' && r.classification !== 'restricted');
  const stamp = new Date().toISOString().slice(0, 10);

  return (
    <section className="page">
      <h1>Governance</h1>
      <p className="muted">Who owns what, which rules are broken, and where personal data flows.</p>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <Field label="Domain">
          <select value={filter.domain} onChange={(e) => onFilter({ ...filter, domain: e.target.value })}>
            <option value="">All domains</option>
            {domains.data?.map((d) => (
              <option key={d.name}>{d.name}</option>
            ))}
          </select>
        </Field>
        <Field label="Severity">
          <select value={filter.severity} onChange={(e) => onFilter({ ...filter, severity: e.target.value as Severity | '' })}>
            <option value="">Any</option>
            <option value="block">block</option>
            <option value="warn">warn</option>
          </select>
        </Field>
        <Field label="Kind of rule">
          <select value={filter.kind} onChange={(e) => onFilter({ ...filter, kind: e.target.value })}>
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
      </form>

      <div className="cards" aria-label="Summary">
        <Stat label="Topics" value={topics.data?.length} testId="stat-topics" to="/topics" />
        <Stat label="Topics without an owner" value={unowned.length} testId="stat-unowned" bad={unowned.length > 0} pending={topics.isPending} />
        <Stat label="Unclassified topics" value={unclassified.length} testId="stat-unclassified" bad={unclassified.length > 0} pending={topics.isPending} />
        <Stat label="Blocking findings" value={findings.data?.counts.block} testId="stat-block" bad={!!findings.data?.counts.block} />
        <Stat label="Warnings" value={findings.data?.counts.warn} testId="stat-warn" />
        <Stat label="PII fields" value={pii.data ? piiRows.length : undefined} testId="stat-pii" />
      </div>

      <section aria-labelledby="unowned">
        <div className="section-head">
          <h2 id="unowned">Topics without an owner</h2>
          <button
            type="button"
            disabled={!unowned.length}
            onClick={() => download(`charter-unowned-topics-${stamp}.csv`, toCsv(['topic', 'domain', 'lifecycle', 'classification'], unowned.map((t) => [t.name, t.domain, t.lifecycle, t.classification])))}
          >
            Export CSV
          </button>
        </div>
        <QueryState q={topics} what="topics" empty={() => (!unowned.length ? <Empty title="Every topic has an owner" /> : null)}>
          {() => (
            <DataTable
              label="Topics without an owner"
              rows={unowned}
              rowKey={(t) => t.name}
              columns={[
                { header: 'Topic', cell: (t) => <Link to={links.topic(t.name)}>{t.name}</Link> },
                { header: 'Domain', cell: (t) => <Link to={links.domain(t.domain)}>{t.domain}</Link> },
                { header: 'Classification', cell: (t) => <ClassificationBadge classification={t.classification} /> },
              ]}
            />
          )}
        </QueryState>
      </section>

      <section aria-labelledby="findings">
        <div className="section-head">
          <h2 id="findings">Policy findings</h2>
          <button
            type="button"
            disabled={!shown.length}
            onClick={() =>
              download(
                `charter-findings-${stamp}.csv`,
                toCsv(
                  ['severity', 'entry_type', 'entry', 'policy', 'kind', 'field', 'message', 'fix'],
                  shown.map((f) => [f.severity, f.entity.type, f.entity.key, f.policy, f.kind, f.field, f.message, f.fix]),
                ),
              )
            }
          >
            Export CSV
          </button>
        </div>
        <QueryState q={findings} what="findings">
          {() => <FindingsTable findings={shown} />}
        </QueryState>
      </section>

      <section aria-labelledby="pii">
        <div className="section-head">
          <h2 id="pii">Personal data inventory</h2>
          <button
            type="button"
            disabled={!piiRows.length}
            onClick={() =>
              download(
                `charter-pii-inventory-${stamp}.csv`,
                toCsv(
                  ['topic', 'domain', 'owner', 'classification', 'subject', 'field', 'path', 'tags'],
                  piiRows.map((r) => [r.topic, r.domain, r.ownerTeam, r.classification, r.subject, r.field.name, r.field.path, r.field.tags]),
                ),
              )
            }
          >
            Export CSV
          </button>
        </div>
        <p className="muted">
          Fields tagged as personal data in the schemas bound to topics.{' '}
          {exposed.length > 0 && <strong>{exposed.length} sit on topics classified below confidential.</strong>}
        </p>
        <QueryState q={pii} what="the inventory" empty={() => (!piiRows.length ? <Empty title="No tagged personal data" /> : null)}>
          {() => (
            <DataTable
              label="Personal data inventory"
              rows={piiRows}
              rowKey={(r) => `${r.topic}|${r.subject}|${r.field.path}`}
              columns={[
                { header: 'Topic', cell: (r) => <Link to={links.topic(r.topic)}>{r.topic}</Link> },
                { header: 'Classification', cell: (r) => <ClassificationBadge classification={r.classification} /> },
                { header: 'Subject', cell: (r) => <Link to={links.subject(r.subject)}>{r.subject}</Link> },
                { header: 'Field', cell: (r) => <code>{r.field.name}</code> },
                { header: 'Tags', cell: (r) => r.field.tags.join(', ') },
              ]}
            />
          )}
        </QueryState>
      </section>
    </section>
  );
}

function Stat({ label, value, testId, bad, pending, to }: { label: string; value: number | undefined; testId: string; bad?: boolean; pending?: boolean; to?: string }) {
  const body = (
    <>
      <span className="card-title">{label}</span>
      <span className={`card-number ${bad ? 'bad-text' : ''}`} data-testid={testId}>
        {value === undefined || pending ? '…' : value}
      </span>
    </>
  );
  return to ? (
    <Link className="card" to={to}>
      {body}
    </Link>
  ) : (
    <div className="card">{body}</div>
  );
}
