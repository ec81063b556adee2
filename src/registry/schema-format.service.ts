import { Injectable } from '@nestjs/common';
import type { StoredSchema } from './registry.types';
import { SchemaParserService } from './schema-parser.service';

/** `?format=` on reads: another rendering of a stored schema, or the stored text. */
@Injectable()
export class SchemaFormatService {
  constructor(private readonly parser: SchemaParserService) {}

  async render(s: StoredSchema, format: string | undefined): Promise<string> {
    if (!format || format === 'default') return s.schema;
    const provider = this.parser.providers.get(s.schemaType);
    if (!provider.format) return s.schema;
    const parsed = await this.parser.parseStored(s);
    return provider.format(parsed, format) ?? s.schema;
  }
}
