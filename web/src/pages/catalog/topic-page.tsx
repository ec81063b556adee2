import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import {
  CLASSIFICATIONS,
  isPiiTag,
  useClassifyTopic,
  useCatalogEntry,
  useCatalogList,
  useFieldTags,
  useFindings,
  useTopicClients,
  useTopicSubjects,
  type Classification,
  type SubjectBinding,
  type TopicClient,
  type WriteWarning,
} from '../../api/catalog';
import { Field } from '../../components/field';
import { Empty, ErrorState, FormError, Loading, QueryState } from '../../components/states';
import { DataTable } from '../../components/data-table';
import { links } from '../../lib/links';
import { usePageTitle } from '../../lib/use-page-title';
import { ClassificationBadge, EntryHistory, FindingsTable, formatMs, LifecycleBadge, Owner, Tags } from './parts';

/** One topic: ownership, lifecycle, classification, configuration, schemas, clients, findings, history. */
export default function TopicPage({ name }: { name: string }) {
  usePageTitle(name);
  const topic = useCatalogEntry('topics', name);
  if (topic.isPending) return <Loading what={`Loading ${name}`} />;
  if (topic.error) {
    if (topic.error instanceof ApiError && topic.error.status === 404 && !topic.error.routeMissing)
      return (
        <section className="page">
          <h1>{name}</h1>
          <Empty title="No such topic">
            The catalogue has no topic named <code>{name}</code>. <Link to="/topics">See all topics</Link>.
          </Empty>
        </section>
      );
    return <ErrorState error={topic.error} what="The catalogue" retry={() => void topic.refetch()} />;
  }
  const t = topic.data;
  const config = Object.entries(t.topicConfiguration);
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/topics">Topics</Link> / <Link to={links.domain(t.domain)}>{t.domain}</Link> /
      </p>
      <h1>{t.name}</h1>
      {t.description && <p className="lead">{t.description}</p>}
      <div className="grid-2">
        <div className="panel">
          <h2>About</h2>
          <dl className="facts" aria-label="Topic facts">
            <dt>Owner</dt>
            <dd data-testid="topic-owner">
              <Owner team={t.ownerTeam} />
            </dd>
            <dt>Domain</dt>
            <dd>
              <Link to={links.domain(t.domain)}>{t.domain}</Link>
            </dd>
            <dt>Lifecycle</dt>
            <dd>
              <LifecycleBadge lifecycle={t.lifecycle} />
            </dd>
            <dt>Classification</dt>
            <dd>
              <ClassificationBadge classification={t.classification} />
            </dd>
            <dt>Tags</dt>
            <dd>
              <Tags tags={t.tags} />
            </dd>
          </dl>
          <ClassifyTopic key={t.name} name={t.name} classification={t.classification} tags={t.tags} />
        </div>
        <div className="panel">
          <h2>Configuration</h2>
          <dl className="facts">
            <dt>Partitions</dt>
            <dd>{t.partitions ?? <span className="muted">not set</span>}</dd>
            <dt>Replication factor</dt>
            <dd>{t.replicationFactor ?? <span className="muted">not set</span>}</dd>
            {config.map(([k, v]) => (
              <FragmentFact key={k} k={k} v={k.endsWith('.ms') ? formatMs(v) : Array.isArray(v) ? v.join(', ') : String(v)} />
            ))}
            <dt>Key</dt>
            <dd>{t.key ? `${t.key.strategy}${t.key.records.length ? `: ${t.key.records.join(', ')}` : ''}` : <span className="muted">no schema</span>}</dd>
            <dt>Value</dt>
            <dd>{t.value ? `${t.value.strategy}${t.value.records.length ? `: ${t.value.records.join(', ')}` : ''}` : <span className="muted">no schema</span>}</dd>
          </dl>
        </div>
      </div>
      <TopicClients name={t.name} />
      <TopicSchemas name={t.name} />
      <TopicEvents name={t.name} />
      <h2 id="findings">Policy findings</h2>
      <TopicFindings name={t.name} domain={t.domain} />
      <h2 id="history">History</h2>
      <EntryHistory type="topic" keyName={t.name} />
    </section>
  );
}

/**
 * The data steward's edit of a topic's classification and free tags. Offered to everyone; the
 * server decides (the tag action on the topic) and a refusal is shown as it answers.
 */
function ClassifyTopic({ name, classification, tags }: { name: string; classification: Classification | null; tags: readonly string[] }) {
  const classify = useClassifyTopic(name);
  const [editing, setEditing] = useState(false);
  const [level, setLevel] = useState<string>(classification ?? '');
  const [tagText, setTagText] = useState(tags.join(' '));
  const [warnings, setWarnings] = useState<WriteWarning[]>([]);
  const open = () => {
    setLevel(classification ?? '');
    setTagText(tags.join(' '));
    classify.reset();
    setEditing(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = tagText.split(/[\s,]+/).filter(Boolean);
    classify.mutate(
      { classification: (level || null) as Classification | null, tags: list },
      {
        onSuccess: (answer) => {
          setWarnings(answer?.warnings ?? []);
          setEditing(false);
        },
      },
    );
  };
  if (!editing) {
    return (
      <>
        {warnings.length > 0 && (
          <ul className="plain small" role="status" aria-label="Policy warnings">
            {warnings.map((w, i) => (
              <li key={i} className="bad-text">
                {w.message}
              </li>
            ))}
          </ul>
        )}
        <p>
          <button type="button" onClick={open}>
            Edit classification
          </button>
        </p>
      </>
    );
  }
  return (
    <form className="toolbar" aria-label="Classification" onSubmit={submit}>
      <Field label="Classification">
        <select value={level} onChange={(e) => setLevel(e.target.value)}>
          <option value="">not classified</option>
          {CLASSIFICATIONS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
      <Field label="Tags (space separated)">
        <input value={tagText} onChange={(e) => setTagText(e.target.value)} autoComplete="off" spellCheck={false} />
      </Field>
      <button type="submit" className="primary" disabled={classify.isPending}>
        {classify.isPending ? 'Saving…' : 'Save'}
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      <FormError error={classify.error} />
    </form>
  );
}

function FragmentFact({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>
        <code>{k}</code>
      </dt>
      <dd>{v}</dd>
    </>
  );
}

function ClientList({ clients, label }: { clients: TopicClient[]; label: string }) {
  if (!clients.length) return <p className="muted">None declared.</p>;
  return (
    <ul className="plain" aria-label={label}>
      {clients.map((c) => (
        <li key={c.application}>
          <Link to={links.application(c.application)}>{c.application}</Link>
          {c.consumerGroup && <span className="muted"> (group {c.consumerGroup})</span>}
        </li>
      ))}
    </ul>
  );
}

function TopicClients({ name }: { name: string }) {
  const q = useTopicClients(name);
  return (
    <div className="grid-2">
      <div className="panel">
        <h2>Producers</h2>
        <QueryState q={q} what="producers">
          {(d) => <ClientList clients={d.producers} label="Producers" />}
        </QueryState>
      </div>
      <div className="panel">
        <h2>Consumers</h2>
        <QueryState q={q} what="consumers">
          {(d) => <ClientList clients={d.consumers} label="Consumers" />}
        </QueryState>
      </div>
    </div>
  );
}

function TopicSchemas({ name }: { name: string }) {
  const q = useTopicSubjects(name);
  return (
    <>
      <h2 id="schemas">Key and value schemas</h2>
      <QueryState q={q} what="schemas" empty={(d) => (!d.length ? <Empty title="No schemas bound">This topic's keys and values have no registered schema.</Empty> : null)}>
        {(d) => (
          <div className="grid-2">
            {d.map((b) => (
              <BoundSubject key={`${b.role}-${b.subject}`} binding={b} />
            ))}
          </div>
        )}
      </QueryState>
    </>
  );
}

function BoundSubject({ binding }: { binding: SubjectBinding }) {
  const tags = useFieldTags(binding.subject);
  return (
    <div className="panel">
      <h3>
        {binding.role === 'key' ? 'Key' : 'Value'}: <Link to={links.subject(binding.subject)}>{binding.subject}</Link>
      </h3>
      {binding.record && <p className="muted">Record {binding.record}</p>}
      <QueryState q={tags} what="fields">
        {(d) =>
          d.version === null ? (
            <p className="muted">
              Not registered yet. <Link to={links.playground(binding.subject)}>Check a first version</Link>
            </p>
          ) : (
            <>
              <p className="muted">
                Latest version {d.version}, {d.fields.length} field{d.fields.length === 1 ? '' : 's'}
              </p>
              {d.fields.length === 0 ? (
                <p className="muted">No named fields (a primitive schema).</p>
              ) : (
              <DataTable
                label={`Fields of ${binding.subject}`}
                rows={d.fields}
                rowKey={(f) => f.path}
                columns={[
                  {
                    header: 'Field',
                    cell: (f) => (
                      <>
                        <code>{f.name}</code>
                        <div className="muted small">{f.path}</div>
                      </>
                    ),
                  },
                  {
                    header: 'Tags',
                    cell: (f) => (
                      <span className="tags">
                        {f.tags.map((tag) => (
                          <span key={tag} className={isPiiTag(tag) ? 'badge bad' : 'badge'}>
                            {tag}
                          </span>
                        ))}
                      </span>
                    ),
                  },
                ]}
              />
              )}
            </>
          )
        }
      </QueryState>
    </div>
  );
}

function TopicEvents({ name }: { name: string }) {
  const events = useCatalogList('events');
  const mine = events.data?.filter((e) => e.topic === name) ?? [];
  if (!mine.length) return null;
  return (
    <>
      <h2 id="events">Events</h2>
      <ul className="plain">
        {mine.map((e) => (
          <li key={e.name}>
            <Link to={links.event(e.name)}>{e.name}</Link> <span className="muted">— {e.description ?? e.subject}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function TopicFindings({ name, domain }: { name: string; domain: string }) {
  const q = useFindings({ domain });
  return (
    <QueryState q={q} what="findings">
      {(d) => <FindingsTable findings={d.findings.filter((f) => f.entity.type === 'topic' && f.entity.key === name)} showEntity={false} label="Topic findings" />}
    </QueryState>
  );
}
