import { chain, ChainVerifier, GENESIS_HASH, recordHash, type AuditRecord } from './audit-chain';

const fields = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    time: `2026-01-01T00:00:0${i}.000Z`,
    principal: 'User:alice',
    action: 'schema.register',
    resource: `Subject:s${i}`,
    outcome: 'allowed',
    status: 200,
    requestId: `r${i}`,
    source: '127.0.0.1',
    details: '{}',
  }));

/** Verifies records against a head: the last record's unless given (null: no head). */
function verify(records: readonly AuditRecord[], head?: { seq: number; hash: string } | null) {
  const last = records[records.length - 1];
  const sut = new ChainVerifier();
  for (const r of records) if (!sut.feed(r)) break;
  return sut.finish(head === null ? undefined : (head ?? (last && { seq: last.seq, hash: last.hash })));
}

describe('audit hash chain', () => {
  const records = chain(fields(5), { seq: 0, hash: GENESIS_HASH });

  it('links each record to the one before, starting from the genesis hash', () => {
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < records.length; i++) expect(records[i].prevHash).toBe(records[i - 1].hash);
    expect(records[2].hash).toBe(recordHash(records[2], records[1].hash));
  });

  it('continues a chain from its head', () => {
    const more = chain(fields(2), { seq: 5, hash: records[4].hash });
    expect(more[0]).toEqual(expect.objectContaining({ seq: 6, prevHash: records[4].hash }));
    expect(verify([...records, ...more])).toBeUndefined();
  });

  it('accepts an intact chain', () => {
    expect(verify(records)).toBeUndefined();
    expect(verify([], null)).toBeUndefined();
  });

  it('finds a record whose fields were changed', () => {
    const edited = records.map((r) => (r.seq === 3 ? { ...r, principal: 'User:mallory' } : r));
    expect(verify(edited)).toEqual(expect.objectContaining({ seq: 3, problem: 'edited' }));
  });

  it('finds a record changed and re-hashed, by the next record\'s link', () => {
    const r3 = { ...records[2], outcome: 'denied' };
    const rehashed = { ...r3, hash: recordHash(r3, r3.prevHash) };
    expect(verify([records[0], records[1], rehashed, records[3], records[4]])).toEqual(expect.objectContaining({ seq: 4, problem: 'broken-link' }));
  });

  it('finds a record removed from the middle', () => {
    expect(verify(records.filter((r) => r.seq !== 2))).toEqual(expect.objectContaining({ seq: 2, problem: 'missing' }));
  });

  it('finds records removed from the end through the head', () => {
    const head = { seq: 5, hash: records[4].hash };
    expect(verify(records.slice(0, 3), head)).toEqual(expect.objectContaining({ seq: 4, problem: 'missing', message: 'Records 4 to 5 are missing' }));
  });

  it('finds a last record changed and re-hashed through the head', () => {
    const last = { ...records[4], resource: 'Subject:other' };
    const rehashed = { ...last, hash: recordHash(last, last.prevHash) };
    expect(verify([...records.slice(0, 4), rehashed], { seq: 5, hash: records[4].hash })).toEqual(
      expect.objectContaining({ seq: 5, problem: 'edited' }),
    );
  });

  it('finds a missing head while records exist', () => {
    expect(verify(records, null)).toEqual(expect.objectContaining({ problem: 'missing' }));
  });

  it('hashes fields unambiguously: moving text between fields changes the hash', () => {
    const a = { ...records[0], principal: 'User:a', action: 'b.c' };
    const b = { ...records[0], principal: 'User:a","b', action: 'c' };
    expect(recordHash(a, GENESIS_HASH)).not.toBe(recordHash(b, GENESIS_HASH));
  });
});
