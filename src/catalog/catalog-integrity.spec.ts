import { checkIntegrity } from './catalog-integrity';
import { CatalogState, keyOf } from './catalog-state';
import type { Change } from './catalog.types';

const base = CatalogState.of(3, {
  domain: [{ name: 'orders', description: null }],
  team: [{ name: 'core', domain: 'orders', description: null, contacts: [] }],
  application: [{ name: 'app', domain: 'orders', ownerTeam: 'core', description: null, principals: [], consumerGroups: ['g'] }],
});

function judge(changes: Change[]) {
  return checkIntegrity(base, base.with(changes), changes);
}

describe('checkIntegrity', () => {
  it('reports an entry naming one that does not exist', () => {
    const team = { name: 't2', domain: 'nowhere', description: null, contacts: [] };
    expect(judge([{ type: 'team', key: 't2', before: null, after: team }])).toEqual({
      invalid: ["Team 't2': domain names domain 'nowhere', which does not exist"],
      inUse: [],
    });
  });

  it('reports the deletion of an entry others still name as in use', () => {
    const core = base.get('team', 'core')!;
    expect(judge([{ type: 'team', key: 'core', before: core, after: null }]).inUse).toEqual([
      "Team 'core' is still in use: Application 'app': ownerTeam names team 'core'",
    ]);
  });

  it('checks a consumer group against the application', () => {
    const topic = {
      name: 't',
      domain: 'orders',
      ownerTeam: null,
      description: null,
      lifecycle: 'active' as const,
      partitions: null,
      replicationFactor: null,
      topicConfiguration: {},
      classification: null,
      tags: [],
      key: null,
      value: null,
    };
    const client = { topic: 't', application: 'app', role: 'consumer' as const, consumerGroup: 'other' };
    const sut = judge([
      { type: 'topic', key: 't', before: null, after: topic },
      { type: 'client', key: keyOf.client(client), before: null, after: client },
    ]);
    expect(sut.invalid).toEqual(["consumer 'app' of topic 't': consumer group 'other' is not one of application 'app''s consumer groups (g)"]);
  });

  it('does not blame a write for problems the catalogue already had', () => {
    const broken = CatalogState.of(1, { team: [{ name: 'orphan', domain: 'gone', description: null, contacts: [] }] });
    const domain = { name: 'new', description: null };
    const changes: Change[] = [{ type: 'domain', key: 'new', before: null, after: domain }];
    expect(checkIntegrity(broken, broken.with(changes), changes)).toEqual({ invalid: [], inUse: [] });
  });
});
