import { parseProtoInt } from '../compatibility/protobuf/proto-reader';

/** A declaration of a .proto file that a difference path can name, with where it starts (1-based). */
export interface ProtoDeclaration {
  readonly kind: 'package' | 'message' | 'enum' | 'oneof' | 'field' | 'constant';
  /** The name; for fields and constants, the name before `=`. */
  readonly name: string;
  /** Field tag or enum constant value. */
  readonly number?: number;
  readonly line: number;
  readonly column: number;
  readonly children: ProtoDeclaration[];
}

interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The declarations of a .proto text, nested as written: messages, enums and oneofs with their
 * fields and constants (a group is a field and a message). A scanner, not a parser: it keeps
 * going through text protobufjs would refuse, so a finding in a file with a later syntax error
 * still gets its line.
 */
export function protoDeclarations(text: string): ProtoDeclaration[] {
  const tokens = tokenize(text);
  const root: ProtoDeclaration[] = [];
  // Each open brace: the declaration list it fills (undefined for bodies we do not look into).
  const scopes: Array<{ kind: 'file' | 'message' | 'enum' | 'oneof' | 'other'; children?: ProtoDeclaration[] }> = [
    { kind: 'file', children: root },
  ];
  let i = 0;
  while (i < tokens.length) {
    const scope = scopes[scopes.length - 1];
    const start = tokens[i];
    if (start.text === '}') {
      if (scopes.length > 1) scopes.pop();
      i++;
      continue;
    }
    if (start.text === ';') {
      i++;
      continue;
    }
    // A statement runs to `;` or to the `{` of its body; braces inside `[...]` or `(...)` are option values.
    const statement: Token[] = [];
    let nesting = 0;
    while (i < tokens.length) {
      const t = tokens[i];
      if (nesting === 0 && (t.text === ';' || t.text === '{' || t.text === '}')) break;
      if (t.text === '[' || t.text === '(') nesting++;
      if ((t.text === ']' || t.text === ')') && nesting > 0) nesting--;
      statement.push(t);
      i++;
    }
    const opensBody = tokens[i]?.text === '{';
    if (tokens[i]?.text === ';') i++;
    else if (opensBody) i++;
    const declared = declarationOf(statement, scope.kind);
    if (declared && scope.children) scope.children.push(declared.declaration);
    if (opensBody) {
      const body = declared?.body;
      // Services, extend blocks and option aggregates (`option (x) = { a: 1 };`) declare nothing we look for.
      scopes.push(body ? { kind: body.kind, children: body.children } : { kind: 'other' });
    }
  }
  return root;
}

function declarationOf(
  statement: readonly Token[],
  scope: 'file' | 'message' | 'enum' | 'oneof' | 'other',
): { declaration: ProtoDeclaration; body?: { kind: 'message' | 'enum' | 'oneof'; children: ProtoDeclaration[] } } | undefined {
  const first = statement[0];
  if (!first || scope === 'other') return undefined;
  const at = { line: first.line, column: first.column };
  const word = first.text;
  if (word === 'package' && scope === 'file') {
    return { declaration: { kind: 'package', name: statement[1]?.text ?? '', ...at, children: [] } };
  }
  if ((word === 'message' || word === 'enum' || word === 'oneof') && statement[1] && scope !== 'enum') {
    const children: ProtoDeclaration[] = [];
    return { declaration: { kind: word, name: statement[1].text, ...at, children }, body: { kind: word, children } };
  }
  if (['option', 'reserved', 'extensions', 'syntax', 'edition', 'import', 'extend', 'service', 'rpc'].includes(word)) return undefined;
  // `[label] type name = N [options]`, `map<K, V> name = N`, `NAME = N` in enums, `[label] group Name = N {`.
  const eq = statement.findIndex((t) => t.text === '=');
  if (eq < 1) return undefined;
  const name = statement[eq - 1].text;
  const number = parseProtoInt(statement[eq + 1]?.text ?? '');
  if (number === undefined) return undefined;
  if (scope === 'enum') return { declaration: { kind: 'constant', name, number, ...at, children: [] } };
  if (scope === 'file') return undefined;
  const children: ProtoDeclaration[] = [];
  const field: ProtoDeclaration = { kind: 'field', name, number, ...at, children };
  const isGroup = statement.slice(0, eq).some((t) => t.text === 'group');
  return isGroup ? { declaration: field, body: { kind: 'message', children } } : { declaration: field };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      newline(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') newline(i);
        i++;
      }
      i += 2;
    } else if (c === '"' || c === "'") {
      const start = i;
      const column = i - lineStart + 1;
      const startLine = line;
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ text: text.slice(start, i), line: startLine, column });
    } else if (/[A-Za-z0-9_.\-+]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_.\-+]/.test(text[i])) i++;
      tokens.push({ text: text.slice(start, i), line, column: start - lineStart + 1 });
    } else {
      tokens.push({ text: c, line, column: i - lineStart + 1 });
      i++;
    }
  }
  return tokens;
}

/**
 * The declaration a Protobuf difference path names: `#/Order` (message or enum), `#/Order/2`
 * (field 2, in a oneof or not), `#/Order/Item/1` (nested), `#/Order/choice/3` (oneof member),
 * `#/Status/0` (enum constant), `#/` (the package statement). Types of imported files are looked
 * for in the reference texts when the schema does not declare them.
 */
export function locateProtobufPath(
  texts: readonly string[],
  path: string,
): { source: number; line: number; column: number; exact: boolean } | undefined {
  const segments = path.replace(/^#/, '').split('/').filter((s) => s !== '');
  let best: { source: number; line: number; column: number; exact: boolean; depth: number } | undefined;
  for (let source = 0; source < texts.length; source++) {
    const declarations = protoDeclarations(texts[source]);
    if (!segments.length) {
      const pkg = declarations.find((d) => d.kind === 'package');
      return { source, line: pkg?.line ?? 1, column: pkg?.column ?? 1, exact: pkg !== undefined };
    }
    let level = declarations;
    let found: ProtoDeclaration | undefined;
    let depth = 0;
    for (const segment of segments) {
      const next = /^-?\d+$/.test(segment) ? numbered(level, Number(segment)) : level.find((d) => d.name === segment && d.kind !== 'field' && d.kind !== 'constant');
      if (!next) break;
      found = next;
      level = next.children;
      depth++;
    }
    if (found && (!best || depth > best.depth)) best = { source, line: found.line, column: found.column, exact: depth === segments.length, depth };
    if (best?.exact) break;
  }
  if (best) return { source: best.source, line: best.line, column: best.column, exact: best.exact };
  return texts.length ? { source: 0, line: 1, column: 1, exact: false } : undefined;
}

/** A field (oneof members included) or enum constant by number. */
function numbered(level: readonly ProtoDeclaration[], number: number): ProtoDeclaration | undefined {
  for (const d of level) {
    if ((d.kind === 'field' || d.kind === 'constant') && d.number === number) return d;
    if (d.kind === 'oneof') {
      const inner = d.children.find((c) => c.number === number);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** A field by its dotted name, `pkg.Outer.Inner.[oneof.]field`, in the schema or an imported file. */
export function locateProtobufField(texts: readonly string[], fieldPath: string): { source: number; line: number; column: number; exact: boolean } | undefined {
  for (let source = 0; source < texts.length; source++) {
    const declarations = protoDeclarations(texts[source]);
    const pkg = declarations.find((d) => d.kind === 'package')?.name;
    if (pkg && !fieldPath.startsWith(`${pkg}.`)) continue;
    const names = (pkg ? fieldPath.slice(pkg.length + 1) : fieldPath).split('.');
    let level = declarations;
    let found: ProtoDeclaration | undefined;
    for (const name of names) {
      found = level.find((d) => d.name === name);
      if (!found) break;
      level = found.children;
    }
    if (found?.kind === 'field') return { source, line: found.line, column: found.column, exact: true };
  }
  return undefined;
}
