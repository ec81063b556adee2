/**
 * Line of every JSON pointer in a JSON text (`/fields/0/type` → 7), read by a small scanner that
 * keeps positions (JSON.parse forgets them). Used to put a compatibility difference's path on
 * the line it names. Lines are 1-based; a member's line is the line of its key.
 */
export function jsonPointerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
      i++;
    }
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const value = (ptr: string, at: number, depth: number): void => {
    if (depth > 200) throw new Error('too deep');
    ws();
    if (!lines.has(ptr)) lines.set(ptr, at || line);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Error('key expected');
        const keyLine = line;
        const key = str();
        ws();
        if (text[i] !== ':') throw new Error(': expected');
        i++;
        value(`${ptr}/${esc(key)}`, keyLine, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw new Error(', or } expected');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        ws();
        value(`${ptr}/${n}`, 0, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw new Error(', or ] expected');
      }
    }
    if (c === '"') return void str();
    const m = /^[^,\]}\s]+/.exec(text.slice(i, i + 64));
    if (!m) throw new Error('value expected');
    i += m[0].length;
  };
  try {
    value('', 1, 0);
  } catch {
    /* a text being edited may be invalid: keep what was read */
  }
  return lines;
}

/** The line of a pointer, or of its nearest ancestor the text has (a removed member's parent). */
export function lineOfPointer(lines: Map<string, number>, pointer: string): number | undefined {
  let p = pointer.replace(/^#/, '').replace(/\/$/, '');
  for (;;) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    if (!p) return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
