import type { Difference } from '../difference';

/** Confluent's Protobuf `Difference.Type`, all 26 of them. */
export const PROTOBUF_DIFFERENCE_TYPES = [
  'PACKAGE_CHANGED',
  'MESSAGE_ADDED',
  'MESSAGE_REMOVED',
  'MESSAGE_MOVED',
  'ENUM_ADDED',
  'ENUM_REMOVED',
  'ENUM_CONST_ADDED',
  'ENUM_CONST_CHANGED',
  'ENUM_CONST_REMOVED',
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_NAME_CHANGED',
  'FIELD_KIND_CHANGED',
  'FIELD_SCALAR_KIND_CHANGED',
  'FIELD_NAMED_TYPE_CHANGED',
  'FIELD_NUMERIC_LABEL_CHANGED',
  'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
  'REQUIRED_FIELD_ADDED',
  'REQUIRED_FIELD_REMOVED',
  'ONEOF_ADDED',
  'ONEOF_REMOVED',
  'ONEOF_FIELD_ADDED',
  'ONEOF_FIELD_REMOVED',
  'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
  'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
  'FIELD_MOVED_TO_EXISTING_ONEOF',
] as const;

export type ProtobufDifferenceType = (typeof PROTOBUF_DIFFERENCE_TYPES)[number];

/**
 * Confluent's `SchemaDiff.COMPATIBLE_CHANGES`: the changes that keep data written with the
 * original schema readable by the update. Protobuf has one set for every policy.
 */
export const COMPATIBLE_CHANGES: ReadonlySet<ProtobufDifferenceType> = new Set<ProtobufDifferenceType>([
  'MESSAGE_ADDED',
  'MESSAGE_MOVED',
  'ENUM_ADDED',
  'ENUM_REMOVED',
  'ENUM_CONST_ADDED',
  'ENUM_CONST_CHANGED',
  'ENUM_CONST_REMOVED',
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_NAME_CHANGED',
  'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
  'ONEOF_ADDED',
  'ONEOF_REMOVED',
  'ONEOF_FIELD_ADDED',
  'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
]);

/**
 * The description of each type with `{reader}` (the update) and `{writer}` (the original) in
 * the places of Confluent's two `%s`. The texts of the incompatible types are Confluent's,
 * word for word (the double space in REQUIRED_FIELD_ADDED included); Confluent leaves the
 * compatible ones empty, Charter words them in the same manner.
 */
const DESCRIPTIONS: Record<ProtobufDifferenceType, (path: string) => string> = {
  PACKAGE_CHANGED: (p) => `The package at '${p}' in the {reader} schema does not match the package in the {writer} schema`,
  MESSAGE_ADDED: (p) => `The {reader} schema has a MESSAGE type at path '${p}' that is missing in the {writer} schema`,
  MESSAGE_REMOVED: (p) => `The {reader} schema is missing a MESSAGE type at path '${p}' in the {writer} schema`,
  MESSAGE_MOVED: (p) => `The MESSAGE type at path '${p}' in the {reader} schema is at another index in the {writer} schema`,
  ENUM_ADDED: (p) => `The {reader} schema has an ENUM type at path '${p}' that is missing in the {writer} schema`,
  ENUM_REMOVED: (p) => `The {reader} schema is missing an ENUM type at path '${p}' in the {writer} schema`,
  ENUM_CONST_ADDED: (p) => `The {reader} schema has an enum constant at path '${p}' that is missing in the {writer} schema`,
  ENUM_CONST_CHANGED: (p) => `The name of the enum constant at path '${p}' in the {reader} schema does not match its name in the {writer} schema`,
  ENUM_CONST_REMOVED: (p) => `The {reader} schema is missing an enum constant at path '${p}' in the {writer} schema`,
  FIELD_ADDED: (p) => `The {reader} schema has a field at path '${p}' that is missing in the {writer} schema`,
  FIELD_REMOVED: (p) => `The {reader} schema is missing a field at path '${p}' in the {writer} schema`,
  FIELD_NAME_CHANGED: (p) => `The name of the field at path '${p}' in the {reader} schema does not match its name in the {writer} schema`,
  FIELD_KIND_CHANGED: (p) => `The type of a field at path '${p}' in the {reader} schema does not match the {writer} schema`,
  FIELD_SCALAR_KIND_CHANGED: (p) =>
    `The kind of a SCALAR field at path '${p}' in the {reader} schema does not match its kind in the {writer} schema`,
  FIELD_NAMED_TYPE_CHANGED: (p) =>
    `The type of a MESSAGE field at path '${p}' in the {reader} schema does not match its type in the {writer} schema`,
  FIELD_NUMERIC_LABEL_CHANGED: (p) =>
    `The label for a NUMERIC field at path '${p}' in the {reader} schema does not match its label in the {writer} schema`,
  FIELD_STRING_OR_BYTES_LABEL_CHANGED: (p) =>
    `The label for a STRING or BYTES field at path '${p}' in the {reader} schema does not match its label in the {writer} schema`,
  REQUIRED_FIELD_ADDED: (p) => `A required field  at path '${p}' in the {reader} schema is missing in the {writer} schema`,
  REQUIRED_FIELD_REMOVED: (p) => `The {reader} schema is missing a required field at path: '${p}' in the {writer} schema`,
  ONEOF_ADDED: (p) => `The {reader} schema has a oneof at path '${p}' that is missing in the {writer} schema`,
  ONEOF_REMOVED: (p) => `The {reader} schema is missing a oneof at path '${p}' in the {writer} schema`,
  ONEOF_FIELD_ADDED: (p) => `The {reader} schema has a oneof field at path '${p}' that is missing in the {writer} schema`,
  ONEOF_FIELD_REMOVED: (p) => `The {reader} schema is missing a oneof field at path '${p}' in the {writer} schema`,
  ONEOF_FIELD_MOVED_TO_TOP_LEVEL: (p) =>
    `A field at path '${p}' in the {reader} schema is outside the oneof that holds it in the {writer} schema`,
  MULTIPLE_FIELDS_MOVED_TO_ONEOF: (p) =>
    `Multiple fields in the oneof at path '${p}' in the {reader} schema are outside a oneof in the {writer} schema`,
  FIELD_MOVED_TO_EXISTING_ONEOF: (p) =>
    `A field in the oneof at path '${p}' in the {reader} schema is outside an existing oneof in the {writer} schema`,
};

/** One Protobuf difference as the shared Difference: classified and described. */
export function protobufDifference(type: ProtobufDifferenceType, path: string): Difference {
  return { type, path, compatible: COMPATIBLE_CHANGES.has(type), description: DESCRIPTIONS[type](path) };
}
