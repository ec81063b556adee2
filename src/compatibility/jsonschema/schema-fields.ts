import type { SchemaFieldTag } from '../schema-provider';
import { childSchemas, type Dialect } from './dialect';
import { escapePointerToken, type JsonNode, member } from './json-text';

/** Confluent's keyword for field-level tags. */
export const TAGS_KEYWORD = 'confluent:tags';

export interface FieldEntry {
  /** JSON pointer of the property's schema, as a fragment: `#/properties/address/properties/street`. */
  readonly path: string;
  readonly name: string;
  readonly schema: JsonNode;
}

/**
 * Every property declared anywhere in the document (nested objects, array items,
 * definitions, combined schemas, conditionals), in document order. `$ref`s are not followed:
 * each property is listed where it is written.
 */
export function listFields(root: JsonNode, dialect: Dialect): FieldEntry[] {
  const fields: FieldEntry[] = [];
  const work: Array<{ node: JsonNode; path: string }> = [{ node: root, path: '#' }];
  while (work.length) {
    const { node, path } = work.pop() as { node: JsonNode; path: string };
    const children = childSchemas(node, dialect);
    for (const child of children) {
      if (child.tokens[0] === 'properties' && child.tokens.length === 2) {
        fields.push({ path: `${path}/properties/${escapePointerToken(child.tokens[1] as string)}`, name: child.tokens[1] as string, schema: child.node });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as { tokens: readonly string[]; node: JsonNode };
      work.push({ node: child.node, path: `${path}/${child.tokens.map(escapePointerToken).join('/')}` });
    }
  }
  return fields.sort((a, b) => a.schema.offset - b.schema.offset);
}

/** The properties carrying `confluent:tags`, with their tags. */
export function listFieldTags(root: JsonNode, dialect: Dialect): SchemaFieldTag[] {
  return listFields(root, dialect).flatMap(({ path, name, schema }) => {
    const tags = member(schema, TAGS_KEYWORD);
    if (tags?.type !== 'array') return [];
    const names = tags.items.flatMap((t) => (t.type === 'string' ? [t.value] : []));
    return names.length ? [{ path, field: name, tags: names }] : [];
  });
}
