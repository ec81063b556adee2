/**
 * Admits only regular expressions that cannot backtrack catastrophically, for naming policies:
 * a pattern is compiled once and then run against every name written to the catalogue, so one
 * careless `(a+)+` would let a single request pin the event loop.
 *
 * JavaScript's engine backtracks, and its worst cases come from a repetition whose body can
 * match the same text in more than one way: a variable quantifier inside another
 * (`(a+)+`, `(\w*)*`) or alternatives under one (`(a|aa)+`). Such patterns are refused unless
 * each repetition starts with a character nothing else in it can match (`(\.[a-z]+)+`), which
 * fixes where every iteration begins. Backreferences and lookbehind are refused outright.
 * The rules are conservative: a refused pattern can always be rewritten with character classes.
 */

const MAX_PATTERN_LENGTH = 1000;

type Node =
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'group'; body: Node; lookaround: boolean }
  | { kind: 'atom'; source: string; literal?: string }
  | { kind: 'anchor' }
  | { kind: 'quant'; body: Node; min: number; max: number };

class Unsafe extends Error {}

/** Why `pattern` is refused, or null when it is safe to run. */
export function unsafeRegexReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `it is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch (e) {
    return `it is not a valid regular expression (${(e as Error).message})`;
  }
  try {
    const ast = new RegexParser(pattern).parse();
    check(ast);
    return null;
  } catch (e) {
    if (e instanceof Unsafe) return e.message;
    throw e;
  }
}

/** Compiles a pattern that unsafeRegexReason accepted; throws with the reason otherwise. */
export function compileSafeRegex(pattern: string): RegExp {
  const reason = unsafeRegexReason(pattern);
  if (reason) throw new Error(`Unsafe regular expression: ${reason}`);
  return new RegExp(pattern);
}

function check(node: Node): void {
  switch (node.kind) {
    case 'seq':
      node.items.forEach(check);
      checkChains(node.items);
      return;
    case 'alt':
      node.branches.forEach(check);
      return;
    case 'group':
      check(node.body);
      return;
    case 'quant':
      check(node.body);
      // A fixed count repeats too: (.*a){20} backtracks as badly as (.*a)+.
      if (node.max > 1) checkRepetition(node.body);
      return;
    default:
      return;
  }
}

/** Most unbounded repetitions in a row that may split the same text between them. */
const MAX_AMBIGUOUS_CHAIN = 3;

/**
 * `.*.*.*.*x` backtracks polynomially: each `.*` may end anywhere. A literal that the
 * repetitions before it cannot match (the dots of `[a-z]+\.[a-z]+`) fixes the boundary, so
 * only runs without one count. With names of at most 249 characters, three are harmless.
 */
function checkChains(items: readonly Node[]): void {
  let chain: Node[] = [];
  for (const item of items) {
    if (item.kind === 'quant' && item.max === Infinity && isSimpleAtom(item.body)) {
      chain.push(item.body);
      if (chain.length > MAX_AMBIGUOUS_CHAIN) {
        throw new Unsafe(
          `it has more than ${MAX_AMBIGUOUS_CHAIN} unbounded repetitions in a row that can split the same text (such as .*.*.*.*), ` +
            'which backtracks polynomially; separate them with characters they cannot match',
        );
      }
    } else if (item.kind === 'atom' && item.literal !== undefined) {
      const literal = item.literal;
      if (chain.every((atom) => !atomMatches(atom, literal))) chain = [];
    }
  }
}

/** The body of a repetition must match each text one way only. */
function checkRepetition(body: Node): void {
  const inner = unwrap(body);
  const variable = variableQuantifiers(inner);
  const alternation = containsAlternation(inner);
  if (!variable.length && !alternation) return;
  if (alternation && !variable.length && isSetOfSingleCharacters(inner)) return;
  // A character that opens (or closes) every iteration and that nothing variable inside can
  // match fixes where each iteration begins: (\.[a-z]+)+ and ([a-z]+\.)+ are linear.
  for (const delimiter of [leadingLiteral(inner), trailingLiteral(inner)]) {
    if (delimiter === undefined || alternation) continue;
    if (variable.every((q) => isSimpleAtom(q.body) && !atomMatches(q.body, delimiter))) return;
  }
  if (alternation) {
    throw new Unsafe('it repeats a group of alternatives (such as (a|ab)+), which can backtrack exponentially; use a character class');
  }
  throw new Unsafe(
    'it nests a variable quantifier inside another (such as (a+)+), which can backtrack exponentially; ' +
      'start each repetition with a character its body cannot match, as in (\\.[a-z]+)+',
  );
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.kind === 'group' && !n.lookaround) n = n.body;
  return n;
}

function variableQuantifiers(node: Node): Extract<Node, { kind: 'quant' }>[] {
  const found: Extract<Node, { kind: 'quant' }>[] = [];
  const visit = (n: Node): void => {
    if (n.kind === 'quant') {
      if (n.max > n.min) found.push(n);
      visit(n.body);
    } else if (n.kind === 'seq') n.items.forEach(visit);
    else if (n.kind === 'alt') n.branches.forEach(visit);
    else if (n.kind === 'group') visit(n.body);
  };
  visit(node);
  return found;
}

function containsAlternation(node: Node): boolean {
  if (node.kind === 'alt') return true;
  if (node.kind === 'seq') return node.items.some(containsAlternation);
  if (node.kind === 'group' || node.kind === 'quant') return containsAlternation(node.body);
  return false;
}

/** `a|b|c`: the same as a character class. */
function isSetOfSingleCharacters(node: Node): boolean {
  if (node.kind !== 'alt') return false;
  const chars = node.branches.map((b) => (b.kind === 'atom' ? b.literal : undefined));
  return chars.every((c) => c !== undefined) && new Set(chars).size === chars.length;
}

function leadingLiteral(node: Node): string | undefined {
  const first = node.kind === 'seq' ? node.items[0] : node;
  return first?.kind === 'atom' ? first.literal : undefined;
}

function trailingLiteral(node: Node): string | undefined {
  const last = node.kind === 'seq' ? node.items[node.items.length - 1] : undefined;
  return last?.kind === 'atom' ? last.literal : undefined;
}

function isSimpleAtom(node: Node): boolean {
  return unwrap(node).kind === 'atom';
}

function atomMatches(node: Node, char: string): boolean {
  const atom = unwrap(node) as Extract<Node, { kind: 'atom' }>;
  return new RegExp(`^(?:${atom.source})$`, 's').test(char);
}

/** Just enough of JavaScript's regex grammar to find repetitions and what they repeat. */
class RegexParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Unsafe(`it has an unbalanced ')' at offset ${this.pos}`);
    return node;
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      let item = this.term();
      for (;;) {
        const q = this.quantifier();
        if (!q) break;
        item = { kind: 'quant', body: item, ...q };
      }
      items.push(item);
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private term(): Node {
    const c = this.src[this.pos];
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    this.pos++;
    if (c === '^' || c === '$') return { kind: 'anchor' };
    if (c === '.') return { kind: 'atom', source: '.' };
    return { kind: 'atom', source: escapeLiteral(c), literal: c };
  }

  private group(): Node {
    this.pos++;
    let lookaround = false;
    if (this.src.startsWith('?<=', this.pos) || this.src.startsWith('?<!', this.pos)) {
      throw new Unsafe('it uses a lookbehind');
    }
    if (this.src.startsWith('?=', this.pos) || this.src.startsWith('?!', this.pos)) {
      lookaround = true;
      this.pos += 2;
    } else if (this.src.startsWith('?:', this.pos)) {
      this.pos += 2;
    } else if (this.src.startsWith('?<', this.pos)) {
      const end = this.src.indexOf('>', this.pos);
      this.pos = end + 1;
    }
    const body = this.alternation();
    if (this.src[this.pos] !== ')') throw new Unsafe('it has an unclosed group');
    this.pos++;
    return { kind: 'group', body, lookaround };
  }

  private characterClass(): Node {
    const start = this.pos;
    this.pos++;
    if (this.src[this.pos] === '^') this.pos++;
    if (this.src[this.pos] === ']') this.pos++;
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      if (this.src[this.pos] === '\\') this.pos++;
      this.pos++;
    }
    this.pos++;
    return { kind: 'atom', source: this.src.slice(start, this.pos) };
  }

  private escape(): Node {
    const start = this.pos;
    const c = this.src[this.pos + 1];
    this.pos += 2;
    if (c === undefined) throw new Unsafe('it ends with a lone backslash');
    if (/[1-9]/.test(c) || (c === 'k' && this.src[this.pos] === '<')) throw new Unsafe('it uses a backreference');
    if (c === 'b' || c === 'B') return { kind: 'anchor' };
    if (c === 'u' || c === 'x') {
      const hex = c === 'x' ? 2 : this.src[this.pos] === '{' ? this.src.indexOf('}', this.pos) - this.pos + 1 : 4;
      this.pos += hex;
      const source = this.src.slice(start, this.pos);
      return { kind: 'atom', source, literal: decodeEscape(source) };
    }
    if (c === 'c') this.pos++;
    if (c === 'p' || c === 'P') this.pos = this.src.indexOf('}', this.pos) + 1;
    const source = this.src.slice(start, this.pos);
    const literal = /[dDwWsSpPc]/.test(c) ? undefined : ESCAPED[c] ?? c;
    return { kind: 'atom', source, literal };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.pos];
    let q: { min: number; max: number } | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
      q = { min, max };
    }
    if (!q) return undefined;
    this.pos++;
    if (this.src[this.pos] === '?') this.pos++;
    return q;
  }
}

const ESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

function escapeLiteral(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function decodeEscape(source: string): string | undefined {
  const hex = source.replace(/^\\[ux]\{?/, '').replace(/\}$/, '');
  const code = Number.parseInt(hex, 16);
  return Number.isNaN(code) ? undefined : String.fromCodePoint(code);
}
