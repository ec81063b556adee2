// A small line-by-line syntax highlighter for the two languages schemas are written in: JSON
// (Avro, JSON Schema) and Protobuf. Line by line is enough because pretty-printed JSON never
// spans a token over lines, and it lets the code view, the editor and the diff share it.

export type Language = 'json' | 'proto' | 'text';
export type TokenKind = 'key' | 'str' | 'num' | 'kw' | 'lit' | 'com' | 'type' | 'plain';
export interface Token {
  kind: TokenKind;
  text: string;
}

const JSON_TOKENS = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

const PROTO_KEYWORDS = new Set([
  'syntax', 'edition', 'package', 'import', 'public', 'weak', 'option', 'message', 'enum', 'oneof', 'map', 'repeated',
  'optional', 'required', 'reserved', 'extensions', 'extend', 'service', 'rpc', 'returns', 'stream', 'to', 'max', 'group',
]);
const PROTO_TYPES = new Set([
  'double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32',
  'sfixed64', 'bool', 'string', 'bytes',
]);
const PROTO_TOKENS = /(\/\/.*$|\/\*.*?(?:\*\/|$))|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|\b(\d+(?:\.\d+)?)\b|\b([A-Za-z_][A-Za-z0-9_]*)\b/g;

export function highlightLine(line: string, lang: Language): Token[] {
  if (lang === 'text') return [{ kind: 'plain', text: line }];
  const out: Token[] = [];
  let last = 0;
  const push = (kind: TokenKind, text: string) => {
    if (!text) return;
    const prev = out[out.length - 1];
    if (prev && prev.kind === kind) prev.text += text;
    else out.push({ kind, text });
  };
  const re = lang === 'json' ? JSON_TOKENS : PROTO_TOKENS;
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    push('plain', line.slice(last, m.index));
    if (lang === 'json') {
      if (m[1] !== undefined) {
        push(m[2] ? 'key' : 'str', m[1]);
        if (m[2]) push('plain', m[2]);
      } else if (m[3] !== undefined) push('num', m[3]);
      else push('lit', m[4]);
    } else if (m[1] !== undefined) push('com', m[1]);
    else if (m[2] !== undefined) push('str', m[2]);
    else if (m[3] !== undefined) push('num', m[3]);
    else {
      const w = m[4];
      push(PROTO_KEYWORDS.has(w) ? 'kw' : PROTO_TYPES.has(w) ? 'type' : w === 'true' || w === 'false' ? 'lit' : 'plain', w);
    }
    last = m.index + m[0].length;
  }
  push('plain', line.slice(last));
  return out;
}
