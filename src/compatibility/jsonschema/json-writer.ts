import { Decimal } from './json-decimal';
import type { JsonArray, JsonNode, JsonObject } from './json-text';

/**
 * Compact JSON the way Confluent's Jackson ObjectMapper writes a schema (its `canonicalString`):
 *
 * - no whitespace, keys in document order (or sorted, for the normalized form);
 * - integers as written (`-0` becomes `0`, as Jackson's IntNode does);
 * - other numbers as Java `BigDecimal.toString()`: Confluent's mapper reads floats as exact
 *   BigDecimals, so `1.10` stays `1.10`, `1e5` becomes `1E+5` and `0.0000001` becomes `1E-7`;
 * - strings escaped like Jackson: `"` and `\`, short escapes for \b \f \n \r \t, `\u00XX`
 *   (upper-case hex) for other control characters, everything else as is.
 *
 * Iterative, so document depth costs no stack.
 */
export function writeJson(root: JsonNode, options: { sortKeys?: boolean } = {}): string {
  const out: string[] = [];
  // Work items: a node to write, or a literal piece of punctuation.
  const work: Array<JsonNode | string> = [root];
  while (work.length) {
    const item = work.pop() as JsonNode | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    switch (item.type) {
      case 'object':
        pushObject(item, work, options.sortKeys === true);
        break;
      case 'array':
        pushArray(item, work);
        break;
      case 'string':
        out.push(quoteJsonString(item.value));
        break;
      case 'number':
        out.push(formatJsonNumber(item.text));
        break;
      case 'boolean':
        out.push(item.value ? 'true' : 'false');
        break;
      case 'null':
        out.push('null');
        break;
    }
  }
  return out.join('');
}

function pushObject(node: JsonObject, work: Array<JsonNode | string>, sortKeys: boolean): void {
  let keys = [...node.members.keys()];
  // Java's TreeMap orders by String.compareTo, i.e. UTF-16 code units, as JS string comparison does.
  if (sortKeys) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  work.push('}');
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    work.push(node.members.get(key) as JsonNode);
    work.push(`${i > 0 ? ',' : ''}${quoteJsonString(key)}:`);
  }
  work.push('{');
}

function pushArray(node: JsonArray, work: Array<JsonNode | string>): void {
  work.push(']');
  for (let i = node.items.length - 1; i >= 0; i--) {
    work.push(node.items[i] as JsonNode);
    if (i > 0) work.push(',');
  }
  work.push('[');
}

/** A number token as Jackson writes it back (see {@link writeJson}). */
export function formatJsonNumber(text: string): string {
  if (/^-?\d+$/.test(text)) return text === '-0' ? '0' : text;
  return Decimal.parse(text).toJavaString();
}

const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/** A JSON string literal escaped as Jackson escapes it. */
export function quoteJsonString(value: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += value.slice(start, i);
    out += SHORT_ESCAPES[c] ?? `\\u00${c.toString(16).toUpperCase().padStart(2, '0')}`;
    start = i + 1;
  }
  return `${out}${value.slice(start)}"`;
}
