import { useState, type FormEvent } from 'react';
import {
  CLUSTER_ONLY_ROLES,
  describeResource,
  isAdministrator,
  RESOURCE_TYPES,
  ROLES,
  UNNAMED_RESOURCES,
  useAccessAdmin,
  useAccessUsers,
  useApiKeys,
  useRoleBindings,
  useWhoAmI,
  type ApiKeyWithSecret,
} from '../../api/access';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { Field } from '../../components/field';
import { Empty, FormError, QueryState } from '../../components/states';
import { usePageTitle } from '../../lib/use-page-title';

/** A removal (or a rotation) waiting for the administrator's confirmation; `label` names what it acts on. */
interface Pending {
  readonly kind: 'user' | 'key' | 'rotate' | 'binding';
  readonly id: string;
  readonly label: string;
}

/** What the confirmation dialog says for each kind of action. */
const CONFIRMATIONS: Record<Pending['kind'], { title: (label: string) => string; confirmLabel: string; body: string }> = {
  user: {
    title: (l) => `Delete user ${l}?`,
    confirmLabel: 'Delete user',
    body: 'The user, its API keys and its role bindings are removed. Clients signing in as it are refused from now on.',
  },
  key: {
    title: (l) => `Revoke key ${l}?`,
    confirmLabel: 'Revoke key',
    body: 'The key and its role bindings are removed; clients using it are refused from now on.',
  },
  rotate: {
    title: (l) => `Rotate key ${l}?`,
    confirmLabel: 'Rotate key',
    body: 'The key gets a new secret, shown once. The old secret keeps working for the grace period the server is configured with.',
  },
  binding: {
    title: (l) => `Remove ${l}?`,
    confirmLabel: 'Remove binding',
    body: 'The principal loses what this role gave it at once.',
  },
};

const errorText = (e: unknown): string | null => (e ? (e instanceof Error ? e.message : String(e)) : null);

/** For administrators: users, API keys and role bindings, to read and to change. Others are told they may not see it. */
export default function AccessPage() {
  usePageTitle('Access management');
  const who = useWhoAmI();
  const allowed = who.isSuccess && isAdministrator(who.data);
  const users = useAccessUsers(allowed);
  const keys = useApiKeys(allowed);
  const bindings = useRoleBindings(allowed);
  const admin = useAccessAdmin();
  const [pending, setPending] = useState<Pending | null>(null);
  const [secret, setSecret] = useState<ApiKeyWithSecret | null>(null);
  if (who.isPending) return <section className="page"><h1>Access management</h1><div className="state" role="status">Loading…</div></section>;
  if (!allowed) {
    return (
      <section className="page">
        <h1>Access management</h1>
        <div className="state state-error" role="alert">
          <strong>You may not see this</strong>
          <div className="muted">Access management is for administrators (the SystemAdmin role).</div>
        </div>
      </section>
    );
  }

  const actions = { user: admin.deleteUser, key: admin.revokeKey, rotate: admin.rotateKey, binding: admin.deleteBinding };
  const confirming = actions[pending?.kind ?? 'binding'];
  const confirmation = CONFIRMATIONS[pending?.kind ?? 'binding'];
  const confirm = () => {
    if (!pending) return;
    // A rotation answers the new secret, shown once like a new key's.
    confirming.mutate(pending.id, { onSuccess: (answer) => { if (answer) setSecret(answer); setPending(null); } });
  };
  const cancel = () => {
    confirming.reset();
    setPending(null);
  };

  return (
    <section className="page">
      <h1>Access management</h1>
      <p className="muted">Users, API keys and the roles bound to them. Only administrators see this page.</p>

      <h2>Users</h2>
      <UserForm createUser={admin.createUser} />
      <QueryState q={users} what="User management" empty={(d) => (!d.length ? <Empty title="No users" /> : null)}>
        {(d) => (
          <DataTable
            label="Users"
            rows={d}
            rowKey={(u) => u.name}
            columns={[
              { header: 'User', cell: (u) => u.name },
              { header: 'Kind', cell: (u) => (u.serviceAccount ? 'service account' : 'user') },
              { header: 'Created', cell: (u) => u.createdAt?.slice(0, 10) },
              {
                header: 'Actions',
                cell: (u) => (
                  <button type="button" className="danger" aria-label={`Delete user ${u.name}`} onClick={() => setPending({ kind: 'user', id: u.name, label: u.name })}>
                    Delete
                  </button>
                ),
              },
            ]}
          />
        )}
      </QueryState>

      <h2>API keys</h2>
      <KeyForm createKey={admin.createKey} onCreated={setSecret} />
      {secret && (
        <div className="panel" role="status" aria-label="New API key secret">
          <p>
            <strong>Copy the secret of key <code>{secret.id}</code> now:</strong> Charter keeps only its hash and cannot show it again.
          </p>
          <p>
            <code data-testid="api-key-secret">{secret.secret}</code>
          </p>
          <p className="muted small">
            Use it as HTTP Basic (key as user name, secret as password) or as the bearer token <code>{secret.id}.{secret.secret}</code>.
          </p>
          <button type="button" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      )}
      <QueryState q={keys} what="API key management" empty={(d) => (!d.length ? <Empty title="No API keys" /> : null)}>
        {(d) => (
          <DataTable
            label="API keys"
            rows={d}
            rowKey={(k) => k.id}
            columns={[
              { header: 'Key', cell: (k) => k.id, cellClass: 'mono' },
              { header: 'Owner', cell: (k) => k.owner },
              { header: 'Description', cell: (k) => k.description },
              { header: 'Expires', cell: (k) => k.expiresAt ?? 'never' },
              { header: 'Last used', cell: (k) => k.lastUsedAt ?? 'never' },
              {
                header: 'Actions',
                cell: (k) => (
                  <div className="row-actions">
                    <button type="button" aria-label={`Rotate key ${k.id}`} onClick={() => setPending({ kind: 'rotate', id: k.id, label: k.id })}>
                      Rotate
                    </button>
                    <button type="button" className="danger" aria-label={`Revoke key ${k.id}`} onClick={() => setPending({ kind: 'key', id: k.id, label: k.id })}>
                      Revoke
                    </button>
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryState>

      <h2>Role bindings</h2>
      <BindingForm createBinding={admin.createBinding} />
      <QueryState q={bindings} what="Role bindings" empty={(d) => (!d.length ? <Empty title="No role bindings" /> : null)}>
        {(d) => (
          <DataTable
            label="Role bindings"
            rows={d}
            rowKey={(b, i) => b.id ?? i}
            columns={[
              { header: 'Principal', cell: (b) => b.principal },
              { header: 'Role', cell: (b) => b.role },
              { header: 'Resource', cell: (b) => describeResource(b.resource) },
              { header: 'Granted by', cell: (b) => b.createdBy },
              {
                header: 'Actions',
                cell: (b) => {
                  if (!b.id) return null;
                  const label = `${b.role} for ${b.principal} on ${describeResource(b.resource)}`;
                  return (
                    <button type="button" className="danger" aria-label={`Remove ${label}`} onClick={() => setPending({ kind: 'binding', id: b.id!, label })}>
                      Remove
                    </button>
                  );
                },
              },
            ]}
          />
        )}
      </QueryState>

      <ConfirmDialog
        open={pending !== null}
        title={confirmation.title(pending?.label ?? '')}
        confirmLabel={confirmation.confirmLabel}
        danger={pending?.kind !== 'rotate'}
        typeToConfirm={pending?.kind === 'user' ? pending.id : undefined}
        busy={confirming.isPending}
        error={errorText(confirming.error)}
        onConfirm={confirm}
        onCancel={cancel}
      >
        <p>{confirmation.body}</p>
      </ConfirmDialog>
    </section>
  );
}

/** Adds a user with a password, or a service account (no password: only its API keys sign in). */
type AccessAdmin = ReturnType<typeof useAccessAdmin>;

function UserForm({ createUser }: Pick<AccessAdmin, 'createUser'>) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    createUser.mutate(
      { name: name.trim(), ...(password ? { password } : {}) },
      {
        onSuccess: () => {
          setName('');
          setPassword('');
        },
      },
    );
  };
  return (
    <form className="toolbar" aria-label="Add a user" onSubmit={submit}>
      <Field label="User name">
        <input value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" spellCheck={false} />
      </Field>
      <Field label="Password (empty for a service account)">
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={8} autoComplete="new-password" />
      </Field>
      <button type="submit" className="primary" disabled={createUser.isPending || !name.trim()}>
        Add user
      </button>
      <FormError error={createUser.error} />
    </form>
  );
}

/** Creates an API key for a user; the secret is handed to `onCreated`, to be shown once. */
function KeyForm({ createKey, onCreated }: Pick<AccessAdmin, 'createKey'> & { onCreated: (k: ApiKeyWithSecret) => void }) {
  const [owner, setOwner] = useState('');
  const [description, setDescription] = useState('');
  const [expires, setExpires] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    createKey.mutate(
      {
        ...(owner.trim() ? { owner: owner.trim() } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
        // The end of the chosen day, local time.
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      },
      {
        onSuccess: (k) => {
          setOwner('');
          setDescription('');
          setExpires('');
          onCreated(k);
        },
      },
    );
  };
  return (
    <form className="toolbar" aria-label="Create an API key" onSubmit={submit}>
      <Field label="Owner (empty for yourself)">
        <input value={owner} onChange={(e) => setOwner(e.target.value)} autoComplete="off" spellCheck={false} />
      </Field>
      <Field label="Description">
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
      </Field>
      <Field label="Expires on (empty for never)">
        <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={createKey.isPending}>
        Create key
      </button>
      <FormError error={createKey.error} />
    </form>
  );
}

/** Grants a role to a principal on a resource pattern. */
function BindingForm({ createBinding }: Pick<AccessAdmin, 'createBinding'>) {
  const [principal, setPrincipal] = useState('User:');
  const [role, setRole] = useState<string>('DeveloperRead');
  const [type, setType] = useState<string>('Subject');
  const [name, setName] = useState('');
  const [patternType, setPatternType] = useState<'LITERAL' | 'PREFIXED'>('LITERAL');
  const unnamed = UNNAMED_RESOURCES.includes(type);
  const chooseRole = (r: string) => {
    setRole(r);
    if (CLUSTER_ONLY_ROLES.includes(r)) setType('Cluster');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    createBinding.mutate(
      { principal: principal.trim(), role, resource: unnamed ? { type } : { type, name: name.trim(), patternType } },
      { onSuccess: () => setName('') },
    );
  };
  return (
    <form className="toolbar" aria-label="Grant a role" onSubmit={submit}>
      <Field label="Principal">
        <input value={principal} onChange={(e) => setPrincipal(e.target.value)} required autoComplete="off" spellCheck={false} placeholder="User:alice, Group:devs, ApiKey:CK…" />
      </Field>
      <Field label="Role">
        <select value={role} onChange={(e) => chooseRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </Field>
      <Field label="Resource type">
        <select value={type} onChange={(e) => setType(e.target.value)}>
          {RESOURCE_TYPES.filter((t) => !CLUSTER_ONLY_ROLES.includes(role) || t === 'Cluster').map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </Field>
      {!unnamed && (
        <>
          <Field label="Resource name">
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Pattern">
            <select value={patternType} onChange={(e) => setPatternType(e.target.value as 'LITERAL' | 'PREFIXED')}>
              <option value="LITERAL">exactly this name</option>
              <option value="PREFIXED">every name starting with it</option>
            </select>
          </Field>
        </>
      )}
      <button type="submit" className="primary" disabled={createBinding.isPending}>
        Grant role
      </button>
      <FormError error={createBinding.error} />
    </form>
  );
}
