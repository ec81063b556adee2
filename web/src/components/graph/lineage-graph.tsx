import { useMemo } from 'react';
import { layoutLineage, type GraphEdge, type GraphNode } from './layout';
import { ApplicationNode } from './nodes/application-node';
import { TopicNode } from './nodes/topic-node';

export interface LineageData {
  clients: { topic: string; application: string; role: 'producer' | 'consumer' }[];
  topics: Map<string, { ownerTeam: string | null }>;
  teams: Map<string, string>;
}

/** Producers → topics → consumers as an SVG; every node is a link to its page. */
export function LineageGraph({ data }: { data: LineageData }) {
  const layout = useMemo(() => {
    const nodes = new Map<string, GraphNode>();
    const edges: GraphEdge[] = [];
    for (const c of data.clients) {
      const t = `t:${c.topic}`;
      nodes.set(t, { id: t, column: 'topic', name: c.topic });
      const a = `${c.role === 'producer' ? 'p' : 'c'}:${c.application}`;
      nodes.set(a, { id: a, column: c.role, name: c.application });
      edges.push(c.role === 'producer' ? { from: a, to: t } : { from: t, to: a });
    }
    return layoutLineage([...nodes.values()], edges);
  }, [data]);

  return (
    <div className="graph-wrap" role="region" aria-label="Lineage graph" tabIndex={0}>
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-labelledby="lineage-title">
        <title id="lineage-title">Applications producing to topics and consuming from them</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow" />
          </marker>
        </defs>
        <g className="graph-edges">
          {layout.edges.map(({ from, to }) => {
            const x1 = from.x + from.width;
            const y1 = from.y + from.height / 2;
            const x2 = to.x;
            const y2 = to.y + to.height / 2;
            const mid = (x1 + x2) / 2;
            return <path key={`${from.id}>${to.id}`} d={`M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2 - 2} ${y2}`} markerEnd="url(#arrow)" />;
          })}
        </g>
        {layout.nodes.map((n) =>
          n.column === 'topic' ? (
            <TopicNode key={n.id} node={n} owner={data.topics.get(n.name)?.ownerTeam} />
          ) : (
            <ApplicationNode key={n.id} node={n} team={data.teams.get(n.name)} />
          ),
        )}
      </svg>
    </div>
  );
}
