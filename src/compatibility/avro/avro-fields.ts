import type { SchemaFieldTag } from '../schema-provider';
import { JsonArray, jsonText } from './avro-json';
import type { AvroField, AvroSchema, RecordSchema } from './avro-schema';
import { runSteps, type Step } from '../steps';

/** The field property Confluent reads inline tags from. */
export const TAGS_PROPERTY = 'confluent:tags';

/**
 * Every field of every record reachable from `schema`, depth first in declaration order, each
 * record once (so recursive types end), as Confluent's `inlineTaggedEntities` walks them.
 * A field's path is `<record full name>.<field name>`.
 */
export function visitFields(schema: AvroSchema, visit: (record: RecordSchema, field: AvroField, path: string) => void): void {
  runSteps(walk(schema, new Set(), visit));
}

function* walk(schema: AvroSchema, visited: Set<string>, visit: (record: RecordSchema, field: AvroField, path: string) => void): Step<void> {
  switch (schema.type) {
    case 'union':
      for (const branch of schema.types) yield walk(branch, visited, visit);
      return;
    case 'array':
      yield walk(schema.items, visited, visit);
      return;
    case 'map':
      yield walk(schema.values, visited, visit);
      return;
    case 'record':
      if (visited.has(schema.name.full)) return;
      visited.add(schema.name.full);
      for (const field of schema.fields) {
        visit(schema, field, `${schema.name.full}.${field.name}`);
        yield walk(field.schema, visited, visit);
      }
      return;
    default:
      return;
  }
}

/** Fields carrying `"confluent:tags": [...]`; tags de-duplicated in order, as Java's set keeps them. */
export function avroFieldTags(schema: AvroSchema): SchemaFieldTag[] {
  const found: SchemaFieldTag[] = [];
  visitFields(schema, (_record, field, path) => {
    const tags = field.props.get(TAGS_PROPERTY);
    if (!(tags instanceof JsonArray)) return;
    const unique = [...new Set(tags.items.map((tag) => (typeof tag === 'string' ? tag : jsonText(tag))))];
    if (unique.length > 0) found.push({ path, field: field.name, tags: unique });
  });
  return found;
}

export function avroFieldNames(schema: AvroSchema): { path: string; name: string }[] {
  const found: { path: string; name: string }[] = [];
  visitFields(schema, (_record, field, path) => found.push({ path, name: field.name }));
  return found;
}
