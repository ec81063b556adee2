import { Link } from 'react-router';
import { links } from '../../../lib/links';
import type { PlacedNode } from '../layout';
import { fitLabel } from './node-label';

/** A topic, in the middle column. */
export function TopicNode({ node, owner }: { node: PlacedNode; owner?: string | null }) {
  return (
    <Link to={links.topic(node.name)} aria-label={`Topic ${node.name}${owner ? `, owned by ${owner}` : ', no owner'}`}>
      <g className={`graph-node topic-node ${owner ? '' : 'unowned'}`} data-testid={`node-topic-${node.name}`} transform={`translate(${node.x},${node.y})`}>
        <title>{node.name}</title>
        <rect width={node.width} height={node.height} rx={4} />
        <text x={node.width / 2} y={node.height / 2} dominantBaseline="central" textAnchor="middle">
          {fitLabel(node.name)}
        </text>
      </g>
    </Link>
  );
}
