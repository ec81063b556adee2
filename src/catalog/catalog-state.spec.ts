import { CatalogState, normalizeSubject, same, topicSubjects } from './catalog-state';
import type { Topic } from './catalog.types';

const topic = (name: string, extra: Partial<Topic> = {}): Topic => ({
  name,
  domain: 'd',
  ownerTeam: null,
  description: null,
  lifecycle: 'active',
  partitions: null,
  replicationFactor: null,
  topicConfiguration: {},
  classification: null,
  tags: [],
  key: null,
  value: { strategy: 'TopicNameStrategy', records: [] },
  ...extra,
});

describe('subject bindings', () => {
  it('derives subjects under each subject-name strategy', () => {
    expect(topicSubjects(topic('t', { key: { strategy: 'TopicNameStrategy', records: [] } })).map((b) => b.subject)).toEqual(['t-key', 't-value']);
    expect(topicSubjects(topic('t', { value: { strategy: 'RecordNameStrategy', records: ['io.A', 'io.B'] } })).map((b) => b.subject)).toEqual(['io.A', 'io.B']);
    expect(topicSubjects(topic('t', { value: { strategy: 'TopicRecordNameStrategy', records: ['io.A'] } })).map((b) => b.subject)).toEqual(['t-io.A']);
    expect(topicSubjects(topic('t', { value: null }))).toEqual([]);
  });

  it("indexes subjects to topics, events included, and names a topic's subject after its event", () => {
    const sut = CatalogState.of(1, {
      topic: [topic('a'), topic('b', { value: null })],
      event: [
        { name: 'ACreated', topic: 'a', description: null, subject: 'a-value', minVersion: null, maxVersion: null },
        { name: 'BThing', topic: 'b', description: null, subject: ':.:shared', minVersion: null, maxVersion: null },
      ],
    });
    expect(sut.subjectsOf('a')).toEqual([{ subject: 'a-value', topic: 'a', role: 'value', event: 'ACreated' }]);
    expect(sut.bindingsOf('shared')).toEqual([{ subject: ':.:shared', topic: 'b', role: 'value', event: 'BThing' }]);
    expect([...sut.boundSubjects()].sort()).toEqual(['a-value', 'shared']);
  });

  it('writes subjects as the registry does', () => {
    expect(normalizeSubject(':.:orders-value')).toBe('orders-value');
    expect(normalizeSubject(':.staging:orders-value')).toBe(':.staging:orders-value');
  });
});

describe('CatalogState', () => {
  it('builds the would-be state without touching the current one', () => {
    const sut = CatalogState.of(7, { domain: [{ name: 'a', description: null }] });
    const next = sut.with([{ type: 'domain', key: 'b', before: null, after: { name: 'b', description: null } }]);
    expect(sut.all('domain').map((d) => d.name)).toEqual(['a']);
    expect(next.all('domain').map((d) => d.name)).toEqual(['a', 'b']);
    expect(next.revision).toBe(7);
  });

  it('compares entries as JSON values', () => {
    expect(same({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(same({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});
