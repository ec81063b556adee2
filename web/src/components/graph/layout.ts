/**
 * A layered layout for lineage: producers | topics | consumers. Nodes in a column are ordered by
 * the mean position of their neighbours (two barycentre sweeps), which removes most crossings
 * for graphs of this shape without a layout library.
 */
export type Column = 'producer' | 'topic' | 'consumer';

export interface GraphNode {
  id: string;
  column: Column;
  name: string;
}
export interface GraphEdge {
  from: string;
  to: string;
}
export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Layout {
  nodes: PlacedNode[];
  edges: { from: PlacedNode; to: PlacedNode }[];
  width: number;
  height: number;
}

export const NODE = { width: 190, height: 36, gapY: 14, gapX: 120, pad: 16 };

export function layoutLineage(nodes: GraphNode[], edges: GraphEdge[]): Layout {
  const columns: Record<Column, GraphNode[]> = { producer: [], topic: [], consumer: [] };
  for (const n of nodes) columns[n.column].push(n);
  for (const c of Object.values(columns)) c.sort((a, b) => a.name.localeCompare(b.name));
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const order = (col: GraphNode[], ref: GraphNode[][]) => {
    const pos = new Map<string, number>();
    ref.forEach((r) => r.forEach((n, i) => pos.set(n.id, i / Math.max(1, r.length - 1))));
    const key = (n: GraphNode) => {
      const ps = (neighbours.get(n.id) ?? []).map((id) => pos.get(id)).filter((p): p is number => p !== undefined);
      return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : 0.5;
    };
    const keys = new Map(col.map((n) => [n.id, key(n)]));
    col.sort((a, b) => keys.get(a.id)! - keys.get(b.id)! || a.name.localeCompare(b.name));
  };
  for (let sweep = 0; sweep < 2; sweep++) {
    order(columns.producer, [columns.topic]);
    order(columns.consumer, [columns.topic]);
    order(columns.topic, [columns.producer, columns.consumer]);
  }
  const tallest = Math.max(1, ...Object.values(columns).map((c) => c.length));
  const height = NODE.pad * 2 + tallest * NODE.height + (tallest - 1) * NODE.gapY;
  const placed = new Map<string, PlacedNode>();
  (['producer', 'topic', 'consumer'] as Column[]).forEach((c, ci) => {
    const col = columns[c];
    const used = col.length * NODE.height + Math.max(0, col.length - 1) * NODE.gapY;
    const top = (height - used) / 2;
    col.forEach((n, i) => {
      placed.set(n.id, {
        ...n,
        x: NODE.pad + ci * (NODE.width + NODE.gapX),
        y: top + i * (NODE.height + NODE.gapY),
        width: NODE.width,
        height: NODE.height,
      });
    });
  });
  return {
    nodes: [...placed.values()],
    edges: edges.filter((e) => placed.has(e.from) && placed.has(e.to)).map((e) => ({ from: placed.get(e.from)!, to: placed.get(e.to)! })),
    width: NODE.pad * 2 + 3 * NODE.width + 2 * NODE.gapX,
    height,
  };
}
