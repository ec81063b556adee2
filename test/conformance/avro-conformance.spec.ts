import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCompatibility, type PreviousVersion } from '../../src/compatibility/compatibility-checker';
import { parseCompatibilityLevel } from '../../src/compatibility/compatibility-level';
import { AvroProvider } from '../../src/compatibility/avro/avro.provider';

/**
 * Confluent's Avro compatibility vectors (transcribed from AvroCompatibilityTest), read from the
 * shared folder beside the repository; they are never copied in.
 */
const CONFLUENT_DIR = path.resolve(__dirname, '../../../shared/conformance/confluent');
const CASES_FILE = 'avro-compatibility-cases.json';

interface AvroCase {
  readonly test_method: string;
  readonly description: string;
  readonly compatibility_level: string;
  readonly new_schema: string;
  readonly previous_schemas_chronological: readonly string[];
  readonly expected_compatible: boolean;
}

interface AvroCasesFile {
  readonly schemas: Record<string, unknown>;
  readonly bad_default_null_schema_must_parse?: unknown;
  readonly cases: readonly AvroCase[];
}

function loadCases(): AvroCasesFile | undefined {
  const file = path.join(CONFLUENT_DIR, CASES_FILE);
  if (!existsSync(file)) {
    console.log(`${CASES_FILE}: skipped, ${file} is absent (the shared conformance folder is not beside the repository)`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as AvroCasesFile;
}

describe('Avro conformance with Confluent', () => {
  const sut = new AvroProvider();
  const vectors = loadCases();

  it('reaches the verdict Confluent reaches for every case of avro-compatibility-cases.json', () => {
    if (!vectors) return;
    const text = (name: string): string => JSON.stringify(vectors.schemas[name]);
    const failures: string[] = [];
    for (const vector of vectors.cases) {
      const label = `${vector.test_method}: ${vector.description}`;
      try {
        const level = parseCompatibilityLevel(vector.compatibility_level);
        if (!level) throw new Error(`unknown level ${vector.compatibility_level}`);
        const chronological = vector.previous_schemas_chronological;
        // The checker wants the newest version first.
        const previous: PreviousVersion[] = chronological
          .map((name, index) => ({
            version: index + 1,
            schemaType: 'AVRO' as const,
            text: text(name),
            schema: () => sut.parse(text(name), [], { mode: 'stored' }),
          }))
          .reverse();
        const candidate = sut.parse(text(vector.new_schema), [], { mode: 'new' });
        const result = checkCompatibility({ level, policy: 'STRICT', candidate, previous }, () => sut);
        if (result.compatible !== vector.expected_compatible) {
          failures.push(`${label}: expected compatible=${vector.expected_compatible}, got ${result.compatible} ${result.messages.join(' ')}`);
        }
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message}`);
      }
    }
    const passed = vectors.cases.length - failures.length;
    console.log(`${CASES_FILE}: ${passed} passed, ${failures.length} failed${failures.map((f) => `\n  ${f}`).join('')}`);
    expect(failures).toEqual([]);
  });

  it('parses the schema whose default is the string "null" in both modes', () => {
    if (!vectors?.bad_default_null_schema_must_parse) return;
    const text = JSON.stringify(vectors.bad_default_null_schema_must_parse);
    expect(() => sut.parse(text, [], { mode: 'stored' })).not.toThrow();
    expect(() => sut.parse(text, [], { mode: 'new' })).not.toThrow();
  });
});
