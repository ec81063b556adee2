import { MetricsService } from '../../src/ops/metrics/metrics.service';
import { startCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry } from '../support/http';
import { record, sample } from './ops-support';

describe.each(DATABASE_KINDS)('GET /metrics on %s', (kind) => {
  it('shows requests, registrations, verdicts, caches, the pool and process metrics moving as requests are made', async () => {
    const charter = await startCharter(kind);
    try {
      const api = registry(charter.url);
      const scrape = async () => {
        const res = await api.get('/metrics');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        return res.text;
      };
      const before = await scrape();
      const moved = (after: string, name: string, labels: Record<string, string> = {}) =>
        (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

      const created = await api.register('metered-value', record('Metered', 0));
      expect(created.status).toBe(200);
      expect((await api.register('metered-value', record('Metered', 0))).status).toBe(200);
      expect((await api.register('metered-value', '"string"')).status).toBe(409);
      expect((await api.register('metered-value', '{"type": "record"')).status).toBe(422);
      const check = (schema: string) => api.post('/compatibility/subjects/metered-value/versions/latest', { schema });
      expect((await check(record('Metered', 1))).body).toEqual({ is_compatible: true });
      expect((await check('"int"')).body).toEqual({ is_compatible: false });
      for (let i = 0; i < 3; i++) expect((await api.get(`/schemas/ids/${created.body.id}`)).status).toBe(200);
      expect((await api.get('/subjects/private-subject-name/versions')).status).toBe(404);
      expect((await api.get('/no/such/page')).status).toBe(404);

      const after = await scrape();
      expect({
        created: moved(after, 'charter_registrations_total', { outcome: 'created' }),
        existing: moved(after, 'charter_registrations_total', { outcome: 'existing' }),
        incompatible: moved(after, 'charter_registrations_total', { outcome: 'incompatible' }),
        error: moved(after, 'charter_registrations_total', { outcome: 'error' }),
      }).toEqual({ created: 1, existing: 1, incompatible: 1, error: 1 });
      // The first version is checked against nothing (compatible); the 409 and one explicit check are incompatible.
      expect(moved(after, 'charter_compatibility_checks_total', { verdict: 'compatible' })).toBe(2);
      expect(moved(after, 'charter_compatibility_checks_total', { verdict: 'incompatible' })).toBe(2);

      const route = (method: string, r: string, status: string) => moved(after, 'charter_http_requests_total', { method, route: r, status });
      expect(route('POST', '/subjects/:subject/versions', '200')).toBe(2);
      expect(route('POST', '/subjects/:subject/versions', '409')).toBe(1);
      expect(route('POST', '/subjects/:subject/versions', '422')).toBe(1);
      expect(route('POST', '/compatibility/subjects/:subject/versions/:version', '200')).toBe(2);
      expect(route('GET', '/schemas/ids/:id', '200')).toBe(3);
      expect(route('GET', '/subjects/:subject/versions', '404')).toBe(1);
      expect(route('GET', 'unmatched', '404')).toBe(1);
      const durations = { method: 'GET', route: '/schemas/ids/:id' };
      expect(moved(after, 'charter_http_request_duration_seconds_count', durations)).toBe(3);
      expect(moved(after, 'charter_http_request_duration_seconds_bucket', { ...durations, le: '+Inf' })).toBe(3);
      expect(moved(after, 'charter_http_request_duration_seconds_sum', durations)).toBeGreaterThan(0);
      // Labels are route templates: no subject name, id or unknown path ever becomes a series.
      expect(after).not.toContain('private-subject-name');
      expect(after).not.toContain('metered-value');
      expect(after).not.toContain('/no/such/page');

      // The first read of an id renders its body (a miss), the next ones are served from memory.
      expect(moved(after, 'charter_cache_requests_total', { cache: 'rendered', result: 'miss' })).toBe(1);
      expect(moved(after, 'charter_cache_requests_total', { cache: 'rendered', result: 'hit' })).toBeGreaterThanOrEqual(2);
      expect(moved(after, 'charter_cache_requests_total', { cache: 'subject', result: 'hit' })).toBeGreaterThan(0);
      expect(sample(after, 'charter_cache_entries', { cache: 'schema' })).toBeGreaterThanOrEqual(1);

      if (kind === 'sqlite') {
        expect(sample(after, 'charter_db_pool_max')).toBe(1);
        expect(sample(after, 'charter_db_pool_connections')).toBe(1);
      } else {
        expect(sample(after, 'charter_db_pool_max')).toBe(20);
        expect(sample(after, 'charter_db_pool_connections')).toBeGreaterThanOrEqual(1);
        expect(sample(after, 'charter_db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
        expect(sample(after, 'charter_db_pool_waiting_requests')).toBe(0);
      }
      expect(sample(after, 'charter_info', { storage: kind })).toBe(1);
      expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(sample(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    } finally {
      await charter.close();
    }
  });
});

describe('policy findings in /metrics', () => {
  it('shows what the catalogue last reported, by kind', async () => {
    const charter = await startCharter('sqlite');
    try {
      const sut = charter.app.get(MetricsService);
      const api = registry(charter.url);
      sut.setPolicyFindings({ naming: 3, pii: 1 });
      let text = (await api.get('/metrics')).text;
      expect(sample(text, 'charter_policy_findings', { kind: 'naming' })).toBe(3);
      expect(sample(text, 'charter_policy_findings', { kind: 'pii' })).toBe(1);
      sut.setPolicyFindings({ naming: 2 });
      text = (await api.get('/metrics')).text;
      expect(sample(text, 'charter_policy_findings', { kind: 'naming' })).toBe(2);
      expect(sample(text, 'charter_policy_findings', { kind: 'pii' })).toBeUndefined();
    } finally {
      await charter.close();
    }
  });
});
