// The role-chain graph of the access review as a picture: an inline SVG (no script, no
// external resource) with one node per principal that can assume a role and per role reached,
// in columns by hop (who starts a chain on the left, the roles it reaches to the right), and one
// arrow per hop, dashed when the hop is conditional or indeterminate.

import type { Access, Matrix } from '../../analysis/types.js';
import { matrixPrincipalLabeller, matrixPrincipalLabel } from '../matrix-labels.js';
import { escapeHtml as e } from './escape.js';

const NODE_W = 210;
const NODE_H = 30;
const COL_GAP = 90;
const ROW_GAP = 16;
const PAD = 10;

interface Edge {
  from: string;
  to: string;
  access: Access;
}

function truncate(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The SVG of the role chains, or '' when no principal can assume a role. */
export function chainGraphSvg(matrix: Matrix): string {
  const column = new Map<string, number>();
  const labels = new Map<string, string>();
  const edges = new Map<string, Edge>();
  const chainLabel = matrixPrincipalLabeller(matrix);
  matrix.principals.forEach((p, pi) => {
    const chains = matrix.chains[pi] ?? [];
    if (!chains.length) return;
    const start = `p:${p.arn}`;
    labels.set(start, matrixPrincipalLabel(p, matrix));
    column.set(start, 0);
    for (const chain of chains) {
      let prev = start;
      chain.path.forEach((hop, i) => {
        const id = `r:${hop.role}`;
        labels.set(id, chainLabel(hop.role));
        column.set(id, Math.max(column.get(id) ?? 0, i + 1));
        edges.set(`${prev}>${id}`, { from: prev, to: id, access: hop.access });
        prev = id;
      });
    }
  });
  if (!edges.size) return '';
  const columns: string[][] = [];
  for (const [id, c] of column) {
    columns[c] ??= [];
    columns[c].push(id);
  }
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((ids, c) => {
    ids.forEach((id, r) => {
      pos.set(id, { x: PAD + c * (NODE_W + COL_GAP), y: PAD + r * (NODE_H + ROW_GAP) });
    });
  });
  const width = PAD * 2 + columns.length * NODE_W + (columns.length - 1) * COL_GAP;
  const height = PAD * 2 + Math.max(...columns.map((c) => c.length)) * (NODE_H + ROW_GAP) - ROW_GAP;
  const arrows = [...edges.values()].map((edge) => {
    const a = pos.get(edge.from)!;
    const b = pos.get(edge.to)!;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const dashed = edge.access === 'allow' ? '' : ' stroke-dasharray="5 4"';
    return `<path class="hop ${edge.access}" d="M${x1},${y1} C${x1 + COL_GAP / 2},${y1} ${x2 - COL_GAP / 2},${y2} ${x2},${y2}" fill="none" stroke="#555"${dashed} marker-end="url(#arrow)"><title>${e(`${labels.get(edge.from)} assumes ${labels.get(edge.to)} (${edge.access})`)}</title></path>`;
  });
  const nodes = [...pos.entries()].map(([id, p]) => {
    const role = id.startsWith('r:');
    return `<g class="node${role ? ' role' : ''}"><rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${role ? '#eef4ff' : '#f6f6f6'}" stroke="#888"/><text x="${p.x + 8}" y="${p.y + NODE_H / 2 + 4}" font-size="12">${e(truncate(labels.get(id)!))}</text><title>${e(labels.get(id)!)}</title></g>`;
  });
  return `<svg class="chain-graph" role="img" aria-label="Role chains: who can assume which role" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
${arrows.join('\n')}
${nodes.join('\n')}
</svg>`;
}
