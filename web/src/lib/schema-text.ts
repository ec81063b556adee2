import type { SchemaType } from '../api/registry';
import type { Language } from './highlight';

export function languageOf(type: SchemaType): Language {
  return type === 'PROTOBUF' ? 'proto' : 'json';
}

/**
 * The registry stores Avro and JSON schemas in a compact form (one line); people read and diff
 * them pretty-printed. Text that is not valid JSON is shown as it is.
 */
export function displaySchema(schema: string, type: SchemaType): string {
  if (type === 'PROTOBUF') return schema.replace(/\n$/, '');
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema;
  }
}
