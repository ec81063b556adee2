import type { JsonDifferenceType } from './difference-types';
import type { SchemaNode } from './schema-model';

/** A difference as the diff finds it: a type and a path (`#/properties/foo`). */
export interface RawDifference {
  readonly type: JsonDifferenceType;
  readonly path: string;
}

interface MemoEntry {
  readonly differences: ReadonlyArray<{ readonly type: JsonDifferenceType; readonly suffix: string }>;
}

// State shared by a context and all its subcontexts during one diff.
class DiffState {
  /** Pairs being compared on the current call chain, with their depth in it. */
  readonly inProgress = new Map<SchemaNode, Map<SchemaNode, number>>();
  /** Results of pairs whose comparison did not lean on an unfinished pair. */
  readonly memo = new Map<SchemaNode, Map<SchemaNode, MemoEntry>>();
  depth = 0;
  /** Shallowest in-progress pair the running comparison ran into (Infinity: none). */
  shallowestHit = Number.POSITIVE_INFINITY;

  constructor(readonly compatible: ReadonlySet<JsonDifferenceType>) {}
}

/**
 * Where the diff is (the path) and what it found. A subcontext (Confluent's
 * `Context.getSubcontext`) collects differences apart, so the caller can look at them,
 * ask whether they are compatible, and keep or drop them.
 *
 * Recursion is bounded by comparing each (original, update) pair once per call chain: a pair
 * met again while it is still being compared is taken as equal, the coinductive reading of a
 * recursive schema (any real difference is reported where the pair was first entered). Pairs
 * compared in full are memoised, so shared definitions are diffed once however often they are
 * referenced.
 */
export class DiffContext {
  readonly differences: RawDifference[] = [];

  private constructor(
    private readonly state: DiffState,
    private readonly path: string[],
  ) {}

  static root(compatible: ReadonlySet<JsonDifferenceType>): DiffContext {
    return new DiffContext(new DiffState(compatible), []);
  }

  /** A context at the same place that collects its own differences. */
  sub(): DiffContext {
    return new DiffContext(this.state, [...this.path]);
  }

  /** Whether every difference found so far is compatible under the diff's policy. */
  isCompatible(): boolean {
    return this.differences.every((d) => this.state.compatible.has(d.type));
  }

  add(type: JsonDifferenceType): void {
    this.differences.push({ type, path: this.pathString() });
  }

  /** Adds a difference one segment below the current path (`#/.../maxLength`). */
  addAt(segment: string, type: JsonDifferenceType): void {
    this.path.push(segment);
    this.add(type);
    this.path.pop();
  }

  addAll(differences: readonly RawDifference[]): void {
    for (const d of differences) this.differences.push(d);
  }

  /** Runs `body` one path segment (or several, `a/b`) deeper. */
  at<T>(segment: string, body: () => T): T {
    this.path.push(segment);
    try {
      return body();
    } finally {
      this.path.pop();
    }
  }

  /**
   * Compares a pair once: skipped when it is already being compared up the call chain,
   * replayed from the memo when it was compared before.
   */
  comparePair(original: SchemaNode, update: SchemaNode, body: () => void): void {
    const { state } = this;
    const running = state.inProgress.get(original)?.get(update);
    if (running !== undefined) {
      state.shallowestHit = Math.min(state.shallowestHit, running);
      return;
    }
    const here = this.pathString();
    const memo = state.memo.get(original)?.get(update);
    if (memo) {
      for (const d of memo.differences) this.differences.push({ type: d.type, path: joinPath(here, d.suffix) });
      return;
    }
    const depth = ++state.depth;
    const outerHit = state.shallowestHit;
    state.shallowestHit = Number.POSITIVE_INFINITY;
    const first = this.differences.length;
    mapOf(state.inProgress, original).set(update, depth);
    try {
      body();
    } finally {
      state.inProgress.get(original)?.delete(update);
      state.depth--;
    }
    if (state.shallowestHit >= depth) {
      const found = this.differences.slice(first).map((d) => ({ type: d.type, suffix: relativePath(here, d.path) }));
      mapOf(state.memo, original).set(update, { differences: found });
    }
    state.shallowestHit = Math.min(outerHit, state.shallowestHit);
  }

  private pathString(): string {
    return `#/${this.path.join('/')}`;
  }
}

// Paths are `#/` plus segments; a suffix is '' or `/seg/...` below the place it was found.
function relativePath(base: string, path: string): string {
  if (base === '#/') return path === '#/' ? '' : `/${path.slice(2)}`;
  return path.slice(base.length);
}

function joinPath(base: string, suffix: string): string {
  if (suffix === '') return base;
  return base === '#/' ? `#${suffix}` : base + suffix;
}

function mapOf<V>(outer: Map<SchemaNode, Map<SchemaNode, V>>, key: SchemaNode): Map<SchemaNode, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
