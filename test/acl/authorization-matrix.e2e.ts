import { AccessHooks } from '../../src/acl/access-hooks';
import { ROUTE_PERMISSIONS, ruleFor, type ResourceRef, type RouteRule } from '../../src/acl/route-permissions';
import type { RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import type { ApiResponse } from '../support/http';
import { ADMIN, as, avro, basic, startSecuredCharter } from './support';

/**
 * The authorization matrix, generated from the route table: every route the application
 * registers must have a rule, and every rule is tried with every role (granted on the whole
 * cluster, and on a scope of `ok-` resources), a principal without roles and one without
 * credentials, against a resource in its reach (`ok-...`) and one out of it (`zz-deny-...`).
 *
 * What each role may do is written here again, from the README, rather than taken from the
 * code: the test checks the table and the roles against it. An allowed request must get past
 * access control (any answer but the refusal); a refused one must get exactly the refusal, which
 * for reads is the resource's not-found answer.
 */

const ROLE_ACTIONS_EXPECTED: Record<string, string[]> = {
  SystemAdmin: ['read', 'write', 'delete', 'configure', 'tag', 'grant', 'admin', 'audit'],
  ResourceOwner: ['read', 'write', 'delete', 'configure', 'tag', 'grant'],
  DeveloperManage: ['read', 'delete', 'configure'],
  DeveloperWrite: ['read', 'write'],
  DeveloperRead: ['read'],
  DataSteward: ['read', 'tag'],
  Auditor: ['read', 'audit'],
};
const CLUSTER_ONLY = ['SystemAdmin', 'Auditor'];
const DENY = 'zz-deny';
const OK = 'ok';

interface Who {
  readonly label: string;
  readonly role?: string;
  /** `cluster`: the role on the Cluster; `scoped`: on `ok-` subjects, topics, domains, the `.okctx` context and the catalogue. */
  readonly scope: 'cluster' | 'scoped' | 'none' | 'anonymous';
  readonly user?: string;
  readonly password?: string;
}

const PRINCIPALS: Who[] = [
  ...Object.keys(ROLE_ACTIONS_EXPECTED).map((role): Who => ({ label: `${role} on the cluster`, role, scope: 'cluster', user: `c-${role}`, password: `pw-c-${role}` })),
  ...Object.keys(ROLE_ACTIONS_EXPECTED)
    .filter((r) => !CLUSTER_ONLY.includes(r))
    .map((role): Who => ({ label: `${role} on ok- resources`, role, scope: 'scoped', user: `s-${role}`, password: `pw-s-${role}` })),
  { label: 'a user without roles', scope: 'none', user: 'nobody', password: 'pw-nobody' },
  { label: 'no credentials', scope: 'anonymous' },
];

type Variant = 'in reach' | 'out of reach';

/** Whether the variant changes anything for a rule (resources with a name in or out of reach). */
function variantsOf(rule: RouteRule): Variant[] {
  const kind = rule.resource?.kind;
  return !kind || kind === 'cluster' || kind === 'catalog' ? ['in reach'] : ['in reach', 'out of reach'];
}

function expectedAllowed(rule: RouteRule, who: Who, variant: Variant): boolean {
  if (rule.access === 'public') return true;
  if (who.scope === 'anonymous') return false;
  if (rule.access === 'authenticated') return true;
  const roleAllows = !!who.role && ROLE_ACTIONS_EXPECTED[who.role].includes(rule.access);
  const ref = rule.resource!;
  switch (ref.kind) {
    case 'user':
    case 'api-key':
      // Users manage their own password and keys; administrators everyone's.
      return variant === 'in reach' || (who.scope === 'cluster' && roleAllows);
    case 'cluster':
      return who.scope === 'cluster' && roleAllows;
    case 'catalog':
      return roleAllows && (who.scope === 'cluster' || who.scope === 'scoped');
    default:
      return roleAllows && (who.scope === 'cluster' || (who.scope === 'scoped' && variant === 'in reach'));
  }
}

/** One request of the matrix, with the names its resources got. */
interface Case {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** The refusal this request must get when denied. */
  readonly denial: { status: number; body: Record<string, unknown> };
}

describe.each(DATABASE_KINDS)('authorization matrix on %s', (kind) => {
  let charter: RunningCharter & { app: { get: (t: unknown) => unknown } };
  let admin: ReturnType<typeof as>;
  let n = 0;

  const ok = async (res: Promise<ApiResponse>, what: string): Promise<any> => {
    const r = await res;
    if (r.status >= 300) throw new Error(`seeding ${what}: ${r.status} ${r.text}`);
    return r.body;
  };

  beforeAll(async () => {
    charter = (await startSecuredCharter(kind, { AUTH_FAILURE_LIMIT: '100000' })) as typeof charter;
    admin = as(charter, basic(ADMIN.user, ADMIN.password));
    await ok(admin.post('/acl/users', { name: 'victim', password: 'pw-victim' }), 'victim');
    for (const who of PRINCIPALS) {
      if (!who.user) continue;
      await ok(admin.post('/acl/users', { name: who.user, password: who.password }), who.user);
      const grant = (resource: Record<string, string>) =>
        ok(admin.post('/acl/bindings', { principal: `User:${who.user}`, role: who.role, resource }), `${who.user} ${JSON.stringify(resource)}`);
      if (who.scope === 'cluster') await grant({ type: 'Cluster' });
      if (who.scope === 'scoped') {
        await grant({ type: 'Subject', name: `${OK}-`, patternType: 'PREFIXED' });
        await grant({ type: 'Subject', name: ':.okctx:', patternType: 'PREFIXED' });
        await grant({ type: 'Topic', name: `${OK}-`, patternType: 'PREFIXED' });
        await grant({ type: 'Domain', name: `${OK}-`, patternType: 'PREFIXED' });
        await grant({ type: 'Catalog' });
      }
    }
    // What every case shares: a context in and one out of reach, and catalogue entries to hang others on.
    await ok(admin.register(':.okctx:in-context-value', avro('InContext')), 'okctx');
    await ok(admin.register(`:.zz-deny-ctx:${DENY}-context-value`, avro('OutOfContext')), 'zz-deny-ctx');
    await ok(admin.register('seed-value', avro('Seed')), 'seed subject');
    await ok(admin.post('/catalog/domains', { name: 'seed-dom' }), 'seed domain');
    await ok(admin.post('/catalog/teams', { name: 'seed-team', domain: 'seed-dom' }), 'seed team');
    await ok(admin.post('/catalog/applications', { name: 'seed-app', domain: 'seed-dom', ownerTeam: 'seed-team' }), 'seed app');
    await ok(admin.post('/catalog/topics', { name: 'seed-topic', domain: 'seed-dom' }), 'seed topic');
    // Something in and out of reach in every list.
    for (const prefix of [OK, DENY]) {
      await ok(admin.register(`${prefix}-list-value`, avro('Listed')), 'listed subject');
      await ok(admin.post('/catalog/topics', { name: `${prefix}-list-topic`, domain: 'seed-dom' }), 'listed topic');
      await ok(admin.post('/catalog/domains', { name: `${prefix}-list-domain` }), 'listed domain');
    }
  });
  afterAll(() => charter.close());

  it('has a rule for every route the application registers, and a route for every rule', () => {
    const hooks = charter.app.get(AccessHooks) as AccessHooks;
    const registered = hooks.registeredRoutes();
    expect(registered.length).toBeGreaterThan(80);
    expect(hooks.unmappedRoutes()).toEqual([]);
    const keys = new Set(registered.map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
    const stale = Object.keys(ROUTE_PERMISSIONS).filter((k) => !k.endsWith('*') && !keys.has(k));
    expect(stale).toEqual([]);
    for (const r of registered) expect({ route: `${r.method} ${r.url}`, rule: !!ruleFor(r.method, r.url) }).toEqual({ route: `${r.method} ${r.url}`, rule: true });
  });

  /** Creates what a request needs and returns it, with the answer it must get when refused. */
  async function prepare(route: string, rule: RouteRule, who: Who, variant: Variant): Promise<Case> {
    const c = ++n;
    const [method, template] = [route.slice(0, route.indexOf(' ')), route.slice(route.indexOf(' ') + 1)];
    const prefix = variant === 'in reach' ? OK : DENY;
    const params: Record<string, string> = {};
    const query: Record<string, string> = {};
    let body: Record<string, unknown> | undefined = method === 'GET' || method === 'DELETE' ? undefined : {};
    let denial: Case['denial'] = { status: 403, body: { error_code: 40301 } };
    const schemaText = avro(`Case${c}`);
    const ref: ResourceRef | undefined = rule.resource;
    const set = (from: { param: string } | { body: string } | { query: string }, value: unknown) => {
      if ('param' in from) params[from.param] = String(value);
      else if ('query' in from) query[from.query] = String(value);
      else (body ??= {})[from.body] = value;
    };

    switch (ref?.kind) {
      case 'subject': {
        const subject = `${prefix}-${c}-value`;
        await ok(admin.register(subject, schemaText), subject);
        set(ref.from, subject);
        if (rule.access === 'read') denial = { status: 404, body: { error_code: 40401, message: `Subject '${subject}' not found.` } };
        break;
      }
      case 'context':
        set(ref.from, variant === 'in reach' ? '.okctx' : '.zz-deny-ctx');
        break;
      case 'schema-id':
      case 'schema-guid': {
        const reg = await ok(admin.register(`${prefix}-${c}-value`, schemaText), 'schema');
        // A schema in reach is also registered out of reach: lists of its subjects must hide that one.
        if (variant === 'in reach') await ok(admin.register(`${DENY}-${c}-other`, schemaText), 'schema (other subject)');
        const value = ref.kind === 'schema-id' ? reg.id : reg.guid;
        set(ref.from, value);
        denial = { status: 404, body: { error_code: 40403, message: `Schema ${value} not found` } };
        break;
      }
      case 'topic':
      case 'domain': {
        const name = `${prefix}-${c}-${ref.kind}`;
        if (ref.kind === 'topic') await ok(admin.post('/catalog/topics', { name, domain: 'seed-dom' }), name);
        else await ok(admin.post('/catalog/domains', { name }), name);
        set(ref.from, name);
        if (rule.access === 'read') {
          const label = ref.kind === 'topic' ? 'Topic' : 'Domain';
          denial = { status: 404, body: { error_code: 40480, message: `${label} '${name}' not found in the catalogue` } };
        }
        break;
      }
      case 'catalog': {
        if (ref.name && ref.label) {
          const name = await seedCatalogEntry(ref.label, c);
          set(ref.name, name);
          if (rule.access === 'read') denial = { status: 404, body: { error_code: 40480, message: `${ref.label} '${name}' not found in the catalogue` } };
        }
        break;
      }
      case 'user': {
        // In reach: the principal itself (nobody, without credentials).
        const name = variant === 'in reach' ? (who.user ?? 'nobody') : 'victim';
        set(ref.from, name);
        break;
      }
      case 'api-key': {
        const owner = variant === 'in reach' && who.user ? who.user : 'victim';
        const key = await ok(admin.post('/acl/keys', { owner }), 'key');
        set(ref.from, key.id);
        denial = { status: 404, body: { error_code: 40491, message: `API key '${key.id}' not found` } };
        break;
      }
      case 'binding-pattern':
        body = { principal: 'User:victim', role: 'DeveloperRead', resource: { type: 'Subject', name: `${prefix}-${c}-granted` } };
        break;
      case 'binding': {
        const b = await ok(admin.post('/acl/bindings', { principal: 'User:victim', role: 'DeveloperRead', resource: { type: 'Subject', name: `${prefix}-${c}-bound` } }), 'binding');
        set(ref.from, b.id);
        denial = { status: 404, body: { error_code: 40492, message: `Role binding '${b.id}' not found` } };
        break;
      }
      case 'cluster':
        // A user to delete, when the route names one; other names need not exist.
        if (ref.names && 'param' in ref.names.from) {
          if (ref.names.type === 'User') await ok(admin.post('/acl/users', { name: `gone-${c}` }), 'user');
          params[ref.names.from.param] = ref.names.type === 'User' ? `gone-${c}` : `${ref.names.type.toLowerCase()}-${c}`;
        }
        break;
    }

    // The other parameters and what makes the body valid, so that an allowed request gets far.
    for (const p of template.match(/:[a-z]+/g) ?? []) {
      const name = p.slice(1);
      if (params[name] !== undefined) continue;
      if (name === 'version') params[name] = '1';
      else if (name === 'role') params[name] = 'producers';
      else if (name === 'application') params[name] = 'seed-app';
      else if (name === 'id' && template.startsWith('/kafka/clusters/')) params[name] = 'latest';
      else if (name === 'id' && template.startsWith('/kafka/findings/')) params[name] = '1';
      else if (name === 'name' && template.startsWith('/kafka/clusters/')) params[name] = `cluster-${c}`;
      else throw new Error(`${route}: no value for :${name}; teach the matrix test this parameter`);
    }
    Object.assign(body ?? {}, await extraBody(route, c, schemaText, who, (body ?? {}) as Record<string, unknown>, params));
    Object.assign(query, EXTRA_QUERY[route] ?? {});
    const path = template.replace(/:([a-z]+)/g, (_, name: string) => encodeURIComponent(params[name])) + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
    return { method, path, body, denial };
  }

  async function seedCatalogEntry(label: string, c: number): Promise<string> {
    const name = `${label.toLowerCase()}-${c}`;
    const bodies: Record<string, [string, Record<string, unknown>]> = {
      Team: ['/catalog/teams', { name, domain: 'seed-dom' }],
      Application: ['/catalog/applications', { name, domain: 'seed-dom', ownerTeam: 'seed-team' }],
      Event: ['/catalog/events', { name, topic: 'seed-topic', subject: 'seed-value' }],
      Policy: ['/catalog/policies', { name, kind: 'naming', enabled: false, params: { pattern: '^.*$' } }],
    };
    const [path, body] = bodies[label];
    await ok(admin.post(path, body), name);
    return name;
  }

  async function extraBody(
    route: string,
    c: number,
    schema: string,
    who: Who,
    body: Record<string, unknown>,
    params: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    switch (route) {
      case 'POST /subjects/:subject':
      case 'POST /subjects/:subject/versions':
      case 'POST /compatibility/subjects/:subject/versions':
      case 'POST /compatibility/subjects/:subject/versions/:version':
        return { schema };
      case 'POST /catalog/impact':
        return { schema };
      case 'PUT /config':
      case 'PUT /config/:subject':
        return { compatibility: 'BACKWARD' };
      case 'PUT /mode':
      case 'PUT /mode/:subject':
        return { mode: 'READWRITE' };
      case 'POST /catalog/topics':
        return { domain: 'seed-dom' };
      case 'PUT /catalog/topics/:name':
      case 'PUT /catalog/domains/:name':
        return {};
      case 'POST /catalog/teams':
      case 'PUT /catalog/teams/:name':
        return { name: body.name ?? `new-team-${c}`, domain: 'seed-dom' };
      case 'POST /catalog/applications':
      case 'PUT /catalog/applications/:name':
        return { name: body.name ?? `new-app-${c}`, domain: 'seed-dom', ownerTeam: 'seed-team' };
      case 'POST /catalog/events':
      case 'PUT /catalog/events/:name':
        return { name: body.name ?? `new-event-${c}`, topic: 'seed-topic', subject: 'seed-value' };
      case 'POST /catalog/policies':
      case 'PUT /catalog/policies/:name':
        return { name: body.name ?? `new-policy-${c}`, kind: 'naming', enabled: false, params: { pattern: '^.*$' } };
      case 'PUT /catalog/field-tags/:subject':
        return { path: 'id', tags: ['pii'] };
      case 'PUT /catalog/topics/:name/classification':
        return { classification: 'confidential', tags: ['steward-reviewed'] };
      case 'POST /acl/users':
        return { name: `new-user-${c}`, password: 'new-user-password' };
      case 'PUT /acl/users/:name/password':
        // A user changing its own password keeps it, so that it can go on through the matrix.
        return { password: params.name === who.user && who.password ? who.password : 'victims-new-password' };
      case 'POST /acl/keys/:id/rotate':
        return { graceSeconds: 0 };
      default:
        return {};
    }
  }

  const EXTRA_QUERY: Record<string, Record<string, string>> = {
    'GET /catalog/search': { q: 'list' },
    'DELETE /catalog/field-tags/:subject': { path: 'id' },
  };

  /** Lists that hold entries both in and out of reach (seeded above, or by the case). */
  const LISTS_WITH_BOTH = new Set([
    'GET /subjects',
    'GET /schemas',
    'GET /contexts',
    'GET /catalog/topics',
    'GET /catalog/domains',
    'GET /catalog/search',
    'GET /schemas/ids/:id/subjects',
    'GET /schemas/ids/:id/versions',
  ]);

  const routes = Object.entries(ROUTE_PERMISSIONS).filter(([route]) => !route.endsWith('*'));

  it.each(routes)('%s', async (route, rule) => {
    const problems: string[] = [];
    for (const who of PRINCIPALS) {
      for (const variant of variantsOf(rule)) {
        const fixed = await prepare(route, rule, who, variant);
        const res = await as(charter, who.user ? basic(who.user, who.password!) : undefined).request(fixed.method, fixed.path, fixed.body);
        const allowed = expectedAllowed(rule, who, variant);
        const where = `${who.label}, ${variant}: ${fixed.method} ${fixed.path} -> ${res.status} ${res.text.slice(0, 160)}`;
        if (!allowed) {
          const refusal = who.scope === 'anonymous' ? { status: 401, body: { error_code: 40101 } } : fixed.denial;
          const matches = res.status === refusal.status && Object.entries(refusal.body).every(([k, v]) => res.body?.[k] === v);
          if (!matches) problems.push(`should be refused with ${refusal.status} ${JSON.stringify(refusal.body)}; ${where}`);
          if (who.scope === 'anonymous' && res.headers.get('www-authenticate') === null) problems.push(`401 without a challenge; ${where}`);
          continue;
        }
        const refusedLike =
          res.status === 401 ||
          res.body?.error_code === 40301 ||
          (res.status === fixed.denial.status && res.body?.error_code === fixed.denial.body.error_code && fixed.denial.status !== 403);
        if (refusedLike) problems.push(`should be allowed; ${where}`);
        // Lists never show what is out of the principal's reach, and show what is in it.
        if (rule.filter && res.status === 200) {
          if (who.scope !== 'cluster' && res.text.includes(DENY)) problems.push(`list shows ${DENY}; ${where}`);
          if (LISTS_WITH_BOTH.has(route) && who.scope === 'cluster' && !res.text.includes(DENY)) problems.push(`list misses ${DENY}; ${where}`);
          const inReach = route === 'GET /contexts' ? '.okctx' : `${OK}-`;
          if (LISTS_WITH_BOTH.has(route) && who.scope === 'scoped' && !res.text.includes(inReach)) problems.push(`list misses ${inReach}; ${where}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
