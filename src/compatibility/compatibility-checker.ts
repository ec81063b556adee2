import { levelRule, type CompatibilityLevel, type CompatibilityPolicy } from './compatibility-level';
import { describe, type Difference } from './difference';
import type { ParsedSchema, SchemaProvider } from './schema-provider';
import type { SchemaType } from './schema-type';

/** An earlier version to check against. `schema` is resolved lazily, so a transitive check that
 *  stops at the first failure parses only the versions it reaches. */
export interface PreviousVersion {
  readonly version: number;
  readonly schemaType: SchemaType;
  /** The stored text, quoted back in messages as `oldSchema`. */
  readonly text: string;
  schema(): ParsedSchema;
}

/** Which way a failing diff was asked: the new schema reading old data, or the reverse. */
export type Direction = 'NEW_READS_OLD' | 'OLD_READS_NEW';

export interface VersionFailure {
  readonly version: number;
  readonly direction: Direction;
  /** Incompatible differences only. */
  readonly differences: readonly Difference[];
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  /** The failures against the first incompatible version (newest first), empty when compatible. */
  readonly failures: readonly VersionFailure[];
  /** Confluent's `messages` strings, as `verbose=true` and the 409 details show them. */
  readonly messages: readonly string[];
}

export interface CheckRequest {
  readonly level: CompatibilityLevel;
  readonly policy: CompatibilityPolicy;
  readonly candidate: ParsedSchema;
  /** Live earlier versions, newest first. */
  readonly previous: readonly PreviousVersion[];
  /** Reported in the trailer Confluent appends, `{validateFields: 'false', ...}`. */
  readonly validateFields?: boolean;
}

export type ProviderLookup = (type: SchemaType) => SchemaProvider;

const TYPE_MISMATCH = 'Incompatible because of different schema type';

/**
 * The seven levels composed from one question per format: "can `update` read data written
 * with `original`". FORWARD asks it with the schemas swapped, FULL asks both, transitive levels
 * ask it of every live version newest first and stop at the first that fails (as Confluent does).
 */
export function checkCompatibility(request: CheckRequest, providerFor: ProviderLookup): CompatibilityResult {
  const rule = levelRule(request.level);
  if (request.level === 'NONE' || request.previous.length === 0) return COMPATIBLE;
  const targets = rule.transitive ? request.previous : request.previous.slice(0, 1);
  for (const prev of targets) {
    const failures: VersionFailure[] = [];
    const messages: string[] = [];
    if (prev.schemaType !== request.candidate.schemaType) {
      messages.push(TYPE_MISMATCH);
      failures.push({
        version: prev.version,
        direction: 'NEW_READS_OLD',
        differences: [
          {
            type: 'SCHEMA_TYPE_CHANGED',
            path: '#/',
            compatible: false,
            description: `The {reader} schema is ${request.candidate.schemaType} but the {writer} schema is ${prev.schemaType}`,
          },
        ],
      });
    } else {
      const provider = providerFor(request.candidate.schemaType);
      const format = (d: Difference, reader: string, writer: string) =>
        provider.formatDifference ? provider.formatDifference(d, reader, writer) : formatDifference(d, reader, writer);
      const old = prev.schema();
      // Confluent lists the forward problems first (without trailers), then the backward ones.
      if (rule.oldReadsNew) {
        const bad = provider.diff(request.candidate, old, request.policy).filter((d) => !d.compatible);
        if (bad.length) {
          failures.push({ version: prev.version, direction: 'OLD_READS_NEW', differences: bad });
          messages.push(...bad.map((d) => format(d, 'old', 'new')));
          if (!rule.newReadsOld) messages.push(...trailers(prev));
        }
      }
      if (rule.newReadsOld) {
        const bad = provider.diff(old, request.candidate, request.policy).filter((d) => !d.compatible);
        if (bad.length) {
          failures.push({ version: prev.version, direction: 'NEW_READS_OLD', differences: bad });
          messages.push(...bad.map((d) => format(d, 'new', 'old')));
          messages.push(...trailers(prev));
        } else if (failures.length) {
          messages.push(...trailers(prev));
        }
      }
    }
    if (failures.length) {
      messages.push(`{validateFields: '${request.validateFields ? 'true' : 'false'}', compatibility: '${request.level}'}`);
      return { compatible: false, failures, messages };
    }
  }
  return COMPATIBLE;
}

const COMPATIBLE: CompatibilityResult = Object.freeze({ compatible: true, failures: [], messages: [] });

function trailers(prev: PreviousVersion): string[] {
  return [`{oldSchemaVersion: ${prev.version}}`, `{oldSchema: '${prev.text}'}`];
}

/** Confluent's rendering of one difference: `{errorType:'...', description:'...', additionalInfo:'...'}`. */
export function formatDifference(d: Difference, reader: string, writer: string): string {
  const parts = [`errorType:'${d.type}'`, `description:'${describe(d, reader, writer)}'`];
  if (d.additionalInfo !== undefined) parts.push(`additionalInfo:'${d.additionalInfo}'`);
  return `{${parts.join(', ')}}`;
}
