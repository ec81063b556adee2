import { compareUtf16 } from './avro-json';
import { printAvroSchema } from './avro-canonical';
import { aliasFullNames, typeLabel, type AvroField, type AvroSchema, type NamedSchema, type RecordSchema } from './avro-schema';
import { runSteps, type Step } from '../steps';

/** Apache Avro's `SchemaCompatibility.SchemaIncompatibilityType`. */
export type AvroIncompatibilityType =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH';

/** One reason the reader cannot decode the writer's data, as Avro reports it. */
export interface AvroIncompatibility {
  readonly type: AvroIncompatibilityType;
  /** Avro's JSON-pointer-like location, e.g. `/fields/1/type/0`. */
  readonly location: string;
  /** Avro's message, which Confluent reports as `additionalInfo`. */
  readonly message: string;
}

/**
 * Thrown when a reader field matches several writer fields through its aliases; Java Avro throws
 * here too and Confluent reports the exception text instead of incompatibilities.
 */
export class AmbiguousFieldError extends Error {}

/**
 * `SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)`: every incompatibility
 * met when `reader` decodes data written with `writer`, in Avro's order.
 *
 * This follows Avro's algorithm closely, including its memo of (reader, writer) pairs: a pair is
 * checked once, a pair met again while still being checked counts as compatible (which is what
 * ends recursion on self-referencing records), and a pair met again later reports the paths of
 * its first visit. Which paths Confluent prints depends on exactly that.
 */
export function checkReaderWriterCompatibility(reader: AvroSchema, writer: AvroSchema): AvroIncompatibility[] {
  const checker = new ReaderWriterChecker();
  const result = runSteps(checker.compatibility(ROOT_TOKEN, reader, writer, []));
  return flatten(result.findings).map((found) => ({ type: found.type, location: locationOf(found.path), message: found.message }));
}

const ROOT_TOKEN = '';

type Verdict = 'COMPATIBLE' | 'INCOMPATIBLE' | 'RECURSION_IN_PROGRESS';

interface Found {
  readonly type: AvroIncompatibilityType;
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Findings in order, joined without copying: Avro copies its lists on every merge, which turns
 * quadratic on a record with thousands of incompatible fields. Memoised results share these.
 */
type Findings = Found | { readonly first: Findings; readonly second: Findings } | undefined;

interface Result {
  readonly verdict: Verdict;
  readonly findings: Findings;
}

const COMPATIBLE: Result = { verdict: 'COMPATIBLE', findings: undefined };
const IN_PROGRESS: Result = { verdict: 'RECURSION_IN_PROGRESS', findings: undefined };

/** Avro's `mergedWith`. */
function merge(result: Result, other: Result): Result {
  if (other.findings === undefined && other.verdict !== 'INCOMPATIBLE') {
    return result.verdict === 'COMPATIBLE' ? other : result;
  }
  return {
    verdict: result.verdict === 'COMPATIBLE' ? other.verdict : 'INCOMPATIBLE',
    findings: result.findings === undefined ? other.findings : { first: result.findings, second: other.findings },
  };
}

function incompatible(type: AvroIncompatibilityType, message: string, path: readonly string[]): Result {
  return { verdict: 'INCOMPATIBLE', findings: { type, message, path: [...path] } };
}

function flatten(findings: Findings): Found[] {
  const found: Found[] = [];
  const pending: Findings[] = [findings];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) continue;
    if ('first' in next) pending.push(next.second, next.first);
    else found.push(next);
  }
  return found;
}

/** Avro's `Incompatibility.getLocation()`: the path without its root token, JSON-pointer escaped. */
function locationOf(path: readonly string[]): string {
  return `/${path
    .slice(1)
    .map((token) => token.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/')}`;
}

/** Writer types each reader primitive accepts besides its own (Avro's promotions). */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  bytes: ['string'],
  string: ['bytes'],
};

class ReaderWriterChecker {
  private readonly memo = new Map<AvroSchema, Map<AvroSchema, Result>>();

  /** `getCompatibility(referenceToken, reader, writer, location)`, memoised on the pair. */
  *compatibility(token: string, reader: AvroSchema, writer: AvroSchema, location: string[]): Step<Result> {
    location.push(token);
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    let result = byWriter.get(writer);
    if (result !== undefined) {
      if (result.verdict === 'RECURSION_IN_PROGRESS') result = COMPATIBLE;
    } else {
      byWriter.set(writer, IN_PROGRESS);
      result = (yield this.calculate(reader, writer, location)) as Result;
      byWriter.set(writer, result);
    }
    location.pop();
    return result;
  }

  /** The two-argument overload: a fresh location, but the same memo. */
  private fresh(reader: AvroSchema, writer: AvroSchema): Step<Result> {
    return this.compatibility(ROOT_TOKEN, reader, writer, []);
  }

  private *calculate(reader: AvroSchema, writer: AvroSchema, location: string[]): Step<Result> {
    let result = COMPATIBLE;
    if (reader.type === writer.type) {
      switch (reader.type) {
        case 'array':
          return merge(result, (yield this.compatibility('items', reader.items, (writer as typeof reader).items, location)) as Result);
        case 'map':
          return merge(result, (yield this.compatibility('values', reader.values, (writer as typeof reader).values, location)) as Result);
        case 'fixed': {
          result = merge(result, this.checkNames(reader, writer as NamedSchema, location));
          const writerSize = (writer as typeof reader).size;
          if (reader.size === writerSize) return result;
          location.push('size');
          const mismatch = incompatible('FIXED_SIZE_MISMATCH', `expected: ${writerSize}, found: ${reader.size}`, location);
          location.pop();
          return merge(result, mismatch);
        }
        case 'enum': {
          result = merge(result, this.checkNames(reader, writer as NamedSchema, location));
          const readerSymbols = new Set(reader.symbols);
          const missing = (writer as typeof reader).symbols.filter((symbol) => !readerSymbols.has(symbol));
          if (missing.length === 0 || reader.defaultSymbol !== undefined) return result;
          location.push('symbols');
          const mismatch = incompatible('MISSING_ENUM_SYMBOLS', `[${[...new Set(missing)].sort(compareUtf16).join(', ')}]`, location);
          location.pop();
          return merge(result, mismatch);
        }
        case 'record':
          result = merge(result, this.checkNames(reader, writer as NamedSchema, location));
          return merge(result, (yield this.checkFields(reader, writer as RecordSchema, location)) as Result);
        case 'union': {
          // Every branch the writer may have written must be readable by the reader union.
          const writerTypes = (writer as typeof reader).types;
          for (let i = 0; i < writerTypes.length; i++) {
            location.push(String(i));
            const branch = (yield this.fresh(reader, writerTypes[i])) as Result;
            if (branch.verdict === 'INCOMPATIBLE') {
              const message = `reader union lacking writer type: ${typeLabel(writerTypes[i])}`;
              result = merge(result, incompatible('MISSING_UNION_BRANCH', message, location));
            }
            location.pop();
          }
          return result;
        }
        default:
          return result;
      }
    }

    // A reader that can read every branch of a writer union can read the union.
    if (writer.type === 'union') {
      for (let i = 0; i < writer.types.length; i++) {
        result = merge(result, (yield this.compatibility(String(i), reader, writer.types[i], location)) as Result);
      }
      return result;
    }
    if (reader.type === 'union') {
      for (const branch of reader.types) {
        const attempt = (yield this.fresh(branch, writer)) as Result;
        if (attempt.verdict === 'COMPATIBLE') return result;
      }
      return merge(result, incompatible('MISSING_UNION_BRANCH', `reader union lacking writer type: ${typeLabel(writer)}`, location));
    }
    if (PROMOTIONS[reader.type]?.includes(writer.type)) return result;
    const message = `reader type: ${typeLabel(reader)} not compatible with writer type: ${typeLabel(writer)}`;
    return merge(result, incompatible('TYPE_MISMATCH', message, location));
  }

  private *checkFields(reader: RecordSchema, writer: RecordSchema, location: string[]): Step<Result> {
    let result = COMPATIBLE;
    location.push('fields');
    for (const readerField of reader.fields) {
      location.push(String(readerField.pos));
      const writerField = lookupWriterField(writer, readerField);
      if (writerField !== undefined) {
        result = merge(result, (yield this.compatibility('type', readerField.schema, writerField.schema, location)) as Result);
      } else if (readerField.defaultValue === undefined) {
        if (readerField.schema.type === 'enum' && readerField.schema.defaultSymbol !== undefined) {
          // Avro compares the enum with the writer *record* here, so this reports a type
          // mismatch; kept as is because Confluent's verdicts come from exactly this code.
          result = merge(result, (yield this.compatibility('type', readerField.schema, writer, location)) as Result);
        } else {
          result = merge(result, incompatible('READER_FIELD_MISSING_DEFAULT_VALUE', readerField.name, location));
        }
      }
      location.pop();
    }
    location.pop();
    return result;
  }

  private checkNames(reader: NamedSchema, writer: NamedSchema, location: string[]): Result {
    // Unqualified names are compared; a renamed type needs the writer's full name among its aliases.
    if (reader.name.name === writer.name.name || aliasFullNames(reader).includes(writer.name.full)) return COMPATIBLE;
    location.push('name');
    const result = incompatible('NAME_MISMATCH', `expected: ${writer.name.full}`, location);
    location.pop();
    return result;
  }
}

/** Avro's `lookupWriterField`: by the reader field's name, then by each of its aliases. */
function lookupWriterField(writer: RecordSchema, readerField: AvroField): AvroField | undefined {
  const matches: AvroField[] = [];
  const direct = writer.fieldsByName.get(readerField.name);
  if (direct) matches.push(direct);
  for (const alias of readerField.aliases) {
    const byAlias = writer.fieldsByName.get(alias);
    if (byAlias) matches.push(byAlias);
  }
  if (matches.length > 1) {
    throw new AmbiguousFieldError(
      `Reader record field ${readerField.name} type:${typeLabel(readerField.schema)} pos:${readerField.pos} ` +
        `matches multiple fields in writer record schema ${printAvroSchema(writer)}`,
    );
  }
  return matches[0];
}
