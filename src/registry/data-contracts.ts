import { Errors } from '../common/errors/registry-error';

/**
 * Confluent's data contracts: `metadata` and `ruleSet` travel with a schema, are part of its
 * identity, and are completed at registration from the previous version and the config's
 * default/override values.
 */
interface Metadata {
  tags?: Record<string, string[]>;
  properties?: Record<string, string>;
  sensitive?: string[];
}
interface Rule {
  name: string;
  [k: string]: unknown;
}
interface RuleSet {
  migrationRules?: Rule[];
  domainRules?: Rule[];
  encodingRules?: Rule[];
}

const RULE_KINDS = ['TRANSFORM', 'CONDITION'];
const RULE_MODES = ['UPGRADE', 'DOWNGRADE', 'UPDOWN', 'WRITE', 'READ', 'WRITEREAD'];
const RULE_LISTS = ['migrationRules', 'domainRules', 'encodingRules'] as const;

/** Checks a `metadata` value: null, or an object of tags, properties and sensitive names. */
export function readMetadata(value: unknown): Metadata | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw Errors.invalidSchema('The field "metadata" must be an object or null');
  const m = value as Record<string, unknown>;
  if (m.tags != null && (typeof m.tags !== 'object' || Array.isArray(m.tags))) {
    throw Errors.invalidSchema('metadata.tags must map each path to a list of tags');
  }
  if (m.properties != null && (typeof m.properties !== 'object' || Array.isArray(m.properties))) {
    throw Errors.invalidSchema('metadata.properties must be an object of strings');
  }
  if (m.sensitive != null && !Array.isArray(m.sensitive)) throw Errors.invalidSchema('metadata.sensitive must be a list of names');
  return m as Metadata;
}

/** Checks a `ruleSet` value (42210 when it is not one): null, or lists of named, typed rules. */
export function readRuleSet(value: unknown): RuleSet | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw Errors.invalidRuleSet('Invalid rule set: expected an object');
  const rs = value as Record<string, unknown>;
  const names = new Set<string>();
  for (const list of RULE_LISTS) {
    const rules = rs[list];
    if (rules == null) continue;
    if (!Array.isArray(rules)) throw Errors.invalidRuleSet(`Invalid rule set: ${list} must be a list`);
    for (const r of rules as unknown[]) {
      const rule = r as Record<string, unknown> | null;
      if (!rule || typeof rule !== 'object') throw Errors.invalidRuleSet(`Invalid rule set: every entry of ${list} must be a rule object`);
      if (typeof rule.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(rule.name)) {
        throw Errors.invalidRuleSet(`Invalid rule set: rule name '${String(rule.name)}' is missing or has illegal characters`);
      }
      if (names.has(rule.name)) throw Errors.invalidRuleSet(`Found rule with duplicate name '${rule.name}'`);
      names.add(rule.name);
      if (typeof rule.type !== 'string' || !rule.type) throw Errors.invalidRuleSet(`Invalid rule set: rule '${rule.name}' is missing its type`);
      if (rule.kind != null && !RULE_KINDS.includes(String(rule.kind))) {
        throw Errors.invalidRuleSet(`Invalid rule set: rule '${rule.name}' has kind '${String(rule.kind)}'; use TRANSFORM or CONDITION`);
      }
      if (rule.mode != null && !RULE_MODES.includes(String(rule.mode))) {
        throw Errors.invalidRuleSet(`Invalid rule set: rule '${rule.name}' has unknown mode '${String(rule.mode)}'`);
      }
      if (list === 'migrationRules' && rule.mode != null && !['UPGRADE', 'DOWNGRADE', 'UPDOWN'].includes(String(rule.mode))) {
        throw Errors.invalidRuleSet('Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN');
      }
    }
  }
  return rs as RuleSet;
}

/** Later wins for tags and properties; sensitive names are united. */
export function mergeMetadata(base: unknown, over: unknown): unknown {
  if (base == null) return over ?? null;
  if (over == null) return base;
  const a = base as Metadata;
  const b = over as Metadata;
  const out: Metadata = {};
  if (a.tags || b.tags) out.tags = { ...a.tags, ...b.tags };
  if (a.properties || b.properties) out.properties = { ...a.properties, ...b.properties };
  if (a.sensitive || b.sensitive) out.sensitive = [...new Set([...(a.sensitive ?? []), ...(b.sensitive ?? [])])];
  return out;
}

/** Rules merged by name per list: a later rule with the same name replaces the earlier one. */
export function mergeRuleSet(base: unknown, over: unknown): unknown {
  if (base == null) return over ?? null;
  if (over == null) return base;
  const a = base as RuleSet;
  const b = over as RuleSet;
  const out: RuleSet = {};
  for (const list of RULE_LISTS) {
    if (!a[list] && !b[list]) continue;
    const byName = new Map<string, Rule>();
    for (const r of a[list] ?? []) byName.set(r.name, r);
    for (const r of b[list] ?? []) byName.set(r.name, r);
    out[list] = [...byName.values()];
  }
  return out;
}

/** A metadata property used by compatibilityGroup. */
export function metadataProperty(metadata: unknown, key: string): string | undefined {
  const props = (metadata as Metadata | null)?.properties;
  const v = props?.[key];
  return v == null ? undefined : String(v);
}

/** Order-insensitive deep equality for JSON values (metadata and rule sets). */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a ?? null) === stableStringify(b ?? null);
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
