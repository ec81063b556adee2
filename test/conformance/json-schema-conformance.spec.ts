import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompatibilityPolicy } from '../../src/compatibility/compatibility-level';
import { JsonSchemaProvider } from '../../src/compatibility/jsonschema/json-schema.provider';

/**
 * Confluent's own JSON Schema diff vectors (json-schema-provider test resources), read in place
 * from the shared conformance folder and never copied. For every case: the STRICT verdict, the
 * LENIENT verdict where given, and the differences as a multiset of "<TYPE> <path>".
 */
const CONFORMANCE = path.resolve(__dirname, '../../../shared/conformance');
const RESOURCES = path.join(CONFORMANCE, 'confluent/json-schema-provider/src/test/resources');

const CASE_FILES = [
  'diff-schema-examples.json',
  'diff-schema-examples-2020-12.json',
  'diff-combined-schema-examples.json',
  'diff-combined-schema-examples-2020-12.json',
];

/** Cases that cannot match, with the reason (printed on every run). There are none. */
const KNOWN_DIVERGENCES: Record<string, string> = {};

interface DiffCase {
  readonly description: string;
  readonly original_schema: unknown;
  readonly update_schema: unknown;
  readonly changes: readonly string[];
  readonly compatible: boolean;
  readonly compatible_lenient?: boolean;
}

// The 2020-12 files carry trailing commas.
function readCases(file: string): DiffCase[] {
  const text = readFileSync(path.join(RESOURCES, file), 'utf8').replace(/,\s*([}\]])/g, '$1');
  return JSON.parse(text) as DiffCase[];
}

function multiset(items: readonly string[]): string[] {
  return [...items].sort();
}

describe('Confluent JSON Schema conformance', () => {
  const sut = new JsonSchemaProvider();
  const present = existsSync(RESOURCES);
  if (!present) {
    it('is skipped when the shared conformance folder is absent', () => {
      console.log(`JSON Schema conformance not run: ${RESOURCES} does not exist`);
    });
    return;
  }

  // As the registry does: the earlier version is read as stored, the candidate validated as new.
  const verdict = (c: DiffCase, policy: CompatibilityPolicy): { compatible: boolean; changes: string[] } => {
    const original = sut.parse(JSON.stringify(c.original_schema), [], { mode: 'stored' });
    const update = sut.parse(JSON.stringify(c.update_schema), [], { mode: 'new' });
    const differences = sut.diff(original, update, policy);
    return { compatible: differences.every((d) => d.compatible), changes: differences.map((d) => `${d.type} ${d.path}`) };
  };

  it.each(CASE_FILES)('%s matches Confluent case by case', (file) => {
    const failures: string[] = [];
    let passed = 0;
    for (const c of readCases(file)) {
      const known = KNOWN_DIVERGENCES[`${file}: ${c.description}`];
      if (known) {
        console.log(`${file}: "${c.description}" not compared: ${known}`);
        continue;
      }
      const problems: string[] = [];
      try {
        const strict = verdict(c, 'STRICT');
        if (strict.compatible !== c.compatible) problems.push(`compatible: expected ${c.compatible}, got ${strict.compatible}`);
        if (JSON.stringify(multiset(strict.changes)) !== JSON.stringify(multiset(c.changes))) {
          problems.push(`changes: expected ${JSON.stringify(multiset(c.changes))}, got ${JSON.stringify(multiset(strict.changes))}`);
        }
        if (c.compatible_lenient !== undefined) {
          const lenient = verdict(c, 'LENIENT');
          if (lenient.compatible !== c.compatible_lenient) {
            problems.push(`compatible_lenient: expected ${c.compatible_lenient}, got ${lenient.compatible}`);
          }
        }
      } catch (e) {
        problems.push(`threw ${e instanceof Error ? e.message : String(e)}`);
      }
      if (problems.length) failures.push(`  "${c.description}"\n    ${problems.join('\n    ')}`);
      else passed++;
    }
    console.log(`${file}: ${passed} passed, ${failures.length} failed${failures.length ? `\n${failures.join('\n')}` : ''}`);
    expect(failures).toEqual([]);
  });

  it('recursive-schema.json diffed against itself gives no differences', () => {
    const text = readFileSync(path.join(RESOURCES, 'recursive-schema.json'), 'utf8');
    const schema = sut.parse(text, [], { mode: 'new' });
    const again = sut.parse(text, [], { mode: 'new' });
    const differences = [...sut.diff(schema, again, 'STRICT'), ...sut.diff(schema, schema, 'STRICT')];
    console.log(`recursive-schema.json: ${differences.length === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed'}`);
    expect(differences).toEqual([]);
  });
});
