import type { JsonDifferenceType } from './difference-types';
import type { SchemaNode } from './schema-model';
import type { Step } from '../steps';

/** A difference as the diff finds it: a type and a path (`#/properties/foo`). */
export interface RawDifference {
  readonly type: JsonDifferenceType;
  readonly path: string;
}

/**
 * Differences are collected in append-only lists that can take in another list whole, moved
 * to another path, in constant time. Comparisons tried and kept (a union branch, a memoised
 * pair replayed elsewhere) are frequent and can be large, so copying them would cost time
 * proportional to their size every time; they are laid out flat once, at the end.
 */
class DifferenceList {
  readonly entries: Array<RawDifference | Splice> = [];
  size = 0;
  incompatible = 0;
}

/** Another list's differences, found at path `from`, reported at path `to`. */
interface Splice {
  readonly list: DifferenceList;
  readonly from: string;
  readonly to: string;
}

interface Memo {
  readonly list: DifferenceList;
  readonly at: string;
}

// One segment of the current path; sharing parents makes subcontexts free.
interface PathNode {
  readonly parent: PathNode | undefined;
  readonly text: string;
}

const ROOT_PATH: PathNode = { parent: undefined, text: '#/' };

// State shared by a context and all its subcontexts during one diff.
class DiffState {
  /** Pairs being compared on the current call chain, with their depth in it. */
  readonly inProgress = new Map<SchemaNode, Map<SchemaNode, number>>();
  /** Results of pairs whose comparison did not lean on an unfinished pair. */
  readonly memo = new Map<SchemaNode, Map<SchemaNode, Memo>>();
  depth = 0;
  /** Shallowest in-progress pair the running comparison ran into (Infinity: none). */
  shallowestHit = Number.POSITIVE_INFINITY;

  constructor(readonly compatible: ReadonlySet<JsonDifferenceType>) {}
}

/**
 * Where the diff is (the path) and what it found. A subcontext (Confluent's
 * `Context.getSubcontext`) collects differences apart, so the caller can ask whether they are
 * compatible and then keep or drop them.
 *
 * Recursion is bounded by comparing each (original, update) pair once per call chain: a pair
 * met again while it is still being compared is taken as equal, the coinductive reading of a
 * recursive schema (any real difference is reported where the pair was first entered). Pairs
 * compared in full are memoised, so shared definitions are diffed once however often they are
 * referenced.
 */
export class DiffContext {
  private readonly list = new DifferenceList();

  private constructor(
    private readonly state: DiffState,
    private path: PathNode,
  ) {}

  static root(compatible: ReadonlySet<JsonDifferenceType>): DiffContext {
    return new DiffContext(new DiffState(compatible), ROOT_PATH);
  }

  /** A context at the same place that collects its own differences. */
  sub(): DiffContext {
    return new DiffContext(this.state, this.path);
  }

  /** Whether every difference found so far is compatible under the diff's policy. */
  isCompatible(): boolean {
    return this.list.incompatible === 0;
  }

  /** How many differences were found. */
  get size(): number {
    return this.list.size;
  }

  /** The differences found, in the order found. */
  get differences(): RawDifference[] {
    return flatten(this.list);
  }

  add(type: JsonDifferenceType): void {
    this.push({ type, path: this.path.text });
  }

  /** Adds a difference one segment below the current path (`#/.../maxLength`). */
  addAt(segment: string, type: JsonDifferenceType): void {
    this.push({ type, path: child(this.path, segment).text });
  }

  /** Keeps everything a subcontext found. */
  addAll(sub: DiffContext): void {
    this.splice(sub.list, '', '');
  }

  /**
   * Moves one path segment (or several, `a/b`) deeper, until the matching {@link leave}.
   * (A step cannot pass a callback that yields, hence the pair of calls.)
   */
  enter(segment: string): void {
    this.path = child(this.path, segment);
  }

  leave(): void {
    this.path = this.path.parent ?? ROOT_PATH;
  }

  /**
   * Compares a pair once: skipped when it is already being compared up the call chain,
   * replayed from the memo when it was compared before.
   */
  *comparePair(original: SchemaNode, update: SchemaNode, body: () => Step<void>): Step<void> {
    const { state } = this;
    const running = state.inProgress.get(original)?.get(update);
    if (running !== undefined) {
      state.shallowestHit = Math.min(state.shallowestHit, running);
      return;
    }
    const memo = state.memo.get(original)?.get(update);
    if (memo) {
      if (memo.list.size > 0) this.splice(memo.list, memo.at, this.path.text);
      return;
    }
    const depth = ++state.depth;
    const outerHit = state.shallowestHit;
    state.shallowestHit = Number.POSITIVE_INFINITY;
    const first = this.list.entries.length;
    const sizeBefore = this.list.size;
    const incompatibleBefore = this.list.incompatible;
    mapOf(state.inProgress, original).set(update, depth);
    // An exception abandons the whole diff, and this state with it: no cleanup needed.
    yield body();
    state.inProgress.get(original)?.delete(update);
    state.depth--;
    if (state.shallowestHit >= depth) {
      const found = new DifferenceList();
      found.entries.push(...this.list.entries.slice(first));
      found.size = this.list.size - sizeBefore;
      found.incompatible = this.list.incompatible - incompatibleBefore;
      mapOf(state.memo, original).set(update, { list: found, at: this.path.text });
    }
    state.shallowestHit = Math.min(outerHit, state.shallowestHit);
  }

  private push(d: RawDifference): void {
    this.list.entries.push(d);
    this.list.size++;
    if (!this.state.compatible.has(d.type)) this.list.incompatible++;
  }

  private splice(list: DifferenceList, from: string, to: string): void {
    if (list.size === 0) return;
    this.list.entries.push({ list, from, to });
    this.list.size += list.size;
    this.list.incompatible += list.incompatible;
  }
}

function child(parent: PathNode, segment: string): PathNode {
  return { parent, text: parent === ROOT_PATH ? `#/${segment}` : `${parent.text}/${segment}` };
}

// Lays a list out flat, applying each splice's move of path (iteratively: lists nest deeply).
function flatten(root: DifferenceList): RawDifference[] {
  const out: RawDifference[] = [];
  const work: Array<{ list: DifferenceList; index: number; moves: ReadonlyArray<readonly [string, string]> }> = [
    { list: root, index: 0, moves: [] },
  ];
  while (work.length) {
    const top = work[work.length - 1] as { list: DifferenceList; index: number; moves: ReadonlyArray<readonly [string, string]> };
    if (top.index >= top.list.entries.length) {
      work.pop();
      continue;
    }
    const entry = top.list.entries[top.index++] as RawDifference | Splice;
    if ('list' in entry) {
      const moves = entry.from === entry.to ? top.moves : [[entry.from, entry.to] as const, ...top.moves];
      work.push({ list: entry.list, index: 0, moves });
    } else {
      let path = entry.path;
      for (const [from, to] of top.moves) path = movePath(path, from, to);
      out.push(path === entry.path ? entry : { type: entry.type, path });
    }
  }
  return out;
}

// `path` was found below `from`; the same place below `to`. Paths are `#/` plus segments.
function movePath(path: string, from: string, to: string): string {
  const rest = from === '#/' ? (path === '#/' ? '' : path.slice(1)) : path.slice(from.length);
  if (rest === '') return to;
  return to === '#/' ? `#${rest}` : to + rest;
}

function mapOf<V>(outer: Map<SchemaNode, Map<SchemaNode, V>>, key: SchemaNode): Map<SchemaNode, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
