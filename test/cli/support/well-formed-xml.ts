/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  /** Character data directly inside, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;

/**
 * A strict XML 1.0 well-formedness check (no DTDs): one root element, properly nested and
 * closed tags, quoted and unique attributes, only the five predefined entities and character
 * references, no `<` or `&` unescaped, only characters XML 1.0 allows. Throws with the offset of
 * the first violation; returns the element tree.
 */
export function parseWellFormedXml(text: string): XmlElement {
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${message} (near ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))})`);
  };
  for (let k = 0; k < text.length; k++) {
    const c = text.codePointAt(k)!;
    const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    if (!ok) {
      i = k;
      fail(`character U+${c.toString(16)} is not allowed`);
    }
    if (c > 0xffff) k++;
  }
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);?/g, (whole, body: string) => {
      if (!whole.endsWith(';')) fail(`unterminated reference ${whole}`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (body in named) return named[body];
      const m = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(body);
      if (!m) return fail(`unknown entity &${body};`);
      const code = m[1].startsWith('x') ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
      if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))) {
        fail(`character reference &${body}; names a character XML does not allow`);
      }
      return String.fromCodePoint(code);
    });
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const misc = () => {
    for (;;) {
      space();
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        if (text.slice(i + 4, end).includes('--')) fail('-- inside a comment');
        i = end + 3;
      } else if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };

  if (text.startsWith('\ufeff')) i = 1;
  if (text.startsWith('<?xml', i)) {
    const end = text.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    const decl = text.slice(i, end + 2);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(decl)) {
      fail(`bad XML declaration ${decl}`);
    }
    i = end + 2;
  }
  misc();
  if (text[i] !== '<') fail('expected the root element');

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    if (!stack.length && root) {
      misc();
      if (i < text.length) fail('content after the root element');
      break;
    }
    if (text.startsWith('<!--', i) || text.startsWith('<?', i)) {
      misc();
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      if (!stack.length) fail('CDATA outside the root');
      const end = text.indexOf(']]>', i);
      if (end < 0) fail('unterminated CDATA');
      stack[stack.length - 1].text += text.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith('</', i)) {
      i += 2;
      const name = NAME.exec(text.slice(i))?.[0] ?? fail('expected a name in the end tag');
      i += name.length;
      space();
      if (text[i] !== '>') fail('expected > to close the end tag');
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close <${open?.name ?? '(nothing)'}>`);
      continue;
    }
    if (text[i] === '<') {
      i++;
      const name = NAME.exec(text.slice(i))?.[0] ?? fail('expected an element name');
      i += name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        const before = i;
        space();
        if (text[i] === '>' || text.startsWith('/>', i)) break;
        if (i === before) fail('expected whitespace before an attribute');
        const attr = NAME.exec(text.slice(i))?.[0] ?? fail('expected an attribute name');
        i += attr.length;
        space();
        if (text[i] !== '=') fail(`expected = after ${attr}`);
        i++;
        space();
        const quote = text[i];
        if (quote !== '"' && quote !== "'") fail(`the value of ${attr} must be quoted`);
        const end = text.indexOf(quote, i + 1);
        if (end < 0) fail(`unterminated value of ${attr}`);
        const raw = text.slice(i + 1, end);
        if (raw.includes('<')) fail(`< in the value of ${attr}`);
        if (attr in element.attributes) fail(`attribute ${attr} repeated`);
        element.attributes[attr] = decode(raw);
        i = end + 1;
      }
      if (stack.length) stack[stack.length - 1].children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (text.startsWith('/>', i)) {
        i += 2;
      } else {
        i++;
        stack.push(element);
      }
      continue;
    }
    // Character data up to the next tag.
    const next = text.indexOf('<', i);
    const raw = text.slice(i, next < 0 ? text.length : next);
    if (!stack.length) {
      if (raw.trim()) fail('text outside the root element');
    } else {
      if (raw.includes(']]>')) fail(']]> in character data');
      stack[stack.length - 1].text += decode(raw);
    }
    i = next < 0 ? text.length : next;
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) fail('no root element');
  return root!;
}
