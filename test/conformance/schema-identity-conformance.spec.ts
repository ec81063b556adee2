import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaIdentity } from '../../src/registry/schema-identity';

const file = path.resolve(__dirname, '../../../shared/conformance/confluent/core/src/test/resources/schema-md5-golden-data.json');

describe('schema identity (Confluent MD5 golden data)', () => {
  it('gives the GUID Confluent gives for every format with and without references, metadata and rule set', () => {
    if (!fs.existsSync(file)) {
      console.log(`schema-md5-golden-data.json: not found at ${file}; no cases run`);
      return;
    }
    const golden = JSON.parse(fs.readFileSync(file, 'utf8'));
    const formats: Record<string, string> = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json' };
    let passed = 0;
    const failed: string[] = [];
    for (const [type, cases] of Object.entries<Record<string, string>>(golden.expectedHashes)) {
      for (const [bits, expected] of Object.entries(cases)) {
        const [refs, meta, rules] = bits.split('').map((b) => b === '1');
        const actual = schemaIdentity(
          golden.schemas[formats[type]],
          refs ? golden.references : [],
          meta ? golden.metadata : null,
          rules ? golden.rules : null,
        ).guid;
        if (actual === expected) passed++;
        else failed.push(`${type} ${bits}: expected ${expected}, got ${actual}`);
      }
    }
    console.log(`schema-md5-golden-data.json: ${passed} passed, ${failed.length} failed${failed.length ? `\n  ${failed.join('\n  ')}` : ''}`);
    expect(failed).toEqual([]);
  });
});
