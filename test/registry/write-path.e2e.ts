import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config/config';
import { fingerprintOf, SchemaRepository, type NewSchema } from '../../src/registry/repositories/schema.repository';
import { PrismaService } from '../../src/storage/prisma.service';
import { DATABASE_KINDS, freshDatabase } from '../support/databases';

/**
 * The registration write path checks a subject's versions against a summary computed by the
 * database instead of reading every row, and on PostgreSQL writes a new version in one statement.
 * These run the repository against the real databases: if the database's summary and the one
 * computed in memory ever disagreed, every registration would take the slow path, or a stale one
 * would be written.
 */
const schema = (n: number): Omit<NewSchema, 'id'> => ({
  context: '.',
  guid: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
  schemaType: 'AVRO',
  schema: `{"type":"fixed","name":"F${n}","size":${n}}`,
  references: [],
  metadata: null,
  ruleSet: null,
  md5: String(n).padStart(32, '0'),
  referenceTargets: [],
});

describe.each(DATABASE_KINDS)('the registration write path on %s', (kind) => {
  let prisma: PrismaService;
  let repo: SchemaRepository;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    const url = await freshDatabase(kind);
    prisma = new PrismaService(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4' }));
    await prisma.open();
    repo = new SchemaRepository(prisma);
  });
  afterAll(() => prisma.onModuleDestroy());

  async function insert(subject: string, version: number, id: number): Promise<void> {
    await repo.writeTransaction(async (tx) => {
      if (!(await repo.schemaById(tx, '.', id))) await repo.insertSchema(tx, { ...schema(id), id });
      await repo.insertVersion(tx, { context: '.', subject, version, schemaId: id });
    });
  }

  const summaries = async (subject: string) => {
    const versions = await repo.writeTransaction((tx) => repo.versions(tx, '.', subject));
    const stored = await repo.writeTransaction((tx) => repo.versionsFingerprint(tx, '.', subject));
    return { inMemory: fingerprintOf(versions), stored };
  };

  it('summarizes a subject the same way in the database and in memory, and any change moves the summary', async () => {
    const empty = await summaries('fp-value');
    expect(empty.stored).toEqual(empty.inMemory);
    expect(empty.stored).toEqual({ count: 0, latest: 0, deleted: 0, links: 0 });

    for (let v = 1; v <= 4; v++) await insert('fp-value', v, 100 + v);
    const four = await summaries('fp-value');
    expect(four.stored).toEqual(four.inMemory);

    await repo.transaction((tx) => repo.markDeleted(tx, '.', 'fp-value', [2]));
    const softDeleted = await summaries('fp-value');
    expect(softDeleted.stored).toEqual(softDeleted.inMemory);
    expect(softDeleted.stored).not.toEqual(four.stored);

    await repo.transaction((tx) => repo.deleteVersions(tx, '.', 'fp-value', [2]));
    const hardDeleted = await summaries('fp-value');
    expect(hardDeleted.stored).toEqual(hardDeleted.inMemory);
    expect(hardDeleted.stored).not.toEqual(softDeleted.stored);
  });

  it('summarizes large ids and versions without overflowing', async () => {
    await insert('big-value', 2_000_000_000, 2_147_483_000);
    await insert('big-value', 2_000_000_001, 2_147_483_001);
    const big = await summaries('big-value');
    expect(big.stored).toEqual(big.inMemory);
  });

  if (kind === 'postgresql') {
    it('writes a new version in one statement only while the subject is as the caller saw it', async () => {
      await insert('one-value', 1, 201);
      const seen = await repo.writeTransaction((tx) => repo.versions(tx, '.', 'one-value'));

      // Another writer appended a version since: nothing is written, the caller must decide again.
      await insert('one-value', 2, 202);
      expect(await repo.registerNewVersion('one-value', fingerprintOf(seen), schema(203))).toBeUndefined();
      expect(await repo.writeTransaction((tx) => repo.schemaByMd5(tx, '.', schema(203).md5))).toBeUndefined();

      const current = await repo.writeTransaction((tx) => repo.versions(tx, '.', 'one-value'));
      const written = await repo.registerNewVersion('one-value', fingerprintOf(current), schema(203));
      expect(written).toEqual({ schemaId: expect.any(Number), version: 3, created: true });
      const stored = await repo.writeTransaction((tx) => repo.schemaById(tx, '.', written!.schemaId));
      expect(stored).toEqual(expect.objectContaining({ schema: schema(203).schema, md5: schema(203).md5, guid: schema(203).guid }));

      // The same content under another subject shares the id.
      const other = await repo.registerNewVersion('two-value', fingerprintOf([]), schema(203));
      expect(other).toEqual({ schemaId: written!.schemaId, version: 1, created: false });
    });

    it('records the references of a schema written in one statement', async () => {
      const withRefs = {
        ...schema(301),
        references: [{ name: 'f.avsc', subject: 'one-value', version: 1 }],
        referenceTargets: [{ name: 'f.avsc', context: '.', subject: 'one-value', version: 1 }],
      };
      const written = await repo.registerNewVersion('refs-value', fingerprintOf([]), withRefs);
      expect(written).toEqual(expect.objectContaining({ version: 1, created: true }));
      const referrers = await repo.read((db) => repo.referrers(db, { context: '.', subject: 'one-value', version: 1 }));
      expect(referrers).toEqual([{ context: '.', schemaId: written!.schemaId, live: true, used: true }]);
    });
  }
});
