// The WebSocket messages the page sends, built and checked before they leave (the server checks again).
// The protocol is documented in glassnet/playground/server.py and docs/playground.md.
// Pure functions, tested by tests/playground/js/protocol.test.mjs.

const nonNegInt = (v) => Number.isInteger(v) && v >= 0;
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const optional = (check) => (v) => v === undefined || v === null || check(v);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const point = (p) => Array.isArray(p) && p.length === 3 && finite(p[0]) && finite(p[1]) && nonNegInt(p[2]);

// type -> {field: [check, what it must be]}
export const CLIENT_MESSAGES = {
  hello: { session: [optional((v) => typeof v === "string"), "a session id"], config: [optional(isObject), "a config object"] },
  config: { config: [isObject, "a config object"] },
  play: {},
  pause: {},
  step: { unit: [(v) => ["sample", "batch", "epoch"].includes(v), "'sample', 'batch' or 'epoch'"] },
  reset: {},
  set_weight: {
    layer: [nonNegInt, "a layer number"], i: [nonNegInt, "a neuron index"], j: [nonNegInt, "a neuron index"],
    value: [finite, "a finite number"],
  },
  select_edge: { layer: [nonNegInt, "a layer number"], i: [nonNegInt, "a neuron index"], j: [nonNegInt, "a neuron index"] },
  predict: { pixels: [(v) => Array.isArray(v) && v.length > 0, "a non-empty grid of numbers"] },
  graph: {},
  gradient_flow: {},
  attribution: {
    index: [nonNegInt, "a sample index"],
    method: [optional((v) => ["saliency", "input_x_gradient", "integrated_gradients"].includes(v)),
      "'saliency', 'input_x_gradient' or 'integrated_gradients'"],
  },
  feature_maps: { index: [nonNegInt, "a sample index"] },
  hidden_state: { index: [nonNegInt, "a sample index"] },
  paint: { points: [(v) => Array.isArray(v) && v.every(point), "a list of [x, y, label]"] },
};

export const SERVER_MESSAGES = ["hello", "state", "detail", "error"];

/** {type, ...fields} for the server, or an Error naming the bad field. */
export function buildMessage(type, fields = {}) {
  const spec = CLIENT_MESSAGES[type];
  if (!spec) throw new Error(`unknown message type ${JSON.stringify(type)}`);
  for (const [key, [check, what]] of Object.entries(spec)) {
    if (!check(fields[key])) throw new Error(`${type}: ${key} must be ${what}, got ${JSON.stringify(fields[key])}`);
  }
  return { type, ...fields };
}

/** A server frame's text -> its object; anything unreadable becomes a local error frame (never a throw). */
export function parseServerMessage(text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return { type: "error", message: "the server sent something that is not JSON", for: null };
  }
  if (!isObject(msg) || !SERVER_MESSAGES.includes(msg.type)) {
    return { type: "error", message: `unexpected frame from the server: ${String(text).slice(0, 80)}`, for: null };
  }
  return msg;
}

/** A w x h grid of zeros (the drawing canvas's pixels, 0 = paper, 1 = ink). */
export function blankGrid(w = 28, h = 28) {
  return Array.from({ length: h }, () => new Array(w).fill(0));
}

/** Ink a round brush of radius r at (x, y) into the grid, in place; values stay in [0, 1]. */
export function inkGrid(grid, x, y, r = 1.4) {
  for (let yy = Math.floor(y - r - 1); yy <= Math.ceil(y + r + 1); yy++) {
    for (let xx = Math.floor(x - r - 1); xx <= Math.ceil(x + r + 1); xx++) {
      if (yy < 0 || xx < 0 || yy >= grid.length || xx >= grid[0].length) continue;
      const d = Math.hypot(xx + 0.5 - x, yy + 0.5 - y);
      const v = Math.max(0, Math.min(1, r + 0.5 - d));
      grid[yy][xx] = Math.max(grid[yy][xx], v);
    }
  }
  return grid;
}

/** A canvas click at pixel (px, py) of a size x size canvas -> a data point in [-6, 6]^2 (y up), rounded. */
export function canvasToData(px, py, size, extent = [-6, 6, -6, 6]) {
  const [x0, x1, y0, y1] = extent;
  const round = (v) => Math.round(v * 100) / 100;
  return [round(x0 + ((x1 - x0) * px) / size), round(y1 - ((y1 - y0) * py) / size)];
}
