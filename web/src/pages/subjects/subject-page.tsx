import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import {
  COMPATIBILITY_LEVELS,
  MODES,
  typeOf,
  useDeleteSubject,
  useReferencedBy,
  useSetSubjectConfig,
  useSetSubjectMode,
  useSubjectConfig,
  useSubjectHistory,
  useSubjectMode,
  useSubjectVersion,
  useSubjectVersions,
  type CompatibilityLevel,
  type Mode,
} from '../../api/registry';
import { CodeView } from '../../components/code/code-view';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field } from '../../components/field';
import { Empty, ErrorState, Loading, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { links } from '../../lib/links';
import { displaySchema, languageOf } from '../../lib/schema-text';
import { usePageTitle } from '../../lib/use-page-title';
import { FormatBadge } from './subjects-page';

const DiffView = lazy(() => import('../../components/diff/diff-view'));

export const SUBJECT_TABS = ['schema', 'compare', 'versions', 'references'] as const;
export type SubjectTab = (typeof SUBJECT_TABS)[number];

export interface SubjectPageProps {
  subject: string;
  tab: SubjectTab;
  version?: number;
  left?: number;
  right?: number;
}

/** One subject: its schema (any version), a diff of any two versions, level and mode, references, deletes. */
export default function SubjectPage({ subject, tab, version, left, right }: SubjectPageProps) {
  usePageTitle(subject);
  const versions = useSubjectVersions(subject);

  if (versions.isPending) return <Loading what={`Loading ${subject}`} />;
  if (versions.error) {
    if (versions.error instanceof ApiError && versions.error.status === 404)
      return (
        <section className="page">
          <h1>{subject}</h1>
          <Empty title="No such subject">
            The registry has no subject named <code>{subject}</code>. <Link to="/subjects">See all subjects</Link>.
          </Empty>
        </section>
      );
    return <ErrorState error={versions.error} retry={() => void versions.refetch()} />;
  }
  const { all, live, deleted } = versions.data;
  const latest = live.length ? live[live.length - 1] : all[all.length - 1];
  const current = version !== undefined && all.includes(version) ? version : latest;
  const tabLink = (t: SubjectTab, extra: Record<string, number | undefined> = {}) =>
    links.subject(subject, { tab: t === 'schema' ? undefined : t, version: t === 'schema' || t === 'references' ? (current === latest ? undefined : current) : undefined, ...extra });

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/subjects">Subjects</Link> /
          </p>
          <h1>{subject}</h1>
          <div className="tags">
            <LatestFormat subject={subject} version={latest} />
            <span className="badge muted">
              {all.length} version{all.length === 1 ? '' : 's'}
            </span>
            {deleted.length > 0 && <span className="badge warn">{deleted.length} soft-deleted</span>}
            {!live.length && <span className="badge bad">subject soft-deleted</span>}
          </div>
        </div>
        <Link className="button primary" to={links.playground(subject)}>
          Check a new version…
        </Link>
      </div>

      <SubjectSettings subject={subject} />

      <nav className="tabs" aria-label="Subject sections">
        {SUBJECT_TABS.map((t) => (
          <Link key={t} to={tabLink(t)} aria-current={tab === t ? 'page' : undefined} className={tab === t ? 'active' : undefined}>
            {t === 'schema' ? 'Schema' : t === 'compare' ? 'Compare versions' : t === 'versions' ? 'Versions' : 'References'}
          </Link>
        ))}
      </nav>

      {tab === 'schema' && <SchemaTab subject={subject} all={all} deleted={deleted} current={current} />}
      {tab === 'compare' && <CompareTab subject={subject} all={all} deleted={deleted} left={left} right={right} latest={latest} />}
      {tab === 'versions' && <VersionsTab subject={subject} deleted={deleted} live={live} latest={latest} />}
      {tab === 'references' && <ReferencesTab subject={subject} all={all} deleted={deleted} current={current} />}
    </section>
  );
}

function LatestFormat({ subject, version }: { subject: string; version: number }) {
  const v = useSubjectVersion(subject, version);
  return v.data ? <FormatBadge type={typeOf(v.data)} /> : null;
}

function VersionPicker({
  id,
  label,
  all,
  deleted,
  value,
  onChange,
}: {
  id: string;
  label: string;
  all: number[];
  deleted: number[];
  value: number;
  onChange: (v: number) => void;
}) {
  return (
    <Field label={label} id={id}>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {[...all].reverse().map((v) => (
          <option key={v} value={v}>
            Version {v}
            {deleted.includes(v) ? ' (soft-deleted)' : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}

function SchemaTab({ subject, all, deleted, current }: { subject: string; all: number[]; deleted: number[]; current: number }) {
  const navigate = useNavigate();
  const v = useSubjectVersion(subject, current);
  const previous = all.filter((n) => n < current).pop();
  return (
    <>
      <div className="toolbar">
        <VersionPicker id="schema-version" label="Version" all={all} deleted={deleted} value={current} onChange={(n) => navigate(links.subject(subject, { version: n }))} />
        {previous !== undefined && (
          <Link className="button" to={links.subject(subject, { tab: 'compare', left: previous, right: current })}>
            Compare with version {previous}
          </Link>
        )}
      </div>
      <QueryState q={v} what={`version ${current}`}>
        {(d) => (
          <div className="grid-side">
            <CodeView text={displaySchema(d.schema, typeOf(d))} lang={languageOf(typeOf(d))} label={`Schema of ${subject} version ${d.version}`} />
            <div className="panel">
              <dl className="facts">
                <dt>Version</dt>
                <dd>
                  {d.version} {deleted.includes(d.version) && <span className="badge warn">soft-deleted</span>}
                </dd>
                <dt>Schema id</dt>
                <dd>{d.id}</dd>
                <dt>Format</dt>
                <dd>
                  <FormatBadge type={typeOf(d)} />
                </dd>
                <dt>References</dt>
                <dd>
                  {d.references?.length ? (
                    <ul className="plain">
                      {d.references.map((r) => (
                        <li key={r.name}>
                          <Link to={links.subject(r.subject, { version: r.version })}>
                            {r.subject} v{r.version}
                          </Link>{' '}
                          <span className="muted">as {r.name}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    'none'
                  )}
                </dd>
              </dl>
            </div>
          </div>
        )}
      </QueryState>
    </>
  );
}

function CompareTab({
  subject,
  all,
  deleted,
  left,
  right,
  latest,
}: {
  subject: string;
  all: number[];
  deleted: number[];
  left?: number;
  right?: number;
  latest: number;
}) {
  const navigate = useNavigate();
  const r = right !== undefined && all.includes(right) ? right : latest;
  const l = left !== undefined && all.includes(left) ? left : (all.filter((n) => n < r).pop() ?? r);
  const a = useSubjectVersion(subject, l);
  const b = useSubjectVersion(subject, r);
  const go = (nl: number, nr: number) => navigate(links.subject(subject, { tab: 'compare', left: nl, right: nr }), { replace: true });
  if (all.length < 2) return <Empty title="Only one version">A subject needs two versions to compare.</Empty>;
  return (
    <>
      <div className="toolbar">
        <VersionPicker id="diff-left" label="Old" all={all} deleted={deleted} value={l} onChange={(n) => go(n, r)} />
        <VersionPicker id="diff-right" label="New" all={all} deleted={deleted} value={r} onChange={(n) => go(l, n)} />
        <button type="button" onClick={() => go(r, l)}>
          Swap
        </button>
      </div>
      {a.error || b.error ? (
        <ErrorState error={a.error ?? b.error} />
      ) : !a.data || !b.data ? (
        <Loading what="Loading both versions" />
      ) : (
        <Suspense fallback={<Loading what="Loading the diff" />}>
          <DiffView
            left={displaySchema(a.data.schema, typeOf(a.data))}
            right={displaySchema(b.data.schema, typeOf(b.data))}
            leftLabel={`Version ${l}`}
            rightLabel={`Version ${r}`}
            lang={languageOf(typeOf(b.data))}
          />
        </Suspense>
      )}
    </>
  );
}

type Pending = { version?: number; permanent: boolean } | null;

function VersionsTab({ subject, deleted, live, latest }: { subject: string; deleted: number[]; live: number[]; latest: number }) {
  const history = useSubjectHistory(subject);
  const del = useDeleteSubject(subject);
  const navigate = useNavigate();
  const [pending, setPending] = useState<Pending>(null);
  const close = () => {
    setPending(null);
    del.reset();
  };
  const confirm = () => {
    if (!pending) return;
    del.mutate(pending, {
      onSuccess: () => {
        setPending(null);
        if (pending.version === undefined && pending.permanent) navigate('/subjects');
      },
    });
  };
  const what = pending ? (pending.version === undefined ? `subject ${subject}` : `version ${pending.version} of ${subject}`) : '';
  return (
    <>
      <QueryState q={history} what="versions">
        {(rows) => (
          <DataTable
            label="Versions"
            rows={[...rows].reverse()}
            rowKey={(v) => v.version}
            columns={[
              { header: 'Version', num: true, cell: (v) => <Link to={links.subject(subject, { version: v.version })}>{v.version}</Link> },
              { header: 'Schema id', num: true, cell: (v) => v.id },
              { header: 'State', cell: (v) => (deleted.includes(v.version) ? <span className="badge warn">soft-deleted</span> : <span className="badge ok">live</span>) },
              {
                header: 'Actions',
                cell: (v) => (
                  <div className="row-actions">
                    {v.version !== latest && <Link to={links.subject(subject, { tab: 'compare', left: v.version, right: latest })}>Compare with latest</Link>}
                    {deleted.includes(v.version) ? (
                      <button type="button" className="danger" onClick={() => setPending({ version: v.version, permanent: true })}>
                        Delete permanently…
                      </button>
                    ) : (
                      <button type="button" className="danger" onClick={() => setPending({ version: v.version, permanent: false })}>
                        Delete…
                      </button>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <div className="panel danger-zone">
        <h2>Delete the subject</h2>
        {live.length ? (
          <>
            <p className="muted">A soft delete hides every version from serializers; the schemas stay readable by id and the subject can be restored by registering again.</p>
            <button type="button" className="danger" onClick={() => setPending({ permanent: false })}>
              Delete subject…
            </button>
          </>
        ) : (
          <>
            <p className="muted">Every version is soft-deleted. A permanent delete removes them for good.</p>
            <button type="button" className="danger" onClick={() => setPending({ permanent: true })}>
              Delete subject permanently…
            </button>
          </>
        )}
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.permanent ? `Permanently delete ${what}?` : `Delete ${what}?`}
        confirmLabel={pending?.permanent ? 'Delete permanently' : 'Delete'}
        danger
        typeToConfirm={pending?.permanent ? subject : undefined}
        busy={del.isPending}
        error={del.error ? (del.error as Error).message : null}
        onConfirm={confirm}
        onCancel={close}
      >
        <p>
          {pending?.permanent
            ? 'This cannot be undone: the schema text is removed unless another subject version uses the same schema.'
            : 'A soft delete can be followed by a permanent delete. Consumers that already know the schema id can still read it.'}
        </p>
      </ConfirmDialog>
    </>
  );
}

function ReferencesTab({ subject, all, deleted, current }: { subject: string; all: number[]; deleted: number[]; current: number }) {
  const navigate = useNavigate();
  const v = useSubjectVersion(subject, current);
  const by = useReferencedBy(subject, current);
  return (
    <>
      <div className="toolbar">
        <VersionPicker
          id="refs-version"
          label="Version"
          all={all}
          deleted={deleted}
          value={current}
          onChange={(n) => navigate(links.subject(subject, { tab: 'references', version: n }))}
        />
      </div>
      <div className="grid-2">
        <div className="panel">
          <h2>References</h2>
          <p className="muted">Schemas this version imports.</p>
          <QueryState q={v} what="references" empty={(d) => (!d.references?.length ? <Empty title="No references" /> : null)}>
            {(d) => (
              <ul className="plain" aria-label="References">
                {d.references!.map((r) => (
                  <li key={r.name}>
                    <Link to={links.subject(r.subject, { version: r.version })}>
                      {r.subject} version {r.version}
                    </Link>{' '}
                    <span className="muted">as {r.name}</span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </div>
        <div className="panel">
          <h2>Referenced by</h2>
          <p className="muted">Schemas that import this version; it cannot be deleted while they exist.</p>
          <QueryState q={by} what="referencing schemas" empty={(d) => (!d.length ? <Empty title="Not referenced" /> : null)}>
            {(d) => (
              <ul className="plain" aria-label="Referenced by">
                {d.flatMap((row) =>
                  row.versions.map((sv) => (
                    <li key={`${row.id}-${sv.subject}-${sv.version}`}>
                      <Link to={links.subject(sv.subject, { version: sv.version })}>
                        {sv.subject} version {sv.version}
                      </Link>{' '}
                      <span className="muted">(schema id {row.id})</span>
                    </li>
                  )),
                )}
              </ul>
            )}
          </QueryState>
        </div>
      </div>
    </>
  );
}

/** The subject's compatibility level and mode: shown with where they come from, and changeable. */
function SubjectSettings({ subject }: { subject: string }) {
  const config = useSubjectConfig(subject);
  const mode = useSubjectMode(subject);
  const setConfig = useSetSubjectConfig(subject);
  const setMode = useSetSubjectMode(subject);
  return (
    <div className="panel settings">
      <SettingControl
        id="level"
        label="Compatibility level"
        q={config}
        value={config.data?.inherited ? '' : config.data?.level}
        effective={config.data?.level}
        options={COMPATIBILITY_LEVELS}
        saving={setConfig.isPending}
        error={setConfig.error}
        onSave={(v) => setConfig.mutate((v || null) as CompatibilityLevel | null)}
      />
      <SettingControl
        id="mode"
        label="Mode"
        q={mode}
        value={mode.data?.inherited ? '' : mode.data?.mode}
        effective={mode.data?.mode}
        options={MODES}
        saving={setMode.isPending}
        error={setMode.error}
        onSave={(v) => setMode.mutate((v || null) as Mode | null)}
      />
    </div>
  );
}

function SettingControl({
  id,
  label,
  q,
  value,
  effective,
  options,
  saving,
  error,
  onSave,
}: {
  id: string;
  label: string;
  q: { isPending: boolean; error: unknown };
  value: string | undefined;
  effective: string | undefined;
  options: readonly string[];
  saving: boolean;
  error: unknown;
  onSave: (v: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  if (q.isPending) return <Loading what={label} />;
  if (q.error) return <ErrorState error={q.error} what={label} />;
  const shown = draft ?? value ?? '';
  return (
    <form
      className="setting"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(shown);
        setDraft(null);
      }}
    >
      <Field label={label} id={id}>
        <select value={shown} onChange={(e) => setDraft(e.target.value)}>
          <option value="">{value ? 'Inherit from global' : `Inherited (${effective})`}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
      <span className="setting-effective" data-testid={`${id}-effective`}>
        In force: <strong>{effective}</strong>
      </span>
      {draft !== null && draft !== (value ?? '') && (
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      )}
      {error ? (
        <span className="badge bad" role="alert">
          {(error as Error).message}
        </span>
      ) : null}
    </form>
  );
}
