import type { SchemaType } from '../api/registry';

/**
 * Field names of a schema, for searching subjects the catalogue does not know about (the
 * catalogue's own search covers subjects bound to topics and events). Dotted paths name
 * nested fields: `customer.email`.
 */
export function fieldNames(schema: string, type: SchemaType): string[] {
  const out = new Set<string>();
  if (type === 'PROTOBUF') {
    const re = /^\s*(?:repeated\s+|optional\s+|required\s+)?(?:map\s*<[^>]+>|[A-Za-z_][\w.]*)\s+([A-Za-z_]\w*)\s*=\s*\d+/gm;
    for (let m = re.exec(schema); m; m = re.exec(schema)) out.add(m[1]);
    return [...out];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    return [];
  }
  const seen = new Set<unknown>();
  const walk = (node: unknown, prefix: string, depth: number) => {
    if (!node || typeof node !== 'object' || seen.has(node) || depth > 32) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach((n) => walk(n, prefix, depth + 1));
    const o = node as Record<string, unknown>;
    if (type === 'AVRO' && Array.isArray(o.fields)) {
      for (const f of o.fields as { name?: unknown; type?: unknown }[]) {
        if (typeof f?.name !== 'string') continue;
        out.add(prefix + f.name);
        walk(f.type, `${prefix}${f.name}.`, depth + 1);
      }
    } else if (type === 'JSON' && o.properties && typeof o.properties === 'object') {
      for (const [k, v] of Object.entries(o.properties as Record<string, unknown>)) {
        out.add(prefix + k);
        walk(v, `${prefix}${k}.`, depth + 1);
      }
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === 'fields' || k === 'properties') continue;
      if (typeof v === 'object') walk(v, prefix, depth + 1);
    }
  };
  walk(parsed, '', 0);
  return [...out];
}
