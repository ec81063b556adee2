import type { RegisterSchemaResponse, SchemaEntity, SchemaStringEntity } from './dto/schema.dto';
import type { StoredSchema } from './registry.types';

// AVRO is Confluent's default schemaType: like Confluent's classic answers and Karapace,
// Charter leaves it out for Avro; every client reads a missing schemaType as AVRO.
const typeField = (s: StoredSchema) => (s.schemaType === 'AVRO' ? undefined : s.schemaType);
const refsField = (s: StoredSchema) => (s.references.length ? s.references : undefined);
const orUndefined = (v: unknown) => (v == null ? undefined : v);

export function schemaEntity(subject: string, version: number, s: StoredSchema, text: string, deleted: boolean): SchemaEntity {
  return {
    subject,
    version,
    id: s.id,
    guid: s.guid,
    schemaType: typeField(s),
    references: refsField(s),
    metadata: orUndefined(s.metadata),
    ruleSet: orUndefined(s.ruleSet),
    schema: text,
    deleted: deleted || undefined,
  };
}

export function schemaStringEntity(s: StoredSchema, text: string, maxId?: number): SchemaStringEntity {
  return {
    schemaType: typeField(s),
    schema: text,
    references: refsField(s),
    metadata: orUndefined(s.metadata),
    ruleSet: orUndefined(s.ruleSet),
    maxId,
    guid: s.guid,
  };
}

export function registerResponse(s: StoredSchema, version: number | undefined): RegisterSchemaResponse {
  return {
    id: s.id,
    version,
    guid: s.guid,
    schemaType: typeField(s),
    references: refsField(s),
    metadata: orUndefined(s.metadata),
    ruleSet: orUndefined(s.ruleSet),
    schema: s.schema,
  };
}
