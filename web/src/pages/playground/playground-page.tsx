import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  typeOf,
  useCheckCompatibility,
  useLatestSchemas,
  useRegisterSchema,
  useSubjectConfig,
  type CompatibilityVerdict,
  type SchemaType,
} from '../../api/registry';
import { SchemaEditor } from '../../components/code/schema-editor';
import { Field } from '../../components/field';
import { ErrorState, Loading } from '../../components/states';
import { humanType, readCompatibilityMessages, type Difference } from '../../lib/compat-messages';
import { jsonPointerLines, lineOfPointer } from '../../lib/json-locations';
import { links } from '../../lib/links';
import { protoPathLine } from '../../lib/proto-locations';
import { displaySchema, languageOf } from '../../lib/schema-text';
import { usePageTitle } from '../../lib/use-page-title';

const STARTERS: Record<SchemaType, string> = {
  AVRO: JSON.stringify({ type: 'record', name: 'Example', namespace: 'com.example', fields: [{ name: 'id', type: 'string' }] }, null, 2),
  JSON: JSON.stringify({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, null, 2),
  PROTOBUF: 'syntax = "proto3";\npackage com.example;\n\nmessage Example {\n  string id = 1;\n}',
};

/** The line a difference's path names in the candidate text, if it can be found. */
function lineOf(d: Difference, text: string, type: SchemaType, pointers: Map<string, number>): number | undefined {
  if (!d.path) return undefined;
  return type === 'PROTOBUF' ? protoPathLine(text, d.path) : lineOfPointer(pointers, d.path);
}

/**
 * Compatibility playground: edit a schema, pick a subject, and see the registry's verdict at the
 * subject's level, each difference explained and its line marked in the editor.
 */
export default function PlaygroundPage({ subject, onSubject }: { subject: string; onSubject: (s: string) => void }) {
  usePageTitle('Compatibility playground');
  const latest = useLatestSchemas();
  const check = useCheckCompatibility();
  const register = useRegisterSchema();
  const navigate = useNavigate();
  const [text, setText] = useState<string | null>(null);
  const [type, setType] = useState<SchemaType>('AVRO');
  const [against, setAgainst] = useState<'latest' | 'level'>('latest');
  const [checked, setChecked] = useState<{ verdict: CompatibilityVerdict; text: string } | null>(null);
  const [focus, setFocus] = useState<{ line: number; seq: number } | undefined>();
  const config = useSubjectConfig(subject);

  const existing = latest.data?.find((v) => v.subject === subject);
  // Picking a subject loads its latest schema into the editor (once per subject).
  useEffect(() => {
    if (!latest.data) return;
    const v = latest.data.find((x) => x.subject === subject);
    if (v) {
      setType(typeOf(v));
      setText(displaySchema(v.schema, typeOf(v)));
    } else setText((t) => t ?? STARTERS[type]);
    setChecked(null);
    check.reset();
    register.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subject, latest.data === undefined]);

  const value = text ?? '';
  const pointers = useMemo(() => (type === 'PROTOBUF' ? new Map<string, number>() : jsonPointerLines(value)), [value, type]);
  const read = useMemo(() => (checked ? readCompatibilityMessages(checked.verdict.messages ?? []) : null), [checked]);
  // Marks stay on the lines they named until the text changes, then follow the edited text.
  const lines = useMemo(() => {
    const m = new Map<Difference, number | undefined>();
    read?.differences.forEach((d) => m.set(d, lineOf(d, value, type, pointers)));
    return m;
  }, [read, value, type, pointers]);
  const highlighted = useMemo(() => new Set([...lines.values()].filter((l): l is number => l !== undefined)), [lines]);
  const stale = checked !== null && checked.text !== value;

  const run = () => {
    if (!subject) return;
    register.reset();
    check.mutate(
      { subject, version: against === 'latest' ? 'latest' : undefined, schema: value, schemaType: type, references: existing?.references },
      { onSuccess: (verdict) => setChecked({ verdict, text: value }) },
    );
  };

  if (latest.isPending) return <Loading what="Loading subjects" />;
  if (latest.error) return <ErrorState error={latest.error} retry={() => void latest.refetch()} />;

  return (
    <section className="page">
      <h1>Compatibility playground</h1>
      <p className="muted">Edit a schema and check it against a subject, as the registry would when a producer registers it. Nothing is registered unless you ask.</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label>
          Subject
          <input
            list="playground-subjects"
            value={subject}
            onChange={(e) => onSubject(e.target.value)}
            placeholder="orders-value"
            aria-describedby="subject-hint"
            required
          />
          <datalist id="playground-subjects">
            {latest.data.map((v) => (
              <option key={v.subject} value={v.subject} />
            ))}
          </datalist>
        </label>
        <Field label="Format">
          <select value={type} onChange={(e) => setType(e.target.value as SchemaType)} disabled={!!existing}>
            <option value="AVRO">Avro</option>
            <option value="JSON">JSON Schema</option>
            <option value="PROTOBUF">Protobuf</option>
          </select>
        </Field>
        <Field label="Check against">
          <select value={against} onChange={(e) => setAgainst(e.target.value as 'latest' | 'level')}>
            <option value="latest">The latest version</option>
            <option value="level">The versions its level compares with</option>
          </select>
        </Field>
        <button type="submit" className="primary" disabled={!subject || check.isPending}>
          {check.isPending ? 'Checking…' : 'Check compatibility'}
        </button>
      </form>
      <p id="subject-hint" className="muted small">
        {!subject
          ? 'Pick a subject to compare with.'
          : existing
            ? (
                <>
                  <Link to={links.subject(subject)}>{subject}</Link>: latest version {existing.version}, level{' '}
                  <strong>{config.data?.level ?? '…'}</strong>.
                </>
              )
            : `No subject ${subject} yet: any valid schema is compatible.`}
      </p>

      <div className="playground">
        <div>
          {!existing && !text && (
            <div className="toolbar">
              <button type="button" onClick={() => setText(STARTERS[type])}>
                Start from an example
              </button>
            </div>
          )}
          <SchemaEditor value={value} onChange={setText} lang={languageOf(type)} highlighted={stale ? undefined : highlighted} focusLine={focus} label="Schema text" />
        </div>
        <div aria-live="polite">
          {check.error ? <ErrorState error={check.error} /> : null}
          {checked && read && (
            <div className={checked.verdict.is_compatible ? 'verdict ok' : 'verdict bad'} data-testid="verdict">
              <h2>{checked.verdict.is_compatible ? 'Compatible' : 'Incompatible'}</h2>
              {stale && <p className="muted">The schema changed since this check.</p>}
              {read.compatibility && <p className="muted">Checked at level {read.compatibility}.</p>}
              {read.differences.length > 0 && (
                <ol className="differences" aria-label="Differences">
                  {read.differences.map((d, i) => {
                    const line = lines.get(d);
                    return (
                      <li key={i} className="difference">
                        <strong>{humanType(d.errorType)}</strong> <code className="muted">{d.errorType}</code>
                        <p>{d.description}</p>
                        {d.additionalInfo && <p className="muted">{d.additionalInfo}</p>}
                        <p className="difference-where">
                          {d.path && (
                            <>
                              Path <code data-testid="difference-path">{d.path}</code>
                            </>
                          )}
                          {d.oldVersion !== undefined && <span className="muted"> · against version {d.oldVersion}</span>}
                          {line !== undefined && !stale && (
                            <button type="button" className="link-button" onClick={() => setFocus({ line, seq: Date.now() })}>
                              Go to line {line}
                            </button>
                          )}
                        </p>
                      </li>
                    );
                  })}
                </ol>
              )}
              {read.other.map((m, i) => (
                <pre key={i} className="message">
                  {m}
                </pre>
              ))}
              {checked.verdict.is_compatible && !stale && (
                <div className="toolbar">
                  <button
                    type="button"
                    onClick={() =>
                      register.mutate(
                        { subject, schema: value, schemaType: type, references: existing?.references },
                        { onSuccess: () => navigate(links.subject(subject)) },
                      )
                    }
                    disabled={register.isPending}
                  >
                    {register.isPending ? 'Registering…' : `Register as a new version of ${subject}`}
                  </button>
                  {register.error ? <span className="badge bad">{(register.error as Error).message}</span> : null}
                </div>
              )}
            </div>
          )}
          {!checked && !check.error && <p className="muted">The verdict appears here.</p>}
        </div>
      </div>
    </section>
  );
}
