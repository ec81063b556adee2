import { CatalogState } from '../catalog-state';
import type { EntityMap, Policy, PolicyKind, Severity, Topic } from '../catalog.types';
import { atLeast, blocks, evaluatePolicies, formatDuration, type SubjectFacts } from './policy-engine';
import { parsePolicyParams } from './policy-params';

const DAY = 86_400_000;

function policy(name: string, kind: PolicyKind, severity: Severity, params: Record<string, unknown>, domain: string | null = null): Policy {
  const parsed = parsePolicyParams(kind, params);
  if (!('params' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return { name, kind, severity, domain, description: null, enabled: true, params: parsed.params };
}

function topic(name: string, extra: Partial<Topic> = {}): Topic {
  return {
    name,
    domain: 'orders',
    ownerTeam: 'order-core',
    description: 'Orders',
    lifecycle: 'active',
    partitions: 6,
    replicationFactor: 3,
    topicConfiguration: {},
    classification: 'internal',
    tags: [],
    key: null,
    value: { strategy: 'TopicNameStrategy', records: [] },
    ...extra,
  };
}

function state(entries: { [T in keyof EntityMap]?: EntityMap[T][] }) {
  return CatalogState.of(1, {
    domain: [
      { name: 'orders', description: null },
      { name: 'payments', description: null },
    ],
    team: [{ name: 'order-core', domain: 'orders', description: null, contacts: [] }],
    ...entries,
  });
}

function facts(subject: string, fields: { name: string; tags?: string[] }[], level: SubjectFacts['level'] = 'BACKWARD'): Map<string, SubjectFacts> {
  return new Map([
    [subject, { subject, version: 1, level, fields: fields.map((f) => ({ path: `io.acme.Order.${f.name}`, name: f.name, tags: f.tags ?? [] })) }],
  ]);
}

const judge = (s: CatalogState, targets: { type: 'topic' | 'event' | 'application' | 'team' | 'domain'; key: string }[], f = new Map<string, SubjectFacts>()) =>
  evaluatePolicies({ state: s, targets, facts: f });

describe.each(['warn', 'block'] as const)('policy engine at severity %s', (severity) => {
  describe('naming', () => {
    it('reports a topic name that does not follow the template, saying how to rename it', () => {
      const s = state({
        policy: [policy('topic-names', 'naming', severity, { template: '{domain}.{entity}.{event}', words: { event: ['created', 'updated'] } })],
        topic: [topic('orders.order.created'), topic('OrderShipped'), topic('orders.order.shipped')],
      });
      const sut = judge(s, s.all('topic').map((t) => ({ type: 'topic' as const, key: t.name })));
      expect(sut.map((v) => v.entity.key)).toEqual(['OrderShipped', 'orders.order.shipped']);
      expect(sut.every((v) => v.severity === severity && v.field === 'name')).toBe(true);
      expect(sut[1].message).toContain("{event} is 'shipped', which is not one of the allowed words: created, updated");
      expect(sut[1].fix).toContain("e.g. 'orders.<entity>.created'");
      expect(blocks(sut)).toBe(severity === 'block');
    });

    it('reports a name that does not match the regular expression', () => {
      const s = state({
        policy: [policy('lower-case', 'naming', severity, { pattern: '^[a-z]+(\\.[a-z-]+)+$' })],
        topic: [topic('orders.created'), topic('Orders.Created')],
      });
      const sut = judge(s, [
        { type: 'topic', key: 'orders.created' },
        { type: 'topic', key: 'Orders.Created' },
      ]);
      expect(sut).toEqual([
        expect.objectContaining({
          policy: 'lower-case',
          kind: 'naming',
          severity,
          entity: { type: 'topic', key: 'Orders.Created' },
          field: 'name',
          message: "The topic name 'Orders.Created' does not match ^[a-z]+(\\.[a-z-]+)+$.",
        }),
      ]);
    });

    it('names other entry types when the policy targets them', () => {
      const s = state({
        policy: [policy('app-names', 'naming', severity, { target: 'application', pattern: '^[a-z-]+-service$' })],
        application: [{ name: 'Billing', domain: 'orders', ownerTeam: 'order-core', description: null, principals: [], consumerGroups: [] }],
        topic: [topic('Whatever')],
      });
      const sut = judge(s, [
        { type: 'application', key: 'Billing' },
        { type: 'topic', key: 'Whatever' },
      ]);
      expect(sut.map((v) => v.entity)).toEqual([{ type: 'application', key: 'Billing' }]);
    });
  });

  describe('retention by classification and tag', () => {
    const policies = [
      policy('restricted-30-days', 'retention', severity, { classifications: ['restricted'], maxMs: 30 * DAY }),
      policy('audit-7-years', 'retention', severity, { tags: ['audit'], minMs: 7 * 365 * DAY }),
    ];

    it('reports restricted topics kept longer than allowed, including forever and compacted ones', () => {
      const s = state({
        policy: policies,
        topic: [
          topic('ok', { classification: 'restricted', topicConfiguration: { 'retention.ms': 7 * DAY } }),
          topic('too-long', { classification: 'restricted', topicConfiguration: { 'retention.ms': 90 * DAY } }),
          topic('forever', { classification: 'restricted', topicConfiguration: { 'retention.ms': -1 } }),
          topic('compacted', { classification: 'restricted', topicConfiguration: { 'cleanup.policy': ['compact'], 'retention.ms': DAY } }),
          topic('internal', { classification: 'internal', topicConfiguration: { 'retention.ms': -1 } }),
        ],
      });
      const sut = judge(s, s.all('topic').map((t) => ({ type: 'topic' as const, key: t.name })));
      expect(sut.map((v) => v.entity.key)).toEqual(['compacted', 'forever', 'too-long']);
      const tooLong = sut.find((v) => v.entity.key === 'too-long')!;
      expect(tooLong.message).toBe(
        "Retention of topic 'too-long' is 7776000000 (90 days), above the maximum of 30 days for restricted topics.",
      );
      expect(tooLong.fix).toBe('Set topicConfiguration.retention.ms to at most 2592000000 (30 days).');
      expect(tooLong.field).toBe('topicConfiguration.retention.ms');
    });

    it('reports audit topics kept shorter than required, counting an unset retention as Kafka\'s 7 days', () => {
      const s = state({
        policy: policies,
        topic: [
          topic('audit-ok', { tags: ['audit'], topicConfiguration: { 'retention.ms': -1 } }),
          topic('audit-default', { tags: ['audit'] }),
          topic('audit-short', { tags: ['audit', 'pci'], topicConfiguration: { 'retention.ms': 365 * DAY } }),
        ],
      });
      const sut = judge(s, s.all('topic').map((t) => ({ type: 'topic' as const, key: t.name })));
      expect(sut.map((v) => v.entity.key)).toEqual(['audit-default', 'audit-short']);
      expect(sut[0].message).toContain('is not set, so the default of 7 days applies, below the minimum of 7 years for topics tagged audit');
      expect(sut.every((v) => v.severity === severity)).toBe(true);
    });
  });

  describe('required fields', () => {
    it('reports every missing field of a topic', () => {
      const s = state({
        policy: [policy('ownership', 'required-fields', severity, { fields: ['owner', 'description', 'classification', 'retention'] })],
        topic: [topic('bare', { ownerTeam: null, description: '  ', classification: null })],
      });
      const sut = judge(s, [{ type: 'topic', key: 'bare' }]);
      expect(sut.map((v) => v.field)).toEqual(['classification', 'description', 'ownerTeam', 'topicConfiguration.retention.ms']);
      expect(sut.find((v) => v.field === 'ownerTeam')!.message).toBe("The topic 'bare' has no owner.");
    });

    it('applies to the entry type it targets', () => {
      const s = state({
        policy: [policy('team-contacts', 'required-fields', severity, { target: 'team', fields: ['contacts'] })],
        topic: [topic('t')],
      });
      expect(judge(s, [{ type: 'team', key: 'order-core' }, { type: 'topic', key: 't' }]).map((v) => v.entity)).toEqual([
        { type: 'team', key: 'order-core' },
      ]);
    });
  });

  describe('schema rule: PII-looking fields of confidential topics are tagged', () => {
    const s = state({
      policy: [policy('pii', 'pii-tagging', severity, {})],
      topic: [
        topic('orders.customer.registered', { classification: 'confidential' }),
        topic('orders.public', { classification: 'public' }),
      ],
    });

    it('reports an untagged email field, and how to tag it', () => {
      const f = facts('orders.customer.registered-value', [{ name: 'id' }, { name: 'email' }, { name: 'phone', tags: ['PII'] }]);
      const sut = judge(s, [{ type: 'topic', key: 'orders.customer.registered' }], f);
      expect(sut).toHaveLength(1);
      expect(sut[0]).toEqual(
        expect.objectContaining({ severity, field: 'orders.customer.registered-value:io.acme.Order.email', kind: 'pii-tagging' }),
      );
      expect(sut[0].message).toContain("Field 'email' (io.acme.Order.email) of subject 'orders.customer.registered-value' (version 1) looks like personal data");
      expect(sut[0].fix).toContain('PUT /catalog/field-tags/orders.customer.registered-value');
    });

    it('leaves public topics and tagged fields alone', () => {
      const f = new Map([...facts('orders.public-value', [{ name: 'email' }]), ...facts('orders.customer.registered-value', [{ name: 'email', tags: ['pii'] }])]);
      expect(judge(s, [{ type: 'topic', key: 'orders.public' }, { type: 'topic', key: 'orders.customer.registered' }], f)).toEqual([]);
    });

    it('uses the configured patterns, tags and exceptions', () => {
      const custom = state({
        policy: [policy('pii', 'pii-tagging', severity, { classifications: ['internal'], patterns: ['nickname'], tags: ['SENSITIVE'], ignore: ['name'] })],
        topic: [topic('orders.t')],
      });
      const f = facts('orders.t-value', [{ name: 'nickname', tags: ['PII'] }, { name: 'name' }, { name: 'email' }]);
      expect(judge(custom, [{ type: 'topic', key: 'orders.t' }], f).map((v) => v.field)).toEqual(['orders.t-value:io.acme.Order.nickname']);
    });
  });

  describe('schema rule: value subjects are at least BACKWARD compatible', () => {
    const s = state({
      policy: [policy('compat', 'compatibility', severity, {})],
      topic: [topic('orders.a', { key: { strategy: 'TopicNameStrategy', records: [] } })],
    });

    it('reports a value subject at NONE, and how to raise it', () => {
      const f = new Map([...facts('orders.a-value', [], 'NONE'), ...facts('orders.a-key', [], 'NONE')]);
      const sut = judge(s, [{ type: 'topic', key: 'orders.a' }], f);
      expect(sut).toEqual([
        expect.objectContaining({
          severity,
          field: 'orders.a-value:compatibility',
          message: "Subject 'orders.a-value' (value of topic 'orders.a') has compatibility NONE, weaker than the BACKWARD required.",
          fix: 'Set the subject\'s compatibility to BACKWARD or stronger: PUT /config/orders.a-value with {"compatibility": "BACKWARD"}.',
        }),
      ]);
    });

    it.each(['BACKWARD', 'BACKWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const)('accepts %s', (level) => {
      expect(judge(s, [{ type: 'topic', key: 'orders.a' }], facts('orders.a-value', [], level))).toEqual([]);
    });

    it.each(['FORWARD', 'FORWARD_TRANSITIVE'] as const)('reports %s', (level) => {
      expect(judge(s, [{ type: 'topic', key: 'orders.a' }], facts('orders.a-value', [], level))).toHaveLength(1);
    });
  });
});

describe('policy engine scope and switches', () => {
  it('applies a domain-scoped policy to that domain only, and an event through its topic', () => {
    const s = state({
      policy: [policy('payments-names', 'naming', 'block', { target: 'event', pattern: '^Payment[A-Za-z]+$' }, 'payments')],
      topic: [topic('orders.t'), topic('payments.t', { domain: 'payments' })],
      event: [
        { name: 'OrderPaid', topic: 'orders.t', description: null, subject: 's', minVersion: null, maxVersion: null },
        { name: 'Refunded', topic: 'payments.t', description: null, subject: 's', minVersion: null, maxVersion: null },
      ],
    });
    const sut = judge(s, [
      { type: 'event', key: 'OrderPaid' },
      { type: 'event', key: 'Refunded' },
    ]);
    expect(sut.map((v) => v.entity.key)).toEqual(['Refunded']);
  });

  it('ignores disabled policies, and lists blocking violations first', () => {
    const disabled = { ...policy('off', 'naming', 'block', { pattern: '^x$' }), enabled: false };
    const s = state({
      policy: [disabled, policy('a-warning', 'required-fields', 'warn', { fields: ['tags'] }), policy('a-block', 'naming', 'block', { pattern: '^y$' })],
      topic: [topic('t')],
    });
    expect(judge(s, [{ type: 'topic', key: 't' }]).map((v) => [v.policy, v.severity])).toEqual([
      ['a-block', 'block'],
      ['a-warning', 'warn'],
    ]);
  });
});

describe('policy parameters', () => {
  it('refuses a catastrophic regular expression and an inconsistent retention range', () => {
    expect(parsePolicyParams('naming', { pattern: '^(a+)+$' })).toEqual({
      problems: [{ path: 'params.pattern', message: expect.stringContaining('refused: it nests a variable quantifier') }],
    });
    expect(parsePolicyParams('retention', { minMs: 10, maxMs: 5 })).toEqual({ problems: [expect.objectContaining({ message: 'minMs is larger than maxMs' })] });
    expect(parsePolicyParams('naming', { template: '{a}.{b}', pattern: '^x$' })).toHaveProperty('problems');
    expect(parsePolicyParams('required-fields', { fields: ['colour'] })).toHaveProperty('problems');
  });

  it('fills in defaults', () => {
    expect(parsePolicyParams('compatibility', {})).toEqual({ params: { minimum: 'BACKWARD', roles: ['value'] } });
  });
});

describe('helpers', () => {
  it('orders compatibility levels by what they promise', () => {
    expect(atLeast('FULL_TRANSITIVE', 'BACKWARD_TRANSITIVE')).toBe(true);
    expect(atLeast('BACKWARD', 'BACKWARD_TRANSITIVE')).toBe(false);
    expect(atLeast('NONE', 'NONE')).toBe(true);
  });

  it('writes durations for people', () => {
    expect(formatDuration(7 * 365 * DAY)).toBe('7 years');
    expect(formatDuration(30 * DAY)).toBe('30 days');
    expect(formatDuration(-1)).toBe('forever');
    expect(formatDuration(1500)).toBe('1500 ms');
  });
});
