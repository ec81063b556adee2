import { describe as describeForSides } from '../difference';
import {
  COMPATIBLE_CHANGES_LENIENT,
  COMPATIBLE_CHANGES_STRICT,
  compatibleChanges,
  describeDifference,
  JSON_DIFFERENCE_TYPES,
} from './difference-types';

describe('JSON Schema difference types', () => {
  it("has Confluent's 132 types", () => {
    expect(JSON_DIFFERENCE_TYPES).toHaveLength(132);
    expect(new Set(JSON_DIFFERENCE_TYPES).size).toBe(132);
  });

  it('counts 65 compatible under STRICT and 9 more under LENIENT', () => {
    expect(COMPATIBLE_CHANGES_STRICT.size).toBe(65);
    expect(COMPATIBLE_CHANGES_LENIENT.size).toBe(74);
    for (const t of COMPATIBLE_CHANGES_STRICT) expect(COMPATIBLE_CHANGES_LENIENT.has(t)).toBe(true);
  });

  it('adds exactly the open-content-model relaxations under LENIENT', () => {
    const added = [...COMPATIBLE_CHANGES_LENIENT].filter((t) => !COMPATIBLE_CHANGES_STRICT.has(t)).sort();
    expect(added).toEqual([
      'ADDITIONAL_PROPERTIES_NARROWED',
      'ADDITIONAL_PROPERTIES_REMOVED',
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
      'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
      'UNEVALUATED_PROPERTIES_NARROWED',
      'UNEVALUATED_PROPERTIES_REMOVED',
    ]);
  });

  it('treats LOGICAL like STRICT', () => {
    expect(compatibleChanges('LOGICAL')).toBe(COMPATIBLE_CHANGES_STRICT);
    expect(compatibleChanges('LENIENT')).toBe(COMPATIBLE_CHANGES_LENIENT);
  });

  it('gives every type a sentence naming its path and both sides', () => {
    for (const type of JSON_DIFFERENCE_TYPES) {
      const sentence = describeDifference(type, '#/properties/x');
      expect(sentence).toContain("'#/properties/x'");
      expect(sentence).toContain('{reader}');
      expect(sentence).toContain('{writer}');
    }
  });

  it.each([
    [
      'MAX_LENGTH_ADDED',
      '#/maxLength',
      "The keyword at path '#/maxLength' in the new schema is not present in the old schema",
    ],
    [
      'MIN_ITEMS_INCREASED',
      '#/minItems',
      "The value at path '#/minItems' in the new schema is more than its value in the old schema",
    ],
    [
      'MAXIMUM_DECREASED',
      '#/maximum',
      "The value at path '#/maximum' in the new schema is less than its value in the old schema",
    ],
    ['PATTERN_CHANGED', '#/pattern', "The value at path '#/pattern' is different between the new and old schema"],
    ['SUM_TYPE_NARROWED', '#/', "An array or combined type at path '#/' has fewer elements in the new schema than the old schema"],
    [
      'PRODUCT_TYPE_EXTENDED',
      '#/',
      "An array or combined type at path '#/' has more elements in the new schema than the old schema",
    ],
    ['TYPE_CHANGED', '#/properties/a', "A type at path '#/properties/a' is different between the new schema and the old schema"],
    [
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      '#/properties/b',
      "The new schema has an open content model and has a property or item at path '#/properties/b' which is missing in the old schema",
    ],
    [
      'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
      '#/properties/b',
      "The new schema has an unopen content model and has a required property at path '#/properties/b' which is missing in the old schema",
    ],
    [
      'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
      '#/properties/b',
      "The new has a closed content model and is missing a property or item present at path '#/properties/b' in the old schema",
    ],
    [
      'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      '#/items/2',
      "A property or item is missing in the new schema but present at path '#/items/2' in the old schema and is not covered by its partially open content model",
    ],
    [
      'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      '#/properties/b',
      "The new schema has a property or item at path '#/properties/b' which is missing in the old schema and is not covered by its partially open content model",
    ],
  ] as const)("renders %s in BACKWARD as Confluent's verbose message", (type, path, expected) => {
    const sut = describeDifference(type, path);
    expect(describeForSides({ type, path, compatible: false, description: sut }, 'new', 'old')).toBe(expected);
  });
});
