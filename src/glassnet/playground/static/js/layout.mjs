// Where things go in the SVG drawings: the network (neurons in columns, edges between) and the autograd graph
// (a simple layered layout). Pure functions, tested by tests/playground/js/layout.test.mjs.

/**
 * Neurons of a dense network: sizes = [inputs, hidden..., outputs]. Edge {layer, i, j} is the weight from
 * neuron j of column layer-1 to neuron i of column layer (layer 1 = first hidden), the engine's numbering.
 */
export function networkLayout(sizes, { width = 600, height = 320, margin = 24, maxRadius = 14 } = {}) {
  const cols = sizes.length;
  const colX = (c) => (cols === 1 ? width / 2 : margin + ((width - 2 * margin) * c) / (cols - 1));
  const tallest = Math.max(1, ...sizes);
  const pitch = (height - 2 * margin) / tallest;
  const radius = Math.max(3, Math.min(maxRadius, pitch * 0.4));
  const nodes = [];
  sizes.forEach((n, c) => {
    const top = height / 2 - (pitch * (n - 1)) / 2;
    for (let k = 0; k < n; k++) nodes.push({ layer: c, index: k, x: colX(c), y: top + pitch * k, r: radius });
  });
  const at = (c, k) => nodes.find((p) => p.layer === c && p.index === k);
  const edges = [];
  for (let c = 1; c < cols; c++) {
    for (let i = 0; i < sizes[c]; i++) {
      for (let j = 0; j < sizes[c - 1]; j++) {
        const a = at(c - 1, j);
        const b = at(c, i);
        edges.push({ layer: c, i, j, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
      }
    }
  }
  return { nodes, edges, radius };
}

/** The depth of each node: 0 for sources, else 1 + the deepest input (longest path; cycles are cut). */
export function layerDepths(nodes, edges) {
  const ids = nodes.map((n) => n.id);
  const inputs = new Map(ids.map((id) => [id, []]));
  for (const [a, b] of edges) if (inputs.has(b) && inputs.has(a)) inputs.get(b).push(a);
  const depth = new Map();
  const visiting = new Set();
  const visit = (id) => {
    if (depth.has(id)) return depth.get(id);
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let d = 0;
    for (const a of inputs.get(id)) d = Math.max(d, visit(a) + 1);
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  ids.forEach(visit);
  return depth;
}

/** Autograd graph nodes [{id, label}] and edges [[from, to]] -> positions, left (leaves) to right (the loss). */
export function graphLayout(nodes, edges, { colWidth = 150, rowHeight = 46, margin = 20 } = {}) {
  const depth = layerDepths(nodes, edges);
  const columns = new Map();
  for (const n of nodes) {
    const d = depth.get(n.id);
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d).push(n);
  }
  const rows = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const placed = new Map();
  for (const [d, col] of columns) {
    col.forEach((n, k) => {
      placed.set(n.id, { ...n, x: margin + d * colWidth, y: margin + (k + (rows - col.length) / 2) * rowHeight });
    });
  }
  const width = 2 * margin + Math.max(0, ...columns.keys()) * colWidth + colWidth;
  const height = 2 * margin + rows * rowHeight;
  const lines = edges.filter(([a, b]) => placed.has(a) && placed.has(b)).map(([a, b]) => ({ from: placed.get(a), to: placed.get(b) }));
  return { nodes: [...placed.values()], edges: lines, width, height };
}
