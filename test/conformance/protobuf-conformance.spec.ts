import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ResolvedReference } from '../../src/compatibility/schema-provider';
import { ProtobufProvider } from '../../src/compatibility/protobuf/protobuf.provider';
import { WELL_KNOWN_PROTOS } from '../../src/compatibility/protobuf/well-known-protos';

/*
 * Confluent's own Protobuf diff vectors, read in place from the shared conformance folder (they
 * are never copied here). Each case: our verdict equals `compatible`, and our differences, as
 * "<TYPE> <path>", equal `changes` as a multiset.
 */

const CONFORMANCE = path.resolve(__dirname, '../../../shared/conformance');
const RESOURCES = path.join(CONFORMANCE, 'confluent/protobuf-provider/src/test/resources');
const PROTOBUF_TYPES = path.join(CONFORMANCE, 'confluent/protobuf-types/src/main/proto');
const FILES = ['diff-schema-examples.json', 'diff-schema-examples-with-meta.json'];

/** Cases that cannot match, with the reason; printed on every run. There are none. */
const KNOWN_DIVERGENCES: Readonly<Record<string, string>> = {};

interface ReferenceJson {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

interface DependencyJson {
  readonly name: string;
  readonly dependency?: string;
}

interface CaseJson {
  readonly description: string;
  readonly original_schema: string;
  readonly update_schema: string;
  readonly original_references?: readonly ReferenceJson[];
  readonly update_references?: readonly ReferenceJson[];
  readonly original_dependencies?: readonly DependencyJson[];
  readonly update_dependencies?: readonly DependencyJson[];
  readonly changes: readonly string[];
  readonly compatible: boolean;
}

interface Outcome {
  readonly compatible: boolean;
  readonly changes: readonly string[];
}

/** A schema is given inline, or (in the `with-meta` file) as a path under the resources folder. */
function schemaText(schema: string): string {
  const file = path.join(RESOURCES, schema);
  return schema.endsWith('.proto') && existsSync(file) ? readFileSync(file, 'utf8') : schema;
}

/**
 * A dependency's text is carried by the case, or is one of Confluent's own files (read from
 * protobuf-types), or a well-known Google file (Charter's built-in text).
 */
function dependencyText(name: string, dependencies: readonly DependencyJson[]): string {
  const carried = dependencies.find((d) => d.name === name)?.dependency;
  if (carried !== undefined) return carried;
  const confluentFile = path.join(PROTOBUF_TYPES, name);
  if (existsSync(confluentFile)) return readFileSync(confluentFile, 'utf8');
  const builtIn = WELL_KNOWN_PROTOS.get(name);
  if (builtIn !== undefined) return builtIn;
  throw new Error(`no text for dependency ${name}`);
}

function references(refs: readonly ReferenceJson[] = [], dependencies: readonly DependencyJson[] = []): ResolvedReference[] {
  return refs.map((ref) => ({
    name: ref.name,
    subject: ref.subject,
    version: ref.version,
    schemaType: 'PROTOBUF',
    schema: dependencyText(ref.name, dependencies),
    references: [],
  }));
}

function run(sut: ProtobufProvider, testCase: CaseJson): Outcome {
  const original = sut.parse(schemaText(testCase.original_schema), references(testCase.original_references, testCase.original_dependencies), {
    mode: 'stored',
  });
  const update = sut.parse(schemaText(testCase.update_schema), references(testCase.update_references, testCase.update_dependencies), {
    mode: 'new',
  });
  const differences = sut.diff(original, update, 'STRICT');
  return { compatible: differences.every((d) => d.compatible), changes: differences.map((d) => `${d.type} ${d.path}`) };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

describe('Protobuf conformance with Confluent Schema Registry', () => {
  const available = existsSync(RESOURCES);

  it('matches the verdict and the differences of every Confluent Protobuf diff vector', () => {
    if (!available) {
      console.log(`Protobuf conformance skipped: ${RESOURCES} does not exist`);
      return;
    }
    const sut = new ProtobufProvider();
    const report: string[] = [];
    let failed = 0;
    for (const file of FILES) {
      const cases = JSON.parse(readFileSync(path.join(RESOURCES, file), 'utf8')) as CaseJson[];
      let passed = 0;
      let failedHere = 0;
      const details: string[] = [];
      for (const testCase of cases) {
        const divergence = KNOWN_DIVERGENCES[testCase.description];
        if (divergence !== undefined) {
          details.push(`  known divergence, not counted: ${testCase.description}: ${divergence}`);
          continue;
        }
        let outcome: Outcome | Error;
        try {
          outcome = run(sut, testCase);
        } catch (error) {
          outcome = error instanceof Error ? error : new Error(String(error));
        }
        if (!(outcome instanceof Error) && outcome.compatible === testCase.compatible && sameMultiset(outcome.changes, testCase.changes)) {
          passed++;
          continue;
        }
        failedHere++;
        const actual =
          outcome instanceof Error
            ? `threw ${outcome.message}`
            : `compatible=${outcome.compatible} changes=${JSON.stringify([...outcome.changes].sort())}`;
        details.push(
          `  FAILED ${testCase.description}\n    expected compatible=${testCase.compatible} changes=${JSON.stringify(
            [...testCase.changes].sort(),
          )}\n    actual   ${actual}`,
        );
      }
      failed += failedHere;
      report.push(`${file}: ${passed} passed, ${failedHere} failed`, ...details);
    }
    console.log(report.join('\n'));
    expect(failed).toBe(0);
  });
});
