import { describeResource, isAdministrator, useAccessUsers, useApiKeys, useRoleBindings, useWhoAmI } from '../../api/access';
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
          <div className="table-wrap">
            <table aria-label="Users">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Kind</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {d.map((u) => (
                  <tr key={u.name}>
                    <td>{u.name}</td>
                    <td>{u.kind ?? u.roles?.join(', ')}</td>
                    <td>{u.disabled ? <span className="badge bad">disabled</span> : <span className="badge ok">active</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <h2>API keys</h2>
      <QueryState q={keys} what="API key management" empty={(d) => (!d.length ? <Empty title="No API keys" /> : null)}>
        {(d) => (
          <div className="table-wrap">
            <table aria-label="API keys">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Description</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {d.map((k) => (
                  <tr key={k.id}>
                    <td className="mono">{k.id}</td>
                    <td>{k.owner}</td>
                    <td>{k.description}</td>
                    <td>{k.expiresAt ?? 'never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <h2>Role bindings</h2>
      <QueryState q={bindings} what="Role bindings" empty={(d) => (!d.length ? <Empty title="No role bindings" /> : null)}>
        {(d) => (
          <div className="table-wrap">
            <table aria-label="Role bindings">
              <thead>
                <tr>
                  <th scope="col">Principal</th>
                  <th scope="col">Role</th>
                  <th scope="col">Resource</th>
                </tr>
              </thead>
              <tbody>
                {d.map((b, i) => (
                  <tr key={b.id ?? i}>
                    <td>{b.principal}</td>
                    <td>{b.role}</td>
                    <td>{describeResource(b.resource)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
