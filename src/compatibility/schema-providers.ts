import type { SchemaProvider } from './schema-provider';
import type { SchemaType } from './schema-type';

/** The provider for each format. */
export class SchemaProviders {
  private readonly byType = new Map<SchemaType, SchemaProvider>();

  constructor(providers: readonly SchemaProvider[]) {
    for (const p of providers) this.byType.set(p.schemaType, p);
  }

  /** The provider of `type`; every SchemaType has one. */
  get(type: SchemaType): SchemaProvider {
    const p = this.byType.get(type);
    if (!p) throw new Error(`No provider for schema type ${type}`);
    return p;
  }

  types(): SchemaType[] {
    return [...this.byType.keys()];
  }
}
