/**
 * Line of a Protobuf difference path (`#/Order/1`: message Order, field number 1;
 * `#/Order/Address/2` for nested messages; `#/Status` for an enum or message itself), found
 * by scanning declarations and their braces. Lines are 1-based; unknown paths give undefined.
 */
export function protoPathLine(text: string, path: string): number | undefined {
  const parts = path.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (!parts.length) return undefined;
  const lines = text.split('\n');
  const stack: string[] = [];
  // `[name, depth at which its body opened]`, to pop names when their brace closes.
  const opened: number[] = [];
  let depth = 0;
  let best: number | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\/\/.*$/, '');
    const decl = /\b(message|enum|oneof|service)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{?/.exec(line);
    if (decl && decl[1] !== 'oneof') {
      const names = [...stack, decl[2]];
      if (names.join('/') === parts.join('/')) return n + 1;
      if (parts.slice(0, names.length).join('/') === names.join('/')) best = n + 1;
    }
    // A field (`type name = N`) or enum value (`NAME = N`) of the innermost declaration.
    const field = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(-?\d+)/.exec(line);
    if (field && stack.length && !/^\s*(option|syntax|edition)\b/.test(line)) {
      const here = stack.join('/');
      const want = parts.slice(0, -1).join('/');
      const last = parts[parts.length - 1];
      if (here === want && (field[2] === last || field[1] === last)) return n + 1;
    }
    for (const ch of line) {
      if (ch === '{') {
        depth++;
        if (decl && decl[1] !== 'oneof' && opened.length === stack.length) {
          stack.push(decl[2]);
          opened.push(depth);
        }
      } else if (ch === '}') {
        if (opened.length && opened[opened.length - 1] === depth) {
          opened.pop();
          stack.pop();
        }
        depth--;
      }
    }
  }
  return best;
}
