import type { ParsedSchema, SchemaProvider } from '../compatibility/schema-provider';

/** A schema field with its tags by where they come from. */
export interface SchemaField {
  /** As the format's provider names it: `io.acme.Order.email`, `#/properties/email`, `acme.Order.email`. */
  readonly path: string;
  readonly name: string;
  /** Declared on the field (`confluent:tags`, Protobuf's `(confluent.field_meta).tags`). */
  readonly schemaTags: readonly string[];
  /** From the version's `metadata.tags` (path patterns to tags). */
  readonly metadataTags: readonly string[];
}

/**
 * The fields of a parsed schema with their schema and metadata tags. Formats without field
 * listings give none.
 */
export function schemaFields(provider: SchemaProvider, parsed: ParsedSchema, metadata: unknown): SchemaField[] {
  const names = provider.fieldNames?.(parsed) ?? [];
  const inline = new Map<string, string[]>();
  for (const t of provider.fieldTags?.(parsed) ?? []) inline.set(t.path, [...(inline.get(t.path) ?? []), ...t.tags]);
  const patterns = metadataTagPatterns(metadata);
  return names.map(({ path, name }) => {
    const metadataTags = new Set<string>();
    for (const p of patterns) if (p.matches(path, name)) p.tags.forEach((t) => metadataTags.add(t));
    return { path, name, schemaTags: unique(inline.get(path) ?? []), metadataTags: [...metadataTags] };
  });
}

/**
 * Confluent's `metadata.tags` maps field paths to tags; paths may use `*` (one name) and `**`
 * (any depth): `{"**.ssn": ["PII"]}`, `{"io.acme.Customer.email": ["PII"]}`. JSON Schema
 * paths (`#/properties/a/properties/b`) are also matched in their dotted form (`a.b`).
 */
function metadataTagPatterns(metadata: unknown): { tags: string[]; matches(path: string, name: string): boolean }[] {
  const tags = (metadata as { tags?: Record<string, unknown> } | null)?.tags;
  if (!tags || typeof tags !== 'object') return [];
  return Object.entries(tags).flatMap(([pattern, list]) => {
    if (!Array.isArray(list)) return [];
    const regex = globToRegex(pattern);
    return [
      {
        tags: list.filter((t): t is string => typeof t === 'string'),
        matches: (path: string, name: string) => pattern === name || regex.test(path) || regex.test(dotted(path)),
      },
    ];
  });
}

/** `**.ssn` -> /^.*\.ssn$/ (well: `**` spans dots, `*` does not). Every other character is literal. */
export function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '*' && glob[i + 1] === '*') {
      // `**.x` also matches a top-level `x`.
      if (glob[i + 2] === '.') {
        source += '(?:[^]*\\.)?';
        i += 2;
      } else {
        source += '[^]*';
        i++;
      }
    } else if (glob[i] === '*') source += '[^.]*';
    else source += glob[i].replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function dotted(path: string): string {
  if (!path.startsWith('#/')) return path;
  return path
    .slice(2)
    .split('/')
    .filter((segment, i, all) => !(segment === 'properties' && i < all.length - 1))
    .join('.');
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
