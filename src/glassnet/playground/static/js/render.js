// Drawing: the network in SVG, heatmaps and curves on canvas, the inspection views. DOM only; the geometry and
// the colours come from the pure modules (layout.mjs, colors.mjs).
import { classColor, diverging, gridToRgba, maxAbs, probabilityColor, rgbCss, weightStyle } from "./colors.mjs";
import { graphLayout, networkLayout } from "./layout.mjs";

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
export function svgEl(name, attrs = {}, parent = null) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

/** Whether a value is a grid: a non-empty array of equal-length arrays of numbers. */
export function isGrid(v) {
  return Array.isArray(v) && v.length > 0 && Array.isArray(v[0]) && v[0].length > 0 && typeof v[0][0] === "number";
}

/** A grid painted into a canvas (one pixel per cell; CSS scales it). */
export function paintGrid(canvas, grid, colourFn) {
  const h = grid.length;
  const w = grid[0].length;
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d");
  ctx.putImageData(new ImageData(gridToRgba(grid, colourFn), w, h), 0, 0);
}

/** A grid as a data: URL (for SVG <image> neuron heatmaps). */
export function gridDataUrl(grid, colourFn) {
  const c = document.createElement("canvas");
  paintGrid(c, grid, colourFn);
  return c.toDataURL();
}

// Boundary grid cell -> colour: a probability for two classes, a class index for more.
function boundaryColour(numClasses) {
  if (numClasses > 2) return (k) => { const rgb = classColor(k); return rgb.startsWith("#") ? [1, 3, 5].map((o) => parseInt(rgb.slice(o, o + 2), 16)) : rgb.match(/\d+/g).map(Number); };
  return (p) => probabilityColor(p).map((c) => 255 - (255 - c) * 0.75); // lighter, so the points stand out
}

/**
 * The network: neurons (with their output heatmaps when given), edges coloured and sized by weight.
 * handlers: {onHover(edge, w), onSelect(edge)}.
 */
export function drawNetwork(svg, network, boundary, selected, handlers) {
  svg.replaceChildren();
  if (!network || !Array.isArray(network.layers)) return;
  const sizes = network.layers.map((l) => l.size ?? (Array.isArray(l.shape) ? l.shape.at(-1) : 1));
  const weights = network.weights;
  if (!Array.isArray(weights)) {
    // CNN / RNN: the layer list with shapes and parameter counts, as labelled boxes.
    const w = 640 / Math.max(1, network.layers.length);
    network.layers.forEach((l, k) => {
      const g = svgEl("g", {}, svg);
      svgEl("rect", { x: k * w + 6, y: 120, width: w - 12, height: 90, rx: 6, fill: "#eef5fb", stroke: "#0072B2" }, g);
      const lines = [l.name ?? l.type ?? `layer ${k}`, l.shape ? `[${l.shape}]` : "", l.params != null ? `${l.params} params` : ""];
      lines.forEach((t, n) => { const tx = svgEl("text", { x: k * w + w / 2, y: 150 + n * 18, "text-anchor": "middle", "font-size": 11 }, g); tx.textContent = t; });
    });
    return;
  }
  const { nodes, edges, radius } = networkLayout(sizes, { width: 640, height: 340 });
  const m = maxAbs(weights);
  for (const e of edges) {
    const w = weights[e.layer - 1]?.[e.i]?.[e.j];
    if (typeof w !== "number") continue;
    const s = weightStyle(w, m);
    const isSel = selected && selected.layer === e.layer && selected.i === e.i && selected.j === e.j;
    const line = svgEl("line", {
      x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, stroke: s.color, "stroke-width": s.width + (isSel ? 2 : 0),
      "stroke-opacity": isSel ? 1 : s.opacity, class: isSel ? "edge selected" : "edge", tabindex: 0,
      "data-layer": e.layer, "data-i": e.i, "data-j": e.j, "data-testid": `edge-${e.layer}-${e.i}-${e.j}`,
      role: "button", "aria-label": `weight from neuron ${e.j} of layer ${e.layer - 1} to neuron ${e.i} of layer ${e.layer}: ${w.toFixed(3)}`,
    }, svg);
    const title = svgEl("title", {}, line);
    title.textContent = `w = ${w.toFixed(4)}`;
    line.addEventListener("mouseenter", () => handlers.onHover(e, w));
    line.addEventListener("focus", () => handlers.onHover(e, w));
    line.addEventListener("click", () => handlers.onSelect(e));
    line.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); handlers.onSelect(e); } });
  }
  const maps = neuronMaps(boundary, sizes);
  for (const n of nodes) {
    const grid = maps[n.layer]?.[n.index];
    const size = 2 * radius;
    if (isGrid(grid)) {
      const lim = Math.max(1e-6, maxAbs(grid));
      svgEl("image", { href: gridDataUrl(grid, (v) => diverging(v, lim)), x: n.x - radius, y: n.y - radius, width: size, height: size, preserveAspectRatio: "none" }, svg);
      svgEl("rect", { x: n.x - radius, y: n.y - radius, width: size, height: size, fill: "none", stroke: "#333" }, svg);
    } else {
      svgEl("circle", { cx: n.x, cy: n.y, r: radius, fill: "#fff", stroke: "#333" }, svg);
    }
  }
  network.layers.forEach((l, c) => {
    const x = nodes.find((n) => n.layer === c)?.x ?? 0;
    const t = svgEl("text", { x, y: 12, "text-anchor": "middle", "font-size": 10, fill: "#555" }, svg);
    t.textContent = l.activation ? `${l.name ?? ""} ${l.activation}` : (l.name ?? "");
  });
}

// boundary.neurons may hold every column (input included) or only the later ones: line it up with the columns.
function neuronMaps(boundary, sizes) {
  const ns = boundary?.neurons;
  if (!Array.isArray(ns) || !ns.length) return [];
  if (ns.length === sizes.length) return ns;
  if (ns.length === sizes.length - 1) return [null, ...ns];
  return [null, ...ns, null];
}

/** The decision boundary with the data points (train filled, test outlined). */
export function drawBoundary(canvas, boundary, points, showTest) {
  const ctx = canvas.getContext("2d");
  const S = 300;
  canvas.width = S;
  canvas.height = S;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, S, S);
  const grid = boundary?.grid;
  const k = boundary?.num_classes ?? (isGrid(grid) && grid.flat().some((v) => v > 1) ? 3 : 2);
  if (isGrid(grid)) {
    const tmp = document.createElement("canvas");
    paintGrid(tmp, grid, boundaryColour(k));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tmp, 0, 0, S, S); // row 0 of the grid is the top of the plane (x2 = +6), as on the canvas
  }
  const [x0, x1, y0, y1] = boundary?.extent ?? [-6, 6, -6, 6];
  const toPx = (x, y) => [((x - x0) / (x1 - x0)) * S, S - ((y - y0) / (y1 - y0)) * S];
  const drawSet = (set, filled) => {
    if (!set) return;
    const xs = set.x ?? set.points ?? set;
    const ys = set.y ?? set.labels ?? [];
    if (!Array.isArray(xs)) return;
    xs.forEach((p, n) => {
      const label = Array.isArray(p) && p.length > 2 ? p[2] : ys[n];
      const [px, py] = toPx(p[0], p[1]);
      ctx.beginPath();
      ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = classColor(label ?? 0);
      ctx.strokeStyle = filled ? "#fff" : "#000";
      ctx.lineWidth = filled ? 1 : 1.5;
      if (filled) ctx.fill();
      else { ctx.fillStyle = "#fff"; ctx.fill(); ctx.strokeStyle = classColor(label ?? 0); }
      ctx.stroke();
    });
  };
  drawSet(points?.train, true);
  if (showTest) drawSet(points?.test, false);
}

/** Training (solid) and test (dashed) loss against steps; a pinned earlier run in grey. */
export function drawCurves(canvas, curves, pinned) {
  const ctx = canvas.getContext("2d");
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const series = [];
  const add = (c, colour, grey) => {
    if (!c || !Array.isArray(c.step)) return;
    series.push({ x: c.step, y: c.train_loss, colour, dash: [], grey });
    series.push({ x: c.step, y: c.test_loss, colour, dash: [5, 3], grey });
  };
  add(pinned, "#999", true);
  add(curves, "#1b1b1b", false);
  const xs = series.flatMap((s) => s.x);
  const ys = series.flatMap((s) => (s.y || []).filter((v) => Number.isFinite(v)));
  if (!xs.length || !ys.length) return;
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(1e-9, ...ys);
  for (const s of series) {
    if (!s.y) continue;
    ctx.beginPath();
    ctx.setLineDash(s.dash);
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = s.grey ? 1 : 1.6;
    s.x.forEach((x, n) => {
      const v = s.y[n];
      if (!Number.isFinite(v)) return;
      const px = (x / xMax) * (W - 4) + 2;
      const py = H - 2 - (v / yMax) * (H - 14);
      if (n === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.fillStyle = "#555";
  ctx.font = "10px system-ui";
  ctx.fillText(`max ${yMax.toPrecision(3)}; ${xMax} steps`, 4, 10);
}

/** The chain-rule numbers of the selected edge, in a table. */
export function drawChainRule(table, detail) {
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren();
  if (!detail) return;
  const c = detail.chain_rule ?? detail;
  if (c.explain) table.caption ? (table.caption.textContent = c.explain) : (table.createCaption().textContent = c.explain);
  const rows = [
    ["dL/da (loss w.r.t. the neuron's output)", c.dL_dout], ["da/dz (activation slope)", c.dout_dz],
    ["dz/dw (the input on this edge)", c.dz_dw], ["product = dL/dw", c.product], ["autograd's dL/dw", c.autograd_grad],
    ["the two agree", c.match],
  ];
  for (const [name, v] of rows) {
    if (v === undefined) continue;
    const tr = body.insertRow();
    tr.insertCell().textContent = name;
    const td = tr.insertCell();
    td.textContent = typeof v === "number" ? v.toPrecision(5)
      : Array.isArray(v) ? `${v.length} values, mean ${(v.reduce((a, b) => a + b, 0) / (v.length || 1)).toPrecision(5)}` : String(v);
    td.dataset.testid = `chain-${name.split(" ")[0].replace(/[^a-z]/gi, "") || "value"}`;
  }
}

/** The autograd graph as boxes and arrows, leaves left, the loss right. */
export function drawGraph(svg, view) {
  svg.replaceChildren();
  const nodes = (view?.nodes ?? []).map((n) => ({ ...n, id: String(n.id) }));
  const edges = (view?.edges ?? []).map(([a, b]) => [String(a), String(b)]);
  const g = graphLayout(nodes, edges, { colWidth: 130, rowHeight: 40 });
  svg.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
  svg.setAttribute("width", g.width);
  svg.setAttribute("height", g.height);
  for (const e of g.edges) svgEl("line", { x1: e.from.x + 110, y1: e.from.y + 12, x2: e.to.x, y2: e.to.y + 12, stroke: "#888" }, svg);
  for (const n of g.nodes) {
    svgEl("rect", { x: n.x, y: n.y, width: 110, height: 24, rx: 4, fill: n.shape === "param" || n.kind === "param" ? "#eef5fb" : "#fff", stroke: "#333" }, svg);
    const t = svgEl("text", { x: n.x + 55, y: n.y + 15, "text-anchor": "middle" }, svg);
    t.textContent = String(n.label ?? n.id).slice(0, 18);
    const title = svgEl("title", {}, t);
    title.textContent = `${n.label ?? n.id}${n.shape ? ` ${JSON.stringify(n.shape)}` : ""}`;
  }
}

/** Gradient flow: one bar per layer (log scale), flagged vanishing or exploding. */
export function drawGradientFlow(div, view) {
  div.replaceChildren();
  const rows = view?.layers ?? view?.rows ?? [];
  const value = (r) => r.grad_norm ?? r.weight_grad_norm ?? r.mean_abs_grad ?? Object.values(r).find((v) => typeof v === "number") ?? 0;
  const logs = rows.map((r) => Math.log10(Math.max(1e-12, Math.abs(value(r)))));
  const lo = Math.min(...logs, -8);
  const hi = Math.max(...logs, 1);
  rows.forEach((r, n) => {
    const verdict = r.verdict ?? "ok";
    const row = document.createElement("div");
    row.className = `bar-row flag-${verdict}`;
    const name = document.createElement("span");
    name.textContent = r.name ?? r.layer ?? `layer ${n}`;
    const track = document.createElement("div");
    const fill = document.createElement("div");
    fill.className = "bar-fill";
    fill.style.width = `${(100 * (logs[n] - lo)) / (hi - lo || 1)}%`;
    track.appendChild(fill);
    const flag = document.createElement("span");
    flag.textContent = `${value(r).toExponential(1)} ${verdict === "ok" ? "" : verdict.toUpperCase()}`;
    row.append(name, track, flag);
    div.appendChild(row);
  });
}

/** Every grid found in a view, with a name (feature maps, filters, attributions, hidden states). */
export function findGrids(obj, name = "", out = []) {
  if (isGrid(obj)) out.push({ name, grid: obj });
  else if (Array.isArray(obj)) obj.forEach((v, k) => findGrids(v, `${name}[${k}]`, out));
  else if (obj && typeof obj === "object") for (const [k, v] of Object.entries(obj)) findGrids(v, name ? `${name}.${k}` : k, out);
  return out;
}

/** Grids of a view as small diverging heatmaps, each titled with where it came from. */
export function drawTiles(div, view, limit = 64, scale = 0) {
  div.replaceChildren();
  const grids = findGrids(view).slice(0, limit);
  if (!grids.length) { div.textContent = view?.message ?? "nothing to show for this mode"; return; }
  const tiles = document.createElement("div");
  tiles.className = "tiles";
  for (const { name, grid } of grids) {
    const c = document.createElement("canvas");
    const lim = Math.max(1e-9, maxAbs(grid));
    paintGrid(c, grid, (v) => diverging(v, lim));
    c.title = name;
    c.setAttribute("role", "img");
    c.setAttribute("aria-label", name);
    if (scale) { c.style.width = `${grid[0].length * scale}px`; c.style.height = `${grid.length * scale}px`; }
    else if (grid.length > 2 * grid[0].length) { c.style.width = `${Math.max(40, grid[0].length * 6)}px`; c.style.height = `${grid.length * 6}px`; }
    tiles.appendChild(c);
  }
  div.appendChild(tiles);
  if (view?.prediction !== undefined) {
    const p = document.createElement("p");
    p.textContent = `prediction: ${JSON.stringify(view.prediction)}`;
    div.appendChild(p);
  }
}

/** An attribution: a heatmap for images, bars (one per input feature or time step) otherwise. */
export function drawAttribution(div, view) {
  const values = view?.values;
  if (isGrid(values) || !Array.isArray(values)) { drawTiles(div, { values }); return; }
  div.replaceChildren();
  const lim = Math.max(1e-12, maxAbs(values));
  const bars = document.createElement("div");
  bars.className = "bars";
  values.forEach((v, k) => {
    const row = document.createElement("div");
    row.className = "bar-row";
    const name = document.createElement("span");
    name.textContent = view.names?.[k] ?? `t=${k}`;
    const track = document.createElement("div");
    const fill = document.createElement("div");
    fill.className = "bar-fill";
    fill.style.width = `${(100 * Math.abs(v)) / lim}%`;
    fill.style.background = rgbCss(diverging(v, lim));
    track.appendChild(fill);
    const num = document.createElement("span");
    num.textContent = Number(v).toPrecision(3);
    row.append(name, track, num);
    bars.appendChild(row);
  });
  div.appendChild(bars);
  const p = document.createElement("p");
  p.textContent = `sample ${view.index}, label ${view.label}, predicted ${view.target} (${view.method})`;
  div.appendChild(p);
}

/** Class probabilities as bars. */
export function drawProbs(div, probs) {
  div.replaceChildren();
  (probs ?? []).forEach((p, k) => {
    const row = document.createElement("div");
    row.className = "bar-row";
    const name = document.createElement("span");
    name.textContent = String(k);
    const track = document.createElement("div");
    const fill = document.createElement("div");
    fill.className = "bar-fill";
    fill.style.width = `${100 * p}%`;
    fill.style.background = classColor(k);
    track.appendChild(fill);
    const v = document.createElement("span");
    v.textContent = p.toFixed(3);
    row.append(name, track, v);
    div.appendChild(row);
  });
}

export { rgbCss };
