import { createHash, type Hash } from 'node:crypto';
import type { SchemaReference } from '../compatibility/schema-provider';

/**
 * Confluent's content identity of a schema: an MD5 over the schema text, its references,
 * metadata and rule set, fed in a fixed order (`Schema.updateHash`). Two registrations with the
 * same identity in one context share an id; the GUID is the same digest read as a UUID.
 */
export function schemaIdentity(
  schema: string,
  references: readonly SchemaReference[],
  metadata: unknown,
  ruleSet: unknown,
): { md5: string; guid: string } {
  const md = createHash('md5');
  md.update(schema, 'utf8');
  for (const r of references) {
    if (r.name != null) md.update(r.name, 'utf8');
    if (r.subject != null) md.update(r.subject, 'utf8');
    md.update(int32(r.version ?? -1));
  }
  if (metadata != null) {
    md.update(Buffer.of(1));
    hashMetadata(md, metadata as Metadata);
  }
  if (ruleSet != null) {
    md.update(Buffer.of(1));
    hashRuleSet(md, ruleSet as RuleSet);
  }
  const digest = md.digest();
  const hex = digest.toString('hex');
  const guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { md5: hex, guid };
}

interface Metadata {
  tags?: Record<string, string[]>;
  properties?: Record<string, string>;
  sensitive?: string[];
}
interface Rule {
  name?: string;
  doc?: string;
  kind?: string;
  mode?: string;
  type?: string;
  tags?: string[];
  params?: Record<string, string>;
  expr?: string;
  onSuccess?: string;
  onFailure?: string;
  disabled?: boolean;
}
interface RuleSet {
  migrationRules?: Rule[];
  domainRules?: Rule[];
  encodingRules?: Rule[];
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0);
  return b;
}

const sortedKeys = (o: object | undefined | null) => (o ? Object.keys(o).sort() : []);
const sortedSet = (a: unknown): string[] => (Array.isArray(a) ? [...new Set(a.map(String))].sort() : []);

// Confluent keeps tags, properties and sensitive in sorted maps and sets, so the hash does not
// depend on the order a client sent them in.
function hashMetadata(md: Hash, m: Metadata): void {
  if (m.tags != null) {
    for (const k of sortedKeys(m.tags)) {
      md.update(k, 'utf8');
      for (const v of sortedSet(m.tags[k])) md.update(v, 'utf8');
    }
  }
  if (m.properties != null) {
    for (const k of sortedKeys(m.properties)) {
      md.update(k, 'utf8');
      md.update(String(m.properties[k]), 'utf8');
    }
  }
  if (m.sensitive != null) for (const s of sortedSet(m.sensitive)) md.update(s, 'utf8');
}

function hashRuleSet(md: Hash, r: RuleSet): void {
  for (const list of [r.migrationRules, r.domainRules, r.encodingRules]) {
    if (Array.isArray(list)) for (const rule of list) hashRule(md, rule ?? {});
  }
}

function hashRule(md: Hash, r: Rule): void {
  for (const s of [r.name, r.doc, r.kind, r.mode, r.type]) if (s != null) md.update(String(s), 'utf8');
  if (r.tags != null) for (const t of sortedSet(r.tags)) md.update(t, 'utf8');
  if (r.params != null) {
    for (const k of sortedKeys(r.params)) {
      md.update(k, 'utf8');
      md.update(String(r.params[k]), 'utf8');
    }
  }
  for (const s of [r.expr, r.onSuccess, r.onFailure]) if (s != null) md.update(String(s), 'utf8');
  if (r.disabled) md.update(Buffer.of(1));
}
