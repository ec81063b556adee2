import { Errors } from '../common/errors/registry-error';

/** The default context's name. */
export const DEFAULT_CONTEXT = '.';
/** Where global config and mode live (Confluent's `.__GLOBAL` context). */
export const GLOBAL_CONTEXT = '.__GLOBAL';
const WILDCARD = ':*:';

/**
 * A subject within a context. Confluent writes it `:.ctx:name`; in the default context, plain
 * `name`. An empty `name` stands for the context itself (config and mode at context level).
 */
export interface QualifiedSubject {
  readonly context: string;
  readonly name: string;
}

/** Parses `:.ctx:name`, `:.:name` or `name`. Does not validate (see validateSubject). */
export function parseSubject(raw: string): QualifiedSubject {
  if (raw.startsWith(':.')) {
    const end = raw.indexOf(':', 2);
    if (end < 0) return { context: normalizeContext(raw.slice(1)), name: '' };
    return { context: normalizeContext(raw.slice(1, end)), name: raw.slice(end + 1) };
  }
  return { context: DEFAULT_CONTEXT, name: raw };
}

/** `.staging` stays, `staging` gets its dot, `.` is the default context. */
export function normalizeContext(ctx: string): string {
  if (!ctx || ctx === '.') return DEFAULT_CONTEXT;
  return ctx.startsWith('.') ? ctx : `.${ctx}`;
}

/** The subject as Confluent shows it: plain in the default context, `:.ctx:name` elsewhere. */
export function formatSubject(s: QualifiedSubject): string {
  return s.context === DEFAULT_CONTEXT ? s.name : `:${s.context}:${s.name}`;
}

/** Confluent's rule: no ISO control characters, and the reserved names are not subjects. */
export function validateSubject(s: QualifiedSubject, raw: string): void {
  // eslint-disable-next-line no-control-regex
  if (!s.name || /[\u0000-\u001f\u007f-\u009f]/.test(raw) || s.name === '__GLOBAL' || s.name === '__EMPTY') {
    throw Errors.invalidSubject(raw);
  }
  if (/[\u0000-\u001f\u007f-\u009f:]/.test(s.context.slice(1)) && s.context !== DEFAULT_CONTEXT) {
    throw Errors.invalidSubject(raw);
  }
}

/** `subjectPrefix` of GET /subjects: `:*:` (every context), `:.ctx:prefix`, or a prefix in the default context. */
export function parseSubjectPrefix(prefix: string | undefined): { context?: string; prefix: string } {
  if (prefix === undefined || prefix === '' || prefix === WILDCARD) return { prefix: '' };
  if (prefix.startsWith(WILDCARD)) return { prefix: prefix.slice(WILDCARD.length) };
  const q = parseSubject(prefix);
  return { context: q.context, prefix: q.name };
}

/** Rewrites `/contexts/{ctx}/subjects/{s}` style URLs' context into a qualified subject. */
export function qualify(context: string, subject: string): string {
  const ctx = normalizeContext(decodeURIComponentSafe(context));
  return ctx === DEFAULT_CONTEXT && !subject.startsWith(':.') ? subject : `:${ctx}:${subject}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
