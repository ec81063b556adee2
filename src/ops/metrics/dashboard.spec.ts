import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CharterConfig } from '../../config/config';
import type { RegistryCache } from '../../registry/registry-cache.service';
import type { PrismaService } from '../../storage/prisma.service';
import { MetricsService } from './metrics.service';

const DASHBOARD = path.resolve(__dirname, '../../../ops/grafana/charter-dashboard.json');

describe('the Grafana dashboard (ops/grafana/charter-dashboard.json)', () => {
  it('only queries series Charter exposes', async () => {
    const cache = { stats: { schemaHits: 0, schemaMisses: 0, subjectHits: 0, subjectMisses: 0, renderedHits: 0, renderedMisses: 0 }, sizes: () => ({ schema: 0, subject: 0, rendered: 0 }) };
    const sut = new MetricsService(cache as unknown as RegistryCache, { kind: 'sqlite' } as PrismaService, { NODE_ID: 'n', DATABASE_POOL_SIZE: 1 } as CharterConfig);
    sut.recordRequest('GET', '/x', 200, 0.001);
    sut.clusterListener(true);
    sut.clusterNotification('sent');
    sut.cacheFlush('safety');
    sut.setPolicyFindings({ naming: 1 });
    sut.gauge('charter_http_requests_in_flight', 'in flight', () => 0);
    const exposed = new Set(
      (await sut.render())
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => /^[a-zA-Z_:][\w:]*/.exec(l)![0]),
    );
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const queried = new Set(dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/\b(charter|process|nodejs)_\w+/g) ?? []));
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });
});
