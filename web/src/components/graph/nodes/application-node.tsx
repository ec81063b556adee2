import { Link } from 'react-router';
import { links } from '../../../lib/links';
import type { PlacedNode } from '../layout';
import { fitLabel } from './node-label';

/** An application, as producer (left) or consumer (right). */
export function ApplicationNode({ node, team }: { node: PlacedNode; team?: string }) {
  return (
    <Link to={links.application(node.name)} aria-label={`${node.column === 'producer' ? 'Producer' : 'Consumer'} ${node.name}${team ? `, team ${team}` : ''}`}>
      <g className={`graph-node app-node ${node.column}`} data-testid={`node-${node.column}-${node.name}`} transform={`translate(${node.x},${node.y})`}>
        <title>{`${node.name}${team ? ` (${team})` : ''}`}</title>
        <rect width={node.width} height={node.height} rx={18} />
        <text x={node.width / 2} y={node.height / 2} dominantBaseline="central" textAnchor="middle">
          {fitLabel(node.name)}
        </text>
      </g>
    </Link>
  );
}
