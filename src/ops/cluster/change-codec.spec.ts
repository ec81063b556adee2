import type { RegistryChange } from '../../registry/registry-changes';
import { decodeChanges, encodeChanges, MAX_PAYLOAD_BYTES } from './change-codec';

describe('encodeChanges / decodeChanges', () => {
  const changes: RegistryChange[] = [
    { kind: 'subject', context: '.', subject: 'orders-value' },
    { kind: 'schemas-removed', context: '.', ids: [3, 4] },
    { kind: 'config' },
    { kind: 'mode' },
    { kind: 'contexts' },
    { kind: 'catalog', entity: 'topic', key: 'orders' },
  ];

  it('carries changes from one node to another in one payload', () => {
    const sut = encodeChanges('node-a/1', changes);
    expect(sut).toHaveLength(1);
    expect(decodeChanges(sut[0], 'node-b/2')).toEqual(changes);
  });

  it('gives a node nothing back from its own payloads', () => {
    expect(decodeChanges(encodeChanges('node-a/1', changes)[0], 'node-a/1')).toEqual([]);
  });

  it('splits many changes into payloads PostgreSQL accepts', () => {
    const many: RegistryChange[] = Array.from({ length: 500 }, (_, i) => ({ kind: 'subject', context: '.', subject: `subject-${i}` }));
    const sut = encodeChanges('node-a/1', many);
    expect(sut.length).toBeGreaterThan(1);
    for (const p of sut) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(sut.flatMap((p) => decodeChanges(p, 'node-b/2'))).toEqual(many);
  });

  it('sends a change too large for any payload as "all"', () => {
    const huge: RegistryChange = { kind: 'schemas-removed', context: '.', ids: Array.from({ length: 5000 }, (_, i) => i) };
    const sut = encodeChanges('node-a/1', [{ kind: 'config' }, huge]);
    expect(sut.flatMap((p) => decodeChanges(p, 'node-b/2'))).toEqual([{ kind: 'config' }, { kind: 'all' }]);
  });

  it.each([
    ['not JSON', 'hello'],
    ['no changes', '{"from":"x"}'],
    ['an unknown kind', '{"from":"x","changes":[{"kind":"tenant"}]}'],
    ['a malformed change', '{"from":"x","changes":[{"kind":"subject","context":1}]}'],
  ])('reads %s as "all"', (_, payload) => {
    expect(decodeChanges(payload, 'node-b/2')).toEqual([{ kind: 'all' }]);
  });
});
