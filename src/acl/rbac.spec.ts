import { covers, patternTarget, RoleBindings, ROLE_ACTIONS, type ResourcePattern, type Role, type RoleBinding } from './rbac';

const binding = (principal: string, role: Role, type: ResourcePattern['type'], name = '', pattern: 'LITERAL' | 'PREFIXED' = 'LITERAL'): RoleBinding => ({
  id: `${principal}-${role}-${type}-${name}-${pattern}`,
  principal,
  role,
  resource: { type, name, pattern },
});
const subject = (name: string, context = '.') => ({ type: 'Subject' as const, context, name });

describe('role-based access control', () => {
  describe('roles', () => {
    it('gives each role the actions Confluent-style RBAC gives it', () => {
      const actions = (r: Role) => [...ROLE_ACTIONS[r]].sort();
      expect(actions('SystemAdmin')).toEqual(['admin', 'audit', 'configure', 'delete', 'grant', 'read', 'tag', 'write']);
      expect(actions('ResourceOwner')).toEqual(['configure', 'delete', 'grant', 'read', 'tag', 'write']);
      expect(actions('DeveloperManage')).toEqual(['configure', 'delete', 'read']);
      expect(actions('DeveloperWrite')).toEqual(['read', 'write']);
      expect(actions('DeveloperRead')).toEqual(['read']);
      expect(actions('DataSteward')).toEqual(['read', 'tag']);
      expect(actions('Auditor')).toEqual(['audit', 'read']);
    });
  });

  describe('patterns', () => {
    it('matches a literal subject exactly, in its own context only', () => {
      const p: ResourcePattern = { type: 'Subject', name: 'orders-value', pattern: 'LITERAL' };
      expect(covers(p, subject('orders-value'))).toBe(true);
      expect(covers(p, subject('orders-value-2'))).toBe(false);
      expect(covers(p, subject('orders-value', '.staging'))).toBe(false);
    });

    it('matches prefixed subjects in the context the pattern names', () => {
      const p: ResourcePattern = { type: 'Subject', name: ':.staging:orders-', pattern: 'PREFIXED' };
      expect(covers(p, subject('orders-value', '.staging'))).toBe(true);
      expect(covers(p, subject('orders-value'))).toBe(false);
      expect(covers(p, subject('payments-value', '.staging'))).toBe(false);
    });

    it('matches every context with :*:', () => {
      const p: ResourcePattern = { type: 'Subject', name: ':*:orders-', pattern: 'PREFIXED' };
      expect(covers(p, subject('orders-value'))).toBe(true);
      expect(covers(p, subject('orders-value', '.prod'))).toBe(true);
      expect(covers(p, subject('audit-value', '.prod'))).toBe(false);
    });

    it('lets only a pattern at least as wide reach a prefix target (a context, or a binding being granted)', () => {
      const wholeStaging = { type: 'Subject' as const, context: '.staging', name: '', prefix: true };
      expect(covers({ type: 'Subject', name: ':.staging:', pattern: 'PREFIXED' }, wholeStaging)).toBe(true);
      expect(covers({ type: 'Subject', name: ':.staging:orders-', pattern: 'PREFIXED' }, wholeStaging)).toBe(false);
      expect(covers({ type: 'Subject', name: ':.staging:', pattern: 'LITERAL' }, wholeStaging)).toBe(false);
      const ordersPrefix = patternTarget({ type: 'Subject', name: 'orders-eu-', pattern: 'PREFIXED' });
      expect(covers({ type: 'Subject', name: 'orders-', pattern: 'PREFIXED' }, ordersPrefix)).toBe(true);
      expect(covers({ type: 'Subject', name: 'orders-eu-x', pattern: 'LITERAL' }, ordersPrefix)).toBe(false);
    });

    it('keeps resource types apart, except the cluster, which covers everything', () => {
      const topicPattern: ResourcePattern = { type: 'Topic', name: 'orders', pattern: 'PREFIXED' };
      expect(covers(topicPattern, { type: 'Topic', name: 'orders.placed' })).toBe(true);
      expect(covers(topicPattern, subject('orders.placed-value'))).toBe(false);
      expect(covers(topicPattern, { type: 'Domain', name: 'orders' })).toBe(false);
      const cluster: ResourcePattern = { type: 'Cluster', name: '', pattern: 'LITERAL' };
      for (const t of [subject('x', '.any'), { type: 'Topic' as const, name: 't' }, { type: 'Catalog' as const }, { type: 'Cluster' as const }]) {
        expect(covers(cluster, t)).toBe(true);
      }
      expect(covers({ type: 'Catalog', name: '', pattern: 'LITERAL' }, { type: 'Cluster' })).toBe(false);
    });
  });

  describe('decisions', () => {
    const sut = new RoleBindings([
      binding('User:alice', 'DeveloperRead', 'Subject', 'orders-', 'PREFIXED'),
      binding('Group:payments', 'DeveloperWrite', 'Subject', 'payments-', 'PREFIXED'),
      binding('ApiKey:CKAAAAAAAAAAAAAAAA', 'DeveloperManage', 'Subject', 'billing-value'),
      binding('User:auditor', 'Auditor', 'Cluster'),
    ]);

    it('allows what a binding of one of the identities allows, and nothing else', () => {
      expect(sut.allows(['User:alice'], 'read', subject('orders-value'))).toBe(true);
      expect(sut.allows(['User:alice'], 'write', subject('orders-value'))).toBe(false);
      expect(sut.allows(['User:alice'], 'read', subject('payments-value'))).toBe(false);
      expect(sut.allows(['User:alice', 'Group:payments'], 'write', subject('payments-value'))).toBe(true);
      expect(sut.allows(['User:bob'], 'read', subject('orders-value'))).toBe(false);
    });

    it('gives an API key its own bindings', () => {
      expect(sut.allows(['ApiKey:CKAAAAAAAAAAAAAAAA'], 'delete', subject('billing-value'))).toBe(true);
      expect(sut.allows(['ApiKey:CKAAAAAAAAAAAAAAAA'], 'write', subject('billing-value'))).toBe(false);
    });

    it('lets an auditor read everything and the audit log, but change nothing', () => {
      expect(sut.allows(['User:auditor'], 'read', subject('anything', '.prod'))).toBe(true);
      expect(sut.allows(['User:auditor'], 'audit', { type: 'Cluster' })).toBe(true);
      expect(sut.allows(['User:auditor'], 'write', subject('anything'))).toBe(false);
      expect(sut.allowsAll(['User:auditor'], 'read', 'Subject')).toBe(true);
    });

    it('says a principal sees a whole list only when a pattern covers every name', () => {
      expect(sut.allowsAll(['User:alice'], 'read', 'Subject')).toBe(false);
      const wide = new RoleBindings([binding('User:carol', 'DeveloperRead', 'Subject', '', 'PREFIXED')]);
      expect(wide.allowsAll(['User:carol'], 'read', 'Subject', '.')).toBe(true);
      expect(wide.allowsAll(['User:carol'], 'read', 'Subject', '.prod')).toBe(false);
      expect(wide.allowsAll(['User:carol'], 'read', 'Subject')).toBe(false);
    });

    it('lists a context for a principal with a grant in it', () => {
      const sut2 = new RoleBindings([binding('User:dan', 'DeveloperRead', 'Subject', ':.prod:x-', 'PREFIXED')]);
      expect(sut2.allowsInContext(['User:dan'], 'read', '.prod')).toBe(true);
      expect(sut2.allowsInContext(['User:dan'], 'read', '.staging')).toBe(false);
    });
  });
});
