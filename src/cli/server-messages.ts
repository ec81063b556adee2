import { toDifference } from '../compatibility/avro/avro-difference';
import type { Direction } from '../compatibility/compatibility-checker';
import { describe, type Difference } from '../compatibility/difference';
import { describeDifference, JSON_DIFFERENCE_TYPES, type JsonDifferenceType } from '../compatibility/jsonschema/difference-types';
import { PROTOBUF_DIFFERENCE_TYPES, protobufDifference, type ProtobufDifferenceType } from '../compatibility/protobuf/protobuf-difference';
import type { AvroIncompatibilityType } from '../compatibility/avro/avro-compatibility';
import type { SchemaType } from '../compatibility/schema-type';

/** One difference read back from a verbose compatibility answer. */
export interface ReportedDifference {
  readonly type: string;
  /** The path the description names, when it names one. */
  readonly path?: string;
  /** The description with the sides as the registry wrote them ("new", "old"). */
  readonly description: string;
  readonly additionalInfo?: string;
  readonly direction: Direction;
  /** The version it was found against (`{oldSchemaVersion: n}`), when the registry says. */
  readonly version?: number;
  /** That version's text (`{oldSchema: '...'}`), which Avro paths of forward checks point into. */
  readonly oldSchema?: string;
}

export interface ReadAnswer {
  readonly differences: readonly ReportedDifference[];
  /** Messages that are not differences: a schema that does not parse, a registry's own words. */
  readonly other: readonly string[];
  /** The level the registry checked at (its closing `{validateFields: ..., compatibility: ...}`). */
  readonly level?: string;
}

const AVRO_TYPES: readonly AvroIncompatibilityType[] = [
  'FIXED_SIZE_MISMATCH',
  'TYPE_MISMATCH',
  'NAME_MISMATCH',
  'MISSING_ENUM_SYMBOLS',
  'MISSING_UNION_BRANCH',
  'READER_FIELD_MISSING_DEFAULT_VALUE',
];

/**
 * Reads Confluent's `messages` (POST /compatibility/...?verbose=true) back into data. Each
 * difference is `{errorType:'T', description:'...', additionalInfo:'...'}` (Avro quotes with `'`,
 * Protobuf and JSON Schema with `"`), and each group of them ends with `{oldSchemaVersion: n}` and
 * `{oldSchema: '...'}`; the list ends with `{validateFields: '...', compatibility: '...'}`.
 */
export function readVerboseMessages(schemaType: SchemaType, messages: readonly string[]): ReadAnswer {
  const found: Array<Omit<ReportedDifference, 'direction'> & { group: number }> = [];
  const other: string[] = [];
  let pending: Array<Omit<ReportedDifference, 'direction'> & { group: number }> = [];
  let group = 0;
  let version: number | undefined;
  let level: string | undefined;
  const flush = (oldSchema?: string) => {
    for (const d of pending) found.push({ ...d, version: d.version ?? version, oldSchema });
    pending = [];
    group++;
  };
  for (const raw of messages) {
    const m = raw.trim();
    const versionTrailer = /^\{oldSchemaVersion:\s*(\d+)\}$/.exec(m);
    if (versionTrailer) {
      version = Number(versionTrailer[1]);
      pending = pending.map((d) => ({ ...d, version }));
      continue;
    }
    if (m.startsWith('{oldSchema:')) {
      flush(unquote(m.slice('{oldSchema:'.length, -1).trim()));
      continue;
    }
    const closing = /^\{validateFields:\s*'?(\w+)'?,\s*compatibility:\s*'?(\w+)'?\}$/.exec(m);
    if (closing) {
      level = closing[2];
      continue;
    }
    const d = readDifference(m);
    if (d) pending.push({ ...d, group });
    else other.push(raw);
  }
  flush();
  const directions = found.map((d) => sentenceDirection(schemaType, d));
  const differences = found.map(({ group: _group, ...d }, i) => ({ ...d, direction: directions[i] ?? inferredDirection(found, directions, i, level) }));
  return { differences, other, level };
}

function readDifference(m: string): Omit<ReportedDifference, 'direction'> | undefined {
  const head = /^\{errorType:\s*(['"])([A-Za-z0-9_]+)\1,\s*description:\s*(['"])/.exec(m);
  if (head) {
    const rest = m.slice(head[0].length);
    const info = rest.lastIndexOf(`${head[3]}, additionalInfo:`);
    let description: string;
    let additionalInfo: string | undefined;
    if (info >= 0) {
      description = rest.slice(0, info);
      additionalInfo = unquote(rest.slice(info + `${head[3]}, additionalInfo:`.length, -1).trim());
    } else {
      // Ends with a quote and `}`; Confluent closes JSON Schema descriptions with `'` after opening with `"`.
      description = rest.replace(/['"]\}$/, '');
    }
    return { type: head[2], path: pathIn(description), description, additionalInfo };
  }
  if (m.startsWith('Unexpected exception during compatibility check')) return { type: 'UNEXPECTED_EXCEPTION', path: '/', description: m };
  if (m === 'Incompatible because of different schema type') return { type: 'SCHEMA_TYPE_CHANGED', path: '#/', description: m };
  return undefined;
}

/** The first quoted path in a description: `path '/fields/1/type'`, `at path '#/properties/a'`, `at '#/'`. */
function pathIn(description: string): string | undefined {
  return /'((?:#\/|\/)[^']*)'/.exec(description)?.[1];
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === "'" || s[0] === '"') && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}

/**
 * Which way a difference was found, when its sentence says: the registry names the sides, so the
 * sentence is written both ways from Charter's (Confluent's) templates and compared. Undefined
 * for sentences that read the same both ways (Avro's NAME_MISMATCH) and for wording we do not know.
 */
function sentenceDirection(schemaType: SchemaType, d: Omit<ReportedDifference, 'direction'>): Direction | undefined {
  const template = templateOf(schemaType, d);
  if (!template) return undefined;
  const backward = describe(template, 'new', 'old');
  const forward = describe(template, 'old', 'new');
  if (backward === forward) return undefined;
  if (backward === d.description) return 'NEW_READS_OLD';
  if (forward === d.description) return 'OLD_READS_NEW';
  return undefined;
}

/**
 * The direction of a difference whose sentence does not tell, from where it stands: forward and
 * backward levels have one direction; under FULL each version's forward differences come before
 * its backward ones, so a known neighbour decides, and of a difference listed twice the first is
 * the forward one.
 */
function inferredDirection(
  found: ReadonlyArray<Omit<ReportedDifference, 'direction'> & { group: number }>,
  directions: ReadonlyArray<Direction | undefined>,
  i: number,
  level: string | undefined,
): Direction {
  if (level?.startsWith('FORWARD')) return 'OLD_READS_NEW';
  if (!level?.startsWith('FULL')) return 'NEW_READS_OLD';
  const same = (j: number) => found[j].group === found[i].group;
  for (let j = i - 1; j >= 0 && same(j); j--) if (directions[j] === 'NEW_READS_OLD') return 'NEW_READS_OLD';
  for (let j = i + 1; j < found.length && same(j); j++) if (directions[j] === 'OLD_READS_NEW') return 'OLD_READS_NEW';
  const twin = (j: number) => same(j) && found[j].type === found[i].type && found[j].path === found[i].path && found[j].description === found[i].description;
  for (let j = i + 1; j < found.length; j++) if (twin(j)) return 'OLD_READS_NEW';
  return 'NEW_READS_OLD';
}

function templateOf(schemaType: SchemaType, d: Omit<ReportedDifference, 'direction'>): Difference | undefined {
  if (d.path === undefined) return undefined;
  switch (schemaType) {
    case 'AVRO':
      return (AVRO_TYPES as readonly string[]).includes(d.type)
        ? toDifference({ type: d.type as AvroIncompatibilityType, location: d.path, message: d.additionalInfo ?? '' })
        : undefined;
    case 'PROTOBUF':
      return (PROTOBUF_DIFFERENCE_TYPES as readonly string[]).includes(d.type)
        ? protobufDifference(d.type as ProtobufDifferenceType, d.path)
        : undefined;
    case 'JSON':
      return (JSON_DIFFERENCE_TYPES as readonly string[]).includes(d.type)
        ? { type: d.type, path: d.path, compatible: false, description: describeDifference(d.type as JsonDifferenceType, d.path) }
        : undefined;
  }
}
