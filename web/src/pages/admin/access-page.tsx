import { describeResource, isAdministrator, useAccessUsers, useApiKeys, useRoleBindings, useWhoAmI } from '../../api/access';
import { DataTable } from '../../components/data-table';
import { Empty, QueryState } from '../../components/states';
import { usePageTitle } from '../../lib/use-page-title';

/** For administrators: users, API keys and role bindings. Others are told they may not see it. */
export default function AccessPage() {
  usePageTitle('Access management');
  const who = useWhoAmI();
  const allowed = who.isSuccess && isAdministrator(who.data);
  const users = useAccessUsers(allowed);
  const keys = useApiKeys(allowed);
  const bindings = useRoleBindings(allowed);
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
  return (
    <section className="page">
      <h1>Access management</h1>
      <p className="muted">Users, API keys and the roles bound to them. Only administrators see this page.</p>
      <h2>Users</h2>
      <QueryState q={users} what="User management" empty={(d) => (!d.length ? <Empty title="No users" /> : null)}>
        {(d) => (
          <DataTable
            label="Users"
            rows={d}
            rowKey={(u) => u.name}
            columns={[
              { header: 'User', cell: (u) => u.name },
              { header: 'Kind', cell: (u) => u.kind ?? u.roles?.join(', ') },
              { header: 'State', cell: (u) => (u.disabled ? <span className="badge bad">disabled</span> : <span className="badge ok">active</span>) },
            ]}
          />
        )}
      </QueryState>
      <h2>API keys</h2>
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
            ]}
          />
        )}
      </QueryState>
      <h2>Role bindings</h2>
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
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
