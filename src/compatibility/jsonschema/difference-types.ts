import type { CompatibilityPolicy } from '../compatibility-level';

/**
 * Confluent's 132 JSON Schema difference types (`json/diff/Difference.Type`), each with its
 * verdict under the STRICT and LENIENT policies (`SchemaDiff.COMPATIBLE_CHANGES_STRICT` /
 * `_LENIENT`) and the family of sentence Confluent's `Difference.error()` renders for it.
 *
 * Where Confluent has a sentence (every type that can make a pair incompatible) it is used
 * word for word. Confluent renders an empty description for the types it only ever reports as
 * compatible; those get a sentence of ours in the same style, marked `(ours)` below.
 */
type Family =
  | 'keywordAdded'
  | 'keywordRemoved' // (ours)
  | 'valueIncreased'
  | 'valueDecreased'
  | 'valueChanged'
  | 'typeNarrowed'
  | 'typeExtended'
  | 'typeChanged'
  | 'addedToOpen'
  | 'requiredAddedToUnopen'
  | 'removedFromClosed'
  | 'removedNotCovered'
  | 'addedNotCovered'
  | 'addedCompatibly' // (ours)
  | 'addedCovered' // (ours)
  | 'removedCompatibly' // (ours)
  | 'removedCovered' // (ours)
  | 'reservedRemoved'
  | 'reservedConflict';

/** S: compatible under STRICT (and so LENIENT); L: compatible under LENIENT only; X: never. */
type Verdict = 'S' | 'L' | 'X';

const TABLE = {
  ID_CHANGED: ['S', 'valueChanged'],
  DESCRIPTION_CHANGED: ['S', 'valueChanged'],
  TITLE_CHANGED: ['S', 'valueChanged'],
  DEFAULT_CHANGED: ['S', 'valueChanged'],
  // Confluent has no sentence for SCHEMA_ADDED; the keyword one says what happened.
  SCHEMA_ADDED: ['X', 'keywordAdded'],
  SCHEMA_REMOVED: ['S', 'keywordRemoved'],
  TYPE_EXTENDED: ['S', 'typeChanged'],
  TYPE_NARROWED: ['X', 'typeChanged'],
  TYPE_CHANGED: ['X', 'typeChanged'],

  MAX_LENGTH_ADDED: ['X', 'keywordAdded'],
  MAX_LENGTH_REMOVED: ['S', 'keywordRemoved'],
  MAX_LENGTH_INCREASED: ['S', 'valueIncreased'],
  MAX_LENGTH_DECREASED: ['X', 'valueDecreased'],
  MIN_LENGTH_ADDED: ['X', 'keywordAdded'],
  MIN_LENGTH_REMOVED: ['S', 'keywordRemoved'],
  MIN_LENGTH_INCREASED: ['X', 'valueIncreased'],
  MIN_LENGTH_DECREASED: ['S', 'valueDecreased'],
  PATTERN_ADDED: ['X', 'keywordAdded'],
  PATTERN_REMOVED: ['S', 'keywordRemoved'],
  PATTERN_CHANGED: ['X', 'valueChanged'],

  MAXIMUM_ADDED: ['X', 'keywordAdded'],
  MAXIMUM_REMOVED: ['S', 'keywordRemoved'],
  MAXIMUM_INCREASED: ['S', 'valueIncreased'],
  MAXIMUM_DECREASED: ['X', 'valueDecreased'],
  MINIMUM_ADDED: ['X', 'keywordAdded'],
  MINIMUM_REMOVED: ['S', 'keywordRemoved'],
  MINIMUM_INCREASED: ['X', 'valueIncreased'],
  MINIMUM_DECREASED: ['S', 'valueDecreased'],
  EXCLUSIVE_MAXIMUM_ADDED: ['X', 'keywordAdded'],
  EXCLUSIVE_MAXIMUM_REMOVED: ['S', 'keywordRemoved'],
  EXCLUSIVE_MAXIMUM_INCREASED: ['S', 'valueIncreased'],
  EXCLUSIVE_MAXIMUM_DECREASED: ['X', 'valueDecreased'],
  EXCLUSIVE_MINIMUM_ADDED: ['X', 'keywordAdded'],
  EXCLUSIVE_MINIMUM_REMOVED: ['S', 'keywordRemoved'],
  EXCLUSIVE_MINIMUM_INCREASED: ['X', 'valueIncreased'],
  EXCLUSIVE_MINIMUM_DECREASED: ['S', 'valueDecreased'],
  MULTIPLE_OF_ADDED: ['X', 'keywordAdded'],
  MULTIPLE_OF_REMOVED: ['S', 'keywordRemoved'],
  MULTIPLE_OF_EXPANDED: ['X', 'valueIncreased'],
  MULTIPLE_OF_REDUCED: ['S', 'valueDecreased'],
  MULTIPLE_OF_CHANGED: ['X', 'valueChanged'],

  REQUIRED_ATTRIBUTE_ADDED: ['X', 'keywordAdded'],
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: ['S', 'keywordAdded'],
  REQUIRED_ATTRIBUTE_REMOVED: ['S', 'keywordRemoved'],
  MAX_PROPERTIES_ADDED: ['X', 'keywordAdded'],
  MAX_PROPERTIES_REMOVED: ['S', 'keywordRemoved'],
  MAX_PROPERTIES_INCREASED: ['S', 'valueIncreased'],
  MAX_PROPERTIES_DECREASED: ['X', 'valueDecreased'],
  MIN_PROPERTIES_ADDED: ['X', 'keywordAdded'],
  MIN_PROPERTIES_REMOVED: ['S', 'keywordRemoved'],
  MIN_PROPERTIES_INCREASED: ['X', 'valueIncreased'],
  MIN_PROPERTIES_DECREASED: ['S', 'valueDecreased'],
  ADDITIONAL_PROPERTIES_ADDED: ['S', 'keywordRemoved'],
  ADDITIONAL_PROPERTIES_REMOVED: ['L', 'keywordAdded'],
  ADDITIONAL_PROPERTIES_EXTENDED: ['S', 'typeExtended'],
  ADDITIONAL_PROPERTIES_NARROWED: ['L', 'typeNarrowed'],
  DEPENDENCY_ARRAY_ADDED: ['X', 'keywordAdded'],
  DEPENDENCY_ARRAY_REMOVED: ['S', 'keywordRemoved'],
  DEPENDENCY_ARRAY_EXTENDED: ['X', 'typeExtended'],
  DEPENDENCY_ARRAY_NARROWED: ['S', 'typeNarrowed'],
  DEPENDENCY_ARRAY_CHANGED: ['X', 'valueChanged'],
  DEPENDENCY_SCHEMA_ADDED: ['X', 'keywordAdded'],
  DEPENDENCY_SCHEMA_REMOVED: ['S', 'keywordRemoved'],
  /** @deprecated Confluent no longer emits it; kept so the vocabulary is complete. */
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: ['X', 'addedToOpen'],
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: ['X', 'addedToOpen'],
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: ['L', 'addedToOpen'],
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: ['L', 'addedToOpen'],
  PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: ['S', 'addedCompatibly'],
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: ['X', 'requiredAddedToUnopen'],
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: ['S', 'addedCompatibly'],
  OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: ['S', 'addedCompatibly'],
  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: ['S', 'removedCompatibly'],
  PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: ['S', 'removedCompatibly'],
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: ['L', 'removedFromClosed'],
  PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['S', 'removedCovered'],
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['L', 'removedNotCovered'],
  PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['S', 'addedCovered'],
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['L', 'addedNotCovered'],
  // Registry-level reserved-field checks; never produced by the diff itself.
  RESERVED_PROPERTY_REMOVED: ['X', 'reservedRemoved'],
  RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY: ['X', 'reservedConflict'],
  UNEVALUATED_PROPERTIES_ADDED: ['S', 'keywordRemoved'],
  UNEVALUATED_PROPERTIES_REMOVED: ['L', 'keywordAdded'],
  UNEVALUATED_PROPERTIES_EXTENDED: ['S', 'typeExtended'],
  UNEVALUATED_PROPERTIES_NARROWED: ['L', 'typeNarrowed'],

  MAX_ITEMS_ADDED: ['X', 'keywordAdded'],
  MAX_ITEMS_REMOVED: ['S', 'keywordRemoved'],
  MAX_ITEMS_INCREASED: ['S', 'valueIncreased'],
  MAX_ITEMS_DECREASED: ['X', 'valueDecreased'],
  MIN_ITEMS_ADDED: ['X', 'keywordAdded'],
  MIN_ITEMS_REMOVED: ['S', 'keywordRemoved'],
  MIN_ITEMS_INCREASED: ['X', 'valueIncreased'],
  MIN_ITEMS_DECREASED: ['S', 'valueDecreased'],
  MAX_CONTAINS_ADDED: ['X', 'keywordAdded'],
  MAX_CONTAINS_REMOVED: ['S', 'keywordRemoved'],
  MAX_CONTAINS_INCREASED: ['S', 'valueIncreased'],
  MAX_CONTAINS_DECREASED: ['X', 'valueDecreased'],
  MIN_CONTAINS_ADDED: ['X', 'keywordAdded'],
  MIN_CONTAINS_REMOVED: ['S', 'keywordRemoved'],
  MIN_CONTAINS_INCREASED: ['X', 'valueIncreased'],
  MIN_CONTAINS_DECREASED: ['S', 'valueDecreased'],
  UNIQUE_ITEMS_ADDED: ['X', 'keywordAdded'],
  UNIQUE_ITEMS_REMOVED: ['S', 'keywordRemoved'],
  ADDITIONAL_ITEMS_ADDED: ['S', 'keywordRemoved'],
  ADDITIONAL_ITEMS_REMOVED: ['X', 'keywordAdded'],
  ADDITIONAL_ITEMS_EXTENDED: ['S', 'typeExtended'],
  ADDITIONAL_ITEMS_NARROWED: ['X', 'typeNarrowed'],
  UNEVALUATED_ITEMS_ADDED: ['S', 'keywordRemoved'],
  UNEVALUATED_ITEMS_REMOVED: ['X', 'keywordAdded'],
  UNEVALUATED_ITEMS_EXTENDED: ['S', 'typeExtended'],
  UNEVALUATED_ITEMS_NARROWED: ['X', 'typeNarrowed'],
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: ['X', 'addedToOpen'],
  ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: ['S', 'addedCompatibly'],
  ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: ['S', 'addedCompatibly'],
  ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: ['S', 'removedCompatibly'],
  ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: ['S', 'removedCompatibly'],
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: ['X', 'removedFromClosed'],
  ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['S', 'removedCovered'],
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['X', 'removedNotCovered'],
  ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['S', 'addedCovered'],
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ['X', 'addedNotCovered'],

  ENUM_ARRAY_EXTENDED: ['S', 'typeExtended'],
  ENUM_ARRAY_NARROWED: ['X', 'typeNarrowed'],
  ENUM_ARRAY_CHANGED: ['X', 'typeChanged'],

  COMBINED_TYPE_EXTENDED: ['S', 'typeChanged'],
  COMBINED_TYPE_CHANGED: ['X', 'typeChanged'],
  PRODUCT_TYPE_EXTENDED: ['X', 'typeExtended'],
  PRODUCT_TYPE_NARROWED: ['S', 'typeNarrowed'],
  SUM_TYPE_EXTENDED: ['S', 'typeExtended'],
  SUM_TYPE_NARROWED: ['X', 'typeNarrowed'],
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: ['X', 'typeChanged'],
  NOT_TYPE_EXTENDED: ['X', 'typeExtended'],
  NOT_TYPE_NARROWED: ['S', 'typeNarrowed'],
} as const satisfies Record<string, readonly [Verdict, Family]>;

/** One of Confluent's JSON Schema difference types. */
export type JsonDifferenceType = keyof typeof TABLE;

/** All 132 types, in Confluent's enum order. */
export const JSON_DIFFERENCE_TYPES = Object.keys(TABLE) as JsonDifferenceType[];

function setOf(verdicts: readonly Verdict[]): ReadonlySet<JsonDifferenceType> {
  return new Set(JSON_DIFFERENCE_TYPES.filter((t) => verdicts.includes(TABLE[t][0])));
}

/** Confluent's `COMPATIBLE_CHANGES_STRICT`. */
export const COMPATIBLE_CHANGES_STRICT = setOf(['S']);
/** Confluent's `COMPATIBLE_CHANGES_LENIENT`: STRICT plus nine open-content-model relaxations. */
export const COMPATIBLE_CHANGES_LENIENT = setOf(['S', 'L']);

/** The compatible set a policy uses; LOGICAL only adds checks JSON Schema has none of. */
export function compatibleChanges(policy: CompatibilityPolicy): ReadonlySet<JsonDifferenceType> {
  return policy === 'LENIENT' ? COMPATIBLE_CHANGES_LENIENT : COMPATIBLE_CHANGES_STRICT;
}

const SENTENCES: Record<Family, (path: string) => string> = {
  keywordAdded: (p) => `The keyword at path '${p}' in the {reader} schema is not present in the {writer} schema`,
  keywordRemoved: (p) => `The keyword at path '${p}' in the {writer} schema is not present in the {reader} schema`,
  valueIncreased: (p) => `The value at path '${p}' in the {reader} schema is more than its value in the {writer} schema`,
  valueDecreased: (p) => `The value at path '${p}' in the {reader} schema is less than its value in the {writer} schema`,
  valueChanged: (p) => `The value at path '${p}' is different between the {reader} and {writer} schema`,
  typeNarrowed: (p) => `An array or combined type at path '${p}' has fewer elements in the {reader} schema than the {writer} schema`,
  typeExtended: (p) => `An array or combined type at path '${p}' has more elements in the {reader} schema than the {writer} schema`,
  typeChanged: (p) => `A type at path '${p}' is different between the {reader} schema and the {writer} schema`,
  addedToOpen: (p) =>
    `The {reader} schema has an open content model and has a property or item at path '${p}' which is missing in the {writer} schema`,
  requiredAddedToUnopen: (p) =>
    `The {reader} schema has an unopen content model and has a required property at path '${p}' which is missing in the {writer} schema`,
  removedFromClosed: (p) =>
    `The {reader} has a closed content model and is missing a property or item present at path '${p}' in the {writer} schema`,
  removedNotCovered: (p) =>
    `A property or item is missing in the {reader} schema but present at path '${p}' in the {writer} schema and is not covered by its partially open content model`,
  addedNotCovered: (p) =>
    `The {reader} schema has a property or item at path '${p}' which is missing in the {writer} schema and is not covered by its partially open content model`,
  addedCompatibly: (p) => `The {reader} schema has a property or item at path '${p}' which is missing in the {writer} schema`,
  addedCovered: (p) =>
    `The {reader} schema has a property or item at path '${p}' which is missing in the {writer} schema and is covered by its partially open content model`,
  removedCompatibly: (p) => `A property or item is missing in the {reader} schema but present at path '${p}' in the {writer} schema`,
  removedCovered: (p) =>
    `A property or item is missing in the {reader} schema but present at path '${p}' in the {writer} schema and is covered by its partially open content model`,
  reservedRemoved: (p) => `The {reader} schema has reserved property '${p}' removed from its metadata which is present in the {writer} schema.`,
  reservedConflict: (p) =>
    `The {reader} schema has property at path '${p}' that conflicts with the reserved properties which is missing in the {writer} schema.`,
};

/** Confluent's sentence for a difference, with `{reader}` / `{writer}` for the two sides. */
export function describeDifference(type: JsonDifferenceType, path: string): string {
  return SENTENCES[TABLE[type][1]](path);
}
