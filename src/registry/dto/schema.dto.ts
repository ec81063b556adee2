import type { SchemaReference } from '../../compatibility/schema-provider';
import type { SchemaType } from '../../compatibility/schema-type';

/** Body of POST /subjects/{s}/versions, POST /subjects/{s} and the compatibility checks. */
export interface RegisterSchemaRequest {
  schema?: unknown;
  schemaType?: unknown;
  references?: unknown;
  metadata?: unknown;
  ruleSet?: unknown;
  version?: unknown;
  id?: unknown;
}

/** Confluent's `Schema` entity: a subject version. Fields in Confluent's order; empty ones omitted. */
export interface SchemaEntity {
  subject: string;
  version: number;
  id: number;
  guid?: string;
  schemaType?: SchemaType;
  references?: readonly SchemaReference[];
  metadata?: unknown;
  ruleSet?: unknown;
  schema: string;
  deleted?: boolean;
}

/** Confluent's `SchemaString`: a schema by id. */
export interface SchemaStringEntity {
  schemaType?: SchemaType;
  schema: string;
  references?: readonly SchemaReference[];
  metadata?: unknown;
  ruleSet?: unknown;
  maxId?: number;
  guid?: string;
}

export interface RegisterSchemaResponse {
  id: number;
  version?: number;
  guid?: string;
  schemaType?: SchemaType;
  references?: readonly SchemaReference[];
  metadata?: unknown;
  ruleSet?: unknown;
  schema?: string;
}

export interface SubjectVersionEntity {
  subject: string;
  version: number;
}
