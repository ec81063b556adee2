import { ROUTE_PERMISSIONS, ruleFor } from './route-permissions';

describe('route permissions table', () => {
  it('looks routes up by method and template, HEAD as GET, wildcards for public file trees', () => {
    expect(ruleFor('GET', '/subjects/:subject/versions/:version')).toEqual(expect.objectContaining({ access: 'read' }));
    expect(ruleFor('HEAD', '/subjects')).toBe(ROUTE_PERMISSIONS['GET /subjects']);
    expect(ruleFor('GET', '/ui/*')).toEqual({ access: 'public' });
    expect(ruleFor('GET', '/docs/openapi.json')).toEqual({ access: 'public' });
    expect(ruleFor('POST', '/ui/*')).toBeUndefined();
    expect(ruleFor('PATCH', '/subjects')).toBeUndefined();
  });

  it('names a resource for every rule that needs an action, and an audit name for every change', () => {
    for (const [route, rule] of Object.entries(ROUTE_PERMISSIONS)) {
      if (rule.access === 'public' || rule.access === 'authenticated') continue;
      expect({ route, resource: !!rule.resource }).toEqual({ route, resource: true });
      const changes = !route.startsWith('GET ') && !['read', 'audit'].includes(rule.access);
      if (changes) expect({ route, op: typeof rule.op }).toEqual({ route, op: 'string' });
    }
  });

  it('uses wildcards only for public routes', () => {
    for (const [route, rule] of Object.entries(ROUTE_PERMISSIONS)) if (route.endsWith('*')) expect({ route, rule }).toEqual({ route, rule: { access: 'public' } });
  });

  it('keeps the registry\'s essentials: reads need read, registration write, deletes delete, config and mode configure', () => {
    const subject = { kind: 'subject', from: { param: 'subject' } };
    expect(ruleFor('GET', '/subjects/:subject/versions/:version')).toEqual({ access: 'read', resource: subject });
    expect(ruleFor('POST', '/subjects/:subject')).toEqual({ access: 'read', resource: subject });
    expect(ruleFor('GET', '/schemas/ids/:id')).toEqual({ access: 'read', resource: { kind: 'schema-id', from: { param: 'id' } } });
    expect(ruleFor('POST', '/subjects/:subject/versions')).toEqual(expect.objectContaining({ access: 'write', resource: subject }));
    expect(ruleFor('DELETE', '/subjects/:subject')).toEqual(expect.objectContaining({ access: 'delete', resource: subject }));
    expect(ruleFor('PUT', '/config/:subject')).toEqual(expect.objectContaining({ access: 'configure', resource: subject }));
    expect(ruleFor('PUT', '/config')).toEqual(expect.objectContaining({ access: 'configure', resource: { kind: 'cluster' } }));
    expect(ruleFor('PUT', '/mode')).toEqual(expect.objectContaining({ access: 'configure', resource: { kind: 'cluster' } }));
    expect(ruleFor('GET', '/subjects')).toEqual({ access: 'authenticated', filter: 'subject-names' });
    expect(ruleFor('GET', '/acl/audit')).toEqual({ access: 'audit', resource: { kind: 'cluster' } });
    expect(ruleFor('POST', '/acl/users')?.access).toBe('admin');
  });
});
