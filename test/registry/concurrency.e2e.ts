import { spawnCharter, startCharter } from '../support/charter';
import { DATABASE_KINDS, freshDatabase } from '../support/databases';
import { registry } from '../support/http';

const base = (n: number) =>
  JSON.stringify({
    type: 'record',
    name: 'Event',
    fields: [
      { name: 'id', type: 'string' },
      ...Array.from({ length: n }, (_, i) => ({ name: `f${i}`, type: 'int', default: 0 })),
    ],
  });

/** Versions must be 1..n with no gap and no duplicate, and every answer must name one of them. */
function expectDenseVersions(versions: number[], answers: { id: number; version: number }[], n: number) {
  expect(versions).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(new Set(answers.map((a) => a.version)).size).toBe(n);
  expect(new Set(answers.map((a) => a.id)).size).toBe(n);
}

describe.each(DATABASE_KINDS)('concurrent registrations on %s', (kind) => {
  it('gives 50 concurrent registrations of one new schema a single version and id', async () => {
    const charter = await startCharter(kind);
    try {
      const sut = registry(charter.url);
      const answers = await Promise.all(Array.from({ length: 50 }, () => sut.register('same-value', base(1))));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(new Set(answers.map((a) => a.body.version))).toEqual(new Set([1]));
      expect((await sut.get('/subjects/same-value/versions')).body).toEqual([1]);
    } finally {
      await charter.close();
    }
  });

  it('numbers 50 concurrent compatible schemas 1..50 with no gap and no duplicate', async () => {
    const charter = await startCharter(kind);
    try {
      const sut = registry(charter.url);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => sut.register('many-value', base(i))));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expectDenseVersions((await sut.get('/subjects/many-value/versions')).body, answers.map((a) => a.body), 50);
    } finally {
      await charter.close();
    }
  });
});

describe('two Charter processes sharing one PostgreSQL database', () => {
  it('keep versions dense and ids unique when both register into one subject at once', async () => {
    const db = await freshDatabase('postgresql');
    const a = await spawnCharter(db, { LOG_LEVEL: 'warn' });
    const b = await spawnCharter(db, { LOG_LEVEL: 'warn' });
    try {
      const clients = [registry(a.url), registry(b.url)];
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % 2].register('shared-value', base(i))));
      expect(answers.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
      expectDenseVersions((await clients[0].get('/subjects/shared-value/versions')).body, answers.map((r) => r.body), 50);
      // Both processes register the same new schema at once: one id, one version.
      const same = await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 2].register('same-shared-value', base(3))));
      expect(new Set(same.map((r) => `${r.body.id}/${r.body.version}`)).size).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
