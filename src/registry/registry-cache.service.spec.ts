import { RegistryCache } from './registry-cache.service';
import { RegistryChanges } from './registry-changes';
import type { SchemaRepository } from './repositories/schema.repository';
import type { StoredSchema } from './registry.types';

const schema = (id: number): StoredSchema =>
  ({ context: '.', id, guid: `g${id}`, schemaType: 'AVRO', schema: '"string"', references: [], metadata: null, ruleSet: null, md5: `m${id}` }) as StoredSchema;

/** A repository whose reads wait until the test lets them finish. */
function repository() {
  const pending: (() => void)[] = [];
  let reads = 0;
  const repo = {
    read: async <T>(fn: (db: unknown) => Promise<T>) => {
      reads++;
      await new Promise<void>((resolve) => pending.push(resolve));
      return fn({});
    },
    schemaById: async (_db: unknown, _context: string, id: number) => schema(id),
  } as unknown as SchemaRepository;
  return { repo, release: () => pending.splice(0).forEach((r) => r()), reads: () => reads };
}

describe('RegistryCache', () => {
  it('drops everything on an "all" change', async () => {
    const { repo, release, reads } = repository();
    const changes = new RegistryChanges();
    const sut = new RegistryCache(repo, changes);
    sut.rememberSchema(schema(1));
    sut.storeRendered('.', 1, '', Buffer.from('{}'));
    expect(sut.renderedById('.', 1, '')).toBeDefined();
    changes.deliver({ kind: 'all' });
    expect(sut.renderedById('.', 1, '')).toBeUndefined();
    const loaded = sut.schemaById('.', 1);
    release();
    expect(await loaded).toEqual(schema(1));
    expect(reads()).toBe(1);
  });

  it('does not keep a schema whose load raced with its removal', async () => {
    const { repo, release, reads } = repository();
    const changes = new RegistryChanges();
    const sut = new RegistryCache(repo, changes);
    const loading = sut.schemaById('.', 7);
    changes.deliver({ kind: 'schemas-removed', context: '.', ids: [7] });
    release();
    await loading;
    // Not cached: the next read goes to the database again, and no rendered body is kept for it.
    sut.storeRendered('.', 7, '', Buffer.from('{}'));
    expect(sut.renderedById('.', 7, '')).toBeUndefined();
    const again = sut.schemaById('.', 7);
    release();
    await again;
    expect(reads()).toBe(2);
  });

  it('counts hits and misses', async () => {
    const { repo, release } = repository();
    const sut = new RegistryCache(repo, new RegistryChanges());
    const first = sut.schemaById('.', 3);
    release();
    await first;
    await sut.schemaById('.', 3);
    expect(sut.stats).toMatchObject({ schemaHits: 1, schemaMisses: 1 });
  });
});
