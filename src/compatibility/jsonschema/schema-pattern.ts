/**
 * A pattern as a JS regular expression. Confluent runs patterns through java.util.regex;
 * the commonest Java-only form, a leading `(?i)`, is translated, anything else JS cannot read
 * gives null (the pattern then matches nothing).
 */
export function toRegExp(pattern: string): RegExp | null {
  let source = pattern;
  let flags = '';
  // Java's case-insensitive, multiline and dotall flags have JS equivalents; others do not.
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    flags = [...new Set((inline[1] as string).split(''))].join('');
  }
  for (const f of [`${flags}u`, flags]) {
    try {
      return new RegExp(source, f);
    } catch {
      // try the next flag set
    }
  }
  return null;
}
