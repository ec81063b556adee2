/**
 * One difference between two schemas, as data. Providers produce them; the level composer
 * (compatibility-checker.ts) turns them into Confluent's message strings last.
 *
 * The diff is always asked in one direction: `update` reads data written with `original`
 * (Confluent's `update.isBackwardCompatible(original)`). FORWARD runs the same diff with the
 * two swapped, so a description names its sides with the tokens `{reader}` (the update) and
 * `{writer}` (the original); the composer replaces them with "new" and "old".
 */
export interface Difference {
  /** Confluent's type name: FIELD_KIND_CHANGED, PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, TYPE_MISMATCH, ... */
  readonly type: string;
  /** JSON-pointer-like location in the schema: `#/properties/foo`, `#/TestMessage/2`, `/fields/1`. */
  readonly path: string;
  /** Whether this difference keeps the pair compatible under the policy the diff ran with. */
  readonly compatible: boolean;
  /** A sentence a person can act on, with `{reader}` / `{writer}` tokens for the two sides. */
  readonly description: string;
  /** Extra detail Confluent reports as additionalInfo (Avro), when there is one. */
  readonly additionalInfo?: string;
}

/** Replaces the side tokens of a description: BACKWARD reads as (new, old), FORWARD as (old, new). */
export function describe(d: Difference, reader: string, writer: string): string {
  return d.description.replaceAll('{reader}', reader).replaceAll('{writer}', writer);
}
