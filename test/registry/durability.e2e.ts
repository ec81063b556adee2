import { spawnCharter } from '../support/charter';
import { DATABASE_KINDS, freshDatabase } from '../support/databases';
import { registry } from '../support/http';

describe.each(DATABASE_KINDS)('durability on %s', (kind) => {
  it('keeps every acknowledged registration when the process is killed right after answering', async () => {
    const db = await freshDatabase(kind);
    const first = await spawnCharter(db, { LOG_LEVEL: 'warn' });
    const answers: { id: number; version: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const schema = JSON.stringify({ type: 'record', name: 'Durable', fields: [{ name: `f${i}`, type: 'int', default: 0 }] });
      const res = await registry(first.url).register('durable-value', schema, {}, '');
      expect(res.status).toBe(200);
      answers.push(res.body);
    }
    first.process.kill('SIGKILL');
    await first.close();

    const second = await spawnCharter(db, { LOG_LEVEL: 'warn' });
    try {
      const sut = registry(second.url);
      expect((await sut.get('/subjects/durable-value/versions')).body).toEqual(answers.map((a) => a.version));
      for (const a of answers) expect((await sut.get(`/schemas/ids/${a.id}`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
