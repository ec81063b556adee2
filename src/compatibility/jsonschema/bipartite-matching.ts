/** A possible pairing of row `row` with column `col`, at a cost. */
export interface Edge {
  readonly row: number;
  readonly col: number;
  readonly cost: number;
}

/**
 * The largest set of pairings in which no row or column is used twice and, among the largest,
 * the cheapest (ties are broken deterministically by the algorithm). Confluent only asks for a maximum
 * matching and takes whichever its hash sets yield; preferring the pairing with the fewest
 * differences is a deterministic reading of the same question.
 *
 * Hungarian algorithm on a square matrix where a missing edge costs more than all real edges
 * together, so cardinality is maximised first. O(n^3), n = max(rows, cols).
 */
export function cheapestMaximumMatching(rows: number, cols: number, edges: readonly Edge[]): Edge[] {
  const n = Math.max(rows, cols);
  if (n === 0 || edges.length === 0) return [];
  const missing = edges.reduce((sum, e) => sum + e.cost, 0) + 1;
  const cost: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(missing));
  const byCell = new Map<number, Edge>();
  for (const e of edges) {
    const row = cost[e.row] as number[];
    if (e.cost < (row[e.col] as number)) {
      row[e.col] = e.cost;
      byCell.set(e.row * n + e.col, e);
    }
  }
  // Potentials u (rows), v (columns); p[j] = row matched to column j (1-based, 0 = none).
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = ((cost[i0 - 1] as number[])[j - 1] as number) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const matching: Edge[] = [];
  for (let j = 1; j <= n; j++) {
    const edge = byCell.get(((p[j] as number) - 1) * n + (j - 1));
    if (edge) matching.push(edge);
  }
  return matching.sort((a, b) => a.row - b.row);
}
