import { levelRule, type CompatibilityLevel } from '../../compatibility/compatibility-level';
import type { CatalogState, SubjectBinding } from '../catalog-state';
import { normalizeSubject } from '../catalog-state';
import type { EntityMap, EntityType, Policy, PolicyKind, Severity, Topic } from '../catalog.types';
import { compileTemplate, templateExample, templateMismatches, type NamingTemplate } from './naming-template';
import { matchPiiPattern } from './pii-patterns';
import {
  parsePolicyParams,
  type CompatibilityParams,
  type NamingParams,
  type PiiTaggingParams,
  type PolicyTarget,
  type RequiredFieldsParams,
  type RetentionParams,
} from './policy-params';
import { compileSafeRegex } from './safe-regex';

/** One way an entry breaks one policy, with what to do about it. */
export interface Violation {
  readonly policy: string;
  readonly kind: PolicyKind;
  readonly severity: Severity;
  readonly entity: { readonly type: EntityType; readonly key: string };
  /** The field at fault: `name`, `topicConfiguration.retention.ms`, `orders-value:io.acme.Order.email`, ... */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** A schema field with every tag it carries (inline, metadata and catalogue). */
export interface FieldFacts {
  readonly path: string;
  readonly name: string;
  readonly tags: readonly string[];
}

/** What the schema rules need to know about a subject, gathered from the registry. */
export interface SubjectFacts {
  readonly subject: string;
  /** The version the fields come from; null when the subject has no live version. */
  readonly version: number | 'candidate' | null;
  readonly fields: readonly FieldFacts[];
  /** The subject's effective compatibility level. */
  readonly level: CompatibilityLevel;
}

/** An entry to check. */
export interface PolicyTargetRef {
  readonly type: EntityType;
  readonly key: string;
}

export interface EvaluationRequest {
  /** The catalogue to judge: for a write, the state it would leave. */
  readonly state: CatalogState;
  readonly targets: readonly PolicyTargetRef[];
  /** Facts per subject (normalized); subjects without facts are not judged by schema rules. */
  readonly facts: ReadonlyMap<string, SubjectFacts>;
  /** Only these kinds (all by default). */
  readonly kinds?: readonly PolicyKind[];
  /** Schema rules judge only these subjects (normalized), as when one is being registered. */
  readonly subjects?: ReadonlySet<string>;
}

type Compiled =
  | { kind: 'naming'; params: NamingParams; template?: NamingTemplate; regex?: RegExp }
  | { kind: 'retention'; params: RetentionParams }
  | { kind: 'required-fields'; params: RequiredFieldsParams }
  | { kind: 'pii-tagging'; params: PiiTaggingParams }
  | { kind: 'compatibility'; params: CompatibilityParams };

/** Policies are immutable values: their compiled form is kept as long as they are. */
const compiledPolicies = new WeakMap<Policy, Compiled | null>();

function compile(policy: Policy): Compiled | null {
  if (compiledPolicies.has(policy)) return compiledPolicies.get(policy)!;
  const parsed = parsePolicyParams(policy.kind, policy.params);
  let compiled: Compiled | null = null;
  if ('params' in parsed) {
    const params = parsed.params;
    if (policy.kind === 'naming') {
      const p = params as NamingParams;
      compiled = {
        kind: 'naming',
        params: p,
        template: p.template !== undefined ? compileTemplate(p.template) : undefined,
        regex: p.pattern !== undefined ? compileSafeRegex(p.pattern) : undefined,
      };
    } else {
      compiled = { kind: policy.kind, params } as Compiled;
    }
  }
  compiledPolicies.set(policy, compiled);
  return compiled;
}

/** Every violation of the enabled policies by the targets, most severe first. */
export function evaluatePolicies(request: EvaluationRequest): Violation[] {
  const { state } = request;
  const violations: Violation[] = [];
  const policies = state.all('policy').filter((p) => p.enabled && (!request.kinds || request.kinds.includes(p.kind)));
  for (const target of request.targets) {
    const entry = state.get(target.type, target.key);
    if (!entry) continue;
    const domain = state.domainOf(target.type, entry);
    for (const policy of policies) {
      if (policy.domain !== null && policy.domain !== domain) continue;
      const compiled = compile(policy);
      if (!compiled) continue;
      const emit = (field: string, message: string, fix: string) =>
        violations.push({ policy: policy.name, kind: policy.kind, severity: policy.severity, entity: target, field, message, fix });
      switch (compiled.kind) {
        case 'naming':
          if (compiled.params.target === target.type) naming(compiled, target.type, entry as Named, domain, emit);
          break;
        case 'required-fields':
          if (compiled.params.target === target.type) requiredFields(compiled.params, target.type as PolicyTarget, entry, emit);
          break;
        case 'retention':
          if (target.type === 'topic') retention(compiled.params, entry as Topic, emit);
          break;
        case 'pii-tagging':
          if (target.type === 'topic') piiTagging(compiled.params, entry as Topic, schemaBindings(request, entry as Topic), request.facts, emit);
          break;
        case 'compatibility':
          if (target.type === 'topic') compatibility(compiled.params, schemaBindings(request, entry as Topic), request.facts, emit);
          break;
      }
    }
  }
  return violations.sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      compare(a.entity.type, b.entity.type) ||
      compare(a.entity.key, b.entity.key) ||
      compare(a.policy, b.policy) ||
      compare(a.field, b.field),
  );
}

/** Whether any violation blocks. */
export function blocks(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === 'block');
}

/** One line per violation, as the registry's 42201 message and logs show them. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `[${v.severity}] ${v.policy}: ${v.message} Fix: ${v.fix}`).join('; ');
}

type Emit = (field: string, message: string, fix: string) => void;
type Named = { readonly name: string };

const LABEL: Record<EntityType, string> = {
  domain: 'domain',
  team: 'team',
  application: 'application',
  topic: 'topic',
  event: 'event',
  client: 'topic client',
  'field-tag': 'field tag',
  policy: 'policy',
};

function naming(c: Extract<Compiled, { kind: 'naming' }>, type: EntityType, entry: Named, domain: string | null, emit: Emit): void {
  const label = LABEL[type];
  if (c.regex && !c.regex.test(entry.name)) {
    emit('name', `The ${label} name '${entry.name}' does not match ${c.params.pattern}.`, `Rename the ${label} so that its name matches ${c.params.pattern}.`);
  }
  if (c.template) {
    const context = { domain: type === 'domain' ? null : domain, words: c.params.words };
    const problems = templateMismatches(c.template, entry.name, context);
    if (problems.length) {
      const allowed = Object.entries(c.params.words)
        .map(([p, words]) => `{${p}} one of ${words.join(', ')}`)
        .join('; ');
      emit(
        'name',
        `The ${label} name ${problems.join('; ')}.`,
        `Rename the ${label} following ${c.template.template}, e.g. '${templateExample(c.template, context)}'${allowed ? ` (${allowed})` : ''}.`,
      );
    }
  }
}

function requiredFields(p: RequiredFieldsParams, type: PolicyTarget, entry: EntityMap[EntityType], emit: Emit): void {
  const e = entry as unknown as Record<string, unknown>;
  for (const field of p.fields) {
    let present: boolean;
    let property = field;
    switch (field) {
      case 'owner':
        property = 'ownerTeam';
        present = !!e.ownerTeam;
        break;
      case 'retention':
        property = 'topicConfiguration.retention.ms';
        present = (e.topicConfiguration as Record<string, unknown> | undefined)?.['retention.ms'] !== undefined;
        break;
      case 'description':
        present = typeof e.description === 'string' && e.description.trim() !== '';
        break;
      default: {
        const value = e[field];
        present = Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined;
      }
    }
    if (!present) {
      emit(property, `The ${type} '${(e as Named).name}' has no ${field}.`, `Set ${property} on the ${type}.`);
    }
  }
}

const DAY = 86_400_000;

/** 2592000000 -> "30 days". */
export function formatDuration(ms: number): string {
  if (ms === -1) return 'forever';
  const units: [number, string][] = [
    [365 * DAY, 'year'],
    [DAY, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms / size === 1 ? '' : 's'}`;
  }
  return `${ms} ms`;
}

function retention(p: RetentionParams, topic: Topic, emit: Emit): void {
  if (p.classifications.length && !(topic.classification && p.classifications.includes(topic.classification))) return;
  if (p.tags.length && !p.tags.some((t) => topic.tags.includes(t))) return;
  const configured = topic.topicConfiguration['retention.ms'];
  const compactOnly = (topic.topicConfiguration['cleanup.policy'] ?? ['delete']).every((c) => c === 'compact');
  // A compacted topic keeps the latest record of every key forever, whatever retention.ms says.
  const effective = compactOnly ? -1 : (configured ?? p.defaultMs);
  const what = [
    p.classifications.length ? `${p.classifications.join(' or ')} topics` : 'topics',
    p.tags.length ? `tagged ${p.tags.join(' or ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const shown = compactOnly
    ? 'forever (cleanup.policy is compact)'
    : configured === undefined
      ? `not set, so the default of ${formatDuration(p.defaultMs)} applies`
      : `${configured} (${formatDuration(configured)})`;
  const field = 'topicConfiguration.retention.ms';
  if (p.minMs !== undefined && effective !== -1 && effective < p.minMs) {
    emit(
      field,
      `Retention of topic '${topic.name}' is ${shown}, below the minimum of ${formatDuration(p.minMs)} for ${what}.`,
      `Set topicConfiguration.retention.ms to at least ${p.minMs} (${formatDuration(p.minMs)}), or -1 to keep records forever.`,
    );
  }
  if (p.maxMs !== undefined && (effective === -1 || effective > p.maxMs)) {
    emit(
      field,
      `Retention of topic '${topic.name}' is ${shown}, above the maximum of ${formatDuration(p.maxMs)} for ${what}.`,
      `Set topicConfiguration.retention.ms to at most ${p.maxMs} (${formatDuration(p.maxMs)})${compactOnly ? ' and add delete to cleanup.policy' : ''}.`,
    );
  }
}

function schemaBindings(request: EvaluationRequest, topic: Topic): SubjectBinding[] {
  const bound = request.state.subjectsOf(topic.name);
  return request.subjects ? bound.filter((b) => request.subjects!.has(normalizeSubject(b.subject))) : [...bound];
}

function piiTagging(
  p: PiiTaggingParams,
  topic: Topic,
  bindings: readonly SubjectBinding[],
  facts: ReadonlyMap<string, SubjectFacts>,
  emit: Emit,
): void {
  if (!topic.classification || !p.classifications.includes(topic.classification)) return;
  const accepted = new Set(p.tags.map((t) => t.toUpperCase()));
  const seen = new Set<string>();
  for (const binding of bindings) {
    const subject = normalizeSubject(binding.subject);
    if (seen.has(subject)) continue;
    seen.add(subject);
    const f = facts.get(subject);
    if (!f) continue;
    for (const field of f.fields) {
      if (p.ignore.includes(field.name) || p.ignore.includes(field.path)) continue;
      const pattern = matchPiiPattern(field.name, p.patterns);
      if (!pattern || field.tags.some((t) => accepted.has(t.toUpperCase()))) continue;
      const version = f.version === 'candidate' ? 'the schema being registered' : `version ${f.version}`;
      emit(
        `${subject}:${field.path}`,
        `Field '${field.name}' (${field.path}) of subject '${subject}' (${version}) looks like personal data (it matches '${pattern}') ` +
          `but is not tagged ${p.tags.join(', ')}; topic '${topic.name}' is ${topic.classification}.`,
        `Tag the field in the schema ("confluent:tags": ["${p.tags[0]}"], or Protobuf's (confluent.field_meta).tags) or in the catalogue ` +
          `(PUT /catalog/field-tags/${encodeURIComponent(subject)} with {"path": "${field.path}", "tags": ["${p.tags[0]}"]}).`,
      );
    }
  }
}

/** Whether `level` promises at least what `minimum` does. */
export function atLeast(level: CompatibilityLevel, minimum: CompatibilityLevel): boolean {
  const has = levelRule(level);
  const needs = levelRule(minimum);
  return (
    (!needs.newReadsOld || has.newReadsOld) &&
    (!needs.oldReadsNew || has.oldReadsNew) &&
    (!needs.transitive || has.transitive)
  );
}

function compatibility(
  p: CompatibilityParams,
  bindings: readonly SubjectBinding[],
  facts: ReadonlyMap<string, SubjectFacts>,
  emit: Emit,
): void {
  const seen = new Set<string>();
  for (const binding of bindings) {
    if (!p.roles.includes(binding.role)) continue;
    const subject = normalizeSubject(binding.subject);
    if (seen.has(subject)) continue;
    seen.add(subject);
    const f = facts.get(subject);
    if (!f || atLeast(f.level, p.minimum)) continue;
    emit(
      `${subject}:compatibility`,
      `Subject '${subject}' (${binding.role} of topic '${binding.topic}') has compatibility ${f.level}, weaker than the ${p.minimum} required.`,
      `Set the subject's compatibility to ${p.minimum} or stronger: PUT /config/${encodeURIComponent(subject)} with {"compatibility": "${p.minimum}"}.`,
    );
  }
}

const rank = (s: Severity) => (s === 'block' ? 1 : 0);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
