import { AvroProvider } from './avro/avro.provider';
import { JsonSchemaProvider } from './jsonschema/json-schema.provider';
import { ProtobufProvider } from './protobuf/protobuf.provider';
import { SchemaProviders } from './schema-providers';

/** The three formats Charter registers, one provider each. */
export function createSchemaProviders(): SchemaProviders {
  return new SchemaProviders([new AvroProvider(), new ProtobufProvider(), new JsonSchemaProvider()]);
}
