/**
 * The verbose compatibility answer's messages, read into data. The registry answers as
 * Confluent does: one `{errorType:'…', description:'…', additionalInfo:'…'}` string per
 * difference, then `{oldSchemaVersion: n}`, `{oldSchema: '…'}` and `{validateFields: …, compatibility: …}`.
 */
export interface Difference {
  errorType: string;
  description: string;
  additionalInfo?: string;
  /** The path the description names (`/fields/0/type`, `#/properties/a`, `#/Order/1`). */
  path?: string;
  /** The old version this difference was found against. */
  oldVersion?: number;
}

export interface ReadVerdict {
  differences: Difference[];
  /** Messages that are neither differences nor the trailing facts (a parse error, for one). */
  other: string[];
  compatibility?: string;
}

export function readCompatibilityMessages(messages: readonly string[]): ReadVerdict {
  const differences: Difference[] = [];
  const other: string[] = [];
  let compatibility: string | undefined;
  let pending: Difference[] = [];
  for (const m of messages) {
    const s = m.trim();
    const type = /^\{errorType:\s*['"]([A-Za-z0-9_]+)['"]/.exec(s);
    if (type) {
      const body = s.slice(1, -1);
      const d = body.indexOf('description:');
      const a = body.lastIndexOf(', additionalInfo:');
      const trimQuotes = (t: string) => t.trim().replace(/^['"]/, '').replace(/['"]$/, '');
      const description = d < 0 ? '' : trimQuotes(body.slice(d + 'description:'.length, a > d ? a : undefined));
      const additionalInfo = a > d ? trimQuotes(body.slice(a + ', additionalInfo:'.length)) : undefined;
      const path = /path '([^']*)'/.exec(description)?.[1];
      const diff: Difference = { errorType: type[1], description, additionalInfo, path };
      differences.push(diff);
      pending.push(diff);
      continue;
    }
    const old = /^\{oldSchemaVersion:\s*(\d+)\}$/.exec(s);
    if (old) {
      for (const p of pending) p.oldVersion = Number(old[1]);
      pending = [];
      continue;
    }
    if (s.startsWith('{oldSchema:')) continue;
    const level = /compatibility:\s*'([A-Z_]+)'/.exec(s);
    if (s.startsWith('{validateFields:') || level) {
      compatibility = level?.[1] ?? compatibility;
      continue;
    }
    other.push(m);
  }
  return { differences, other, compatibility };
}

/** "READER_FIELD_MISSING_DEFAULT_VALUE" → "Reader field missing default value". */
export function humanType(errorType: string): string {
  const s = errorType.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
