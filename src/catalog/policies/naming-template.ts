/**
 * Naming templates such as `{domain}.{entity}.{event}`: literal text with placeholders, each
 * standing for one lower-case word (kebab-case allowed: `order-line`). `{domain}` must be the
 * entry's own domain; other placeholders may be limited to a list of allowed words.
 */

/** One placeholder's value: lower-case letters and digits, words joined by single hyphens. */
const WORD = '[a-z0-9]+(?:-[a-z0-9]+)*';
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export interface NamingTemplate {
  readonly template: string;
  readonly placeholders: readonly string[];
  /** Anchored; safe by construction: hyphens only ever appear between word characters. */
  readonly regex: RegExp;
}

/** Why a template is not usable, or null. */
export function invalidTemplateReason(template: string): string | null {
  if (!template) return 'it is empty';
  if (template.length > 249) return 'it is longer than a topic name may be (249 characters)';
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (new Set(names).size !== names.length) return 'a placeholder appears twice';
  const literal = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(literal)) return 'it has a brace that is not part of a {placeholder}';
  if (!/^[A-Za-z0-9._-]*$/.test(literal)) return 'its literal text may only hold letters, digits, ".", "_" and "-"';
  // Two placeholders side by side (or joined by "-") could split one name in several ways.
  if (/\}(-?)\{/.test(template)) return 'two placeholders must be separated by "." or "_"';
  return null;
}

export function compileTemplate(template: string): NamingTemplate {
  const reason = invalidTemplateReason(template);
  if (reason) throw new Error(`Invalid naming template '${template}': ${reason}`);
  const placeholders: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    source += escapeRegex(template.slice(last, m.index));
    source += `(${WORD})`;
    placeholders.push(m[1]);
    last = m.index! + m[0].length;
  }
  source += `${escapeRegex(template.slice(last))}$`;
  return { template, placeholders, regex: new RegExp(source) };
}

/** What is wrong with `name` under a template: nothing (empty), or one message per problem. */
export function templateMismatches(
  t: NamingTemplate,
  name: string,
  context: { domain: string | null; words: Readonly<Record<string, readonly string[]>> },
): string[] {
  const m = t.regex.exec(name);
  if (!m) return [`'${name}' does not follow the template ${t.template} (placeholders are lower-case words, kebab-case allowed)`];
  const problems: string[] = [];
  t.placeholders.forEach((placeholder, i) => {
    const value = m[i + 1];
    if (placeholder === 'domain' && context.domain !== null && value !== context.domain) {
      problems.push(`{domain} is '${value}' but the entry belongs to domain '${context.domain}'`);
      return;
    }
    const allowed = context.words[placeholder];
    if (allowed && allowed.length && !allowed.includes(value)) {
      problems.push(`{${placeholder}} is '${value}', which is not one of the allowed words: ${allowed.join(', ')}`);
    }
  });
  return problems;
}

/** An example name following the template, for the fix of a violation. */
export function templateExample(t: NamingTemplate, context: { domain: string | null; words: Readonly<Record<string, readonly string[]>> }): string {
  return t.template.replace(PLACEHOLDER, (_, p: string) => {
    if (p === 'domain' && context.domain) return context.domain;
    return context.words[p]?.[0] ?? `<${p}>`;
  });
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
