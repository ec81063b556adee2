import type { Difference } from '../difference';
import type { AvroIncompatibility, AvroIncompatibilityType } from './avro-compatibility';

/**
 * Confluent's sentence for each Avro incompatibility (`client/.../avro/Difference.java`), with
 * `{reader}` and `{writer}` where Confluent formats "new"/"old" in.
 */
const DESCRIPTIONS: Readonly<Record<AvroIncompatibilityType, (found: AvroIncompatibility) => string>> = {
  FIXED_SIZE_MISMATCH: ({ location }) =>
    `The size of FIXED type field at path '${location}' in the {reader} schema does not match with the {writer} schema`,
  TYPE_MISMATCH: ({ location }) => `The type (path '${location}') of a field in the {reader} schema does not match with the {writer} schema`,
  NAME_MISMATCH: ({ location }) => `The name of the schema has changed (path '${location}')`,
  MISSING_ENUM_SYMBOLS: ({ location, message }) =>
    `The {reader} schema is missing enum symbols '${message}' at path '${location}' in the {writer} schema`,
  MISSING_UNION_BRANCH: ({ location }) =>
    `The {reader} schema is missing a type inside a union field at path '${location}' in the {writer} schema`,
  READER_FIELD_MISSING_DEFAULT_VALUE: ({ location, message }) =>
    `The field '${message}' at path '${location}' in the {reader} schema has no default value and is missing in the {writer} schema`,
};

/** An Avro incompatibility as a Difference; Avro knows no compatible differences. */
export function toDifference(found: AvroIncompatibility): Difference {
  return {
    type: found.type,
    path: found.location,
    compatible: false,
    description: DESCRIPTIONS[found.type](found),
    additionalInfo: found.message,
  };
}

/**
 * Confluent answers with the exception text when Avro's check throws (a reader field whose
 * aliases match several writer fields). There is no Avro type for it; it is reported under this
 * one so that it still blocks registration.
 */
export const UNEXPECTED_EXCEPTION = 'UNEXPECTED_EXCEPTION';

export function unexpectedExceptionDifference(message: string): Difference {
  return {
    type: UNEXPECTED_EXCEPTION,
    path: '/',
    compatible: false,
    description: `Unexpected exception during compatibility check: ${message}`,
  };
}
