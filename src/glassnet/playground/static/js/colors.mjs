// Colour scales of the playground, colour-blind safe: orange (negative) / blue (positive) diverging, the
// Okabe-Ito palette for classes. Pure functions, no DOM, tested by tests/playground/js/colors.test.mjs.

// Okabe & Ito (2008): eight colours told apart under every common colour-vision deficiency.
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
export const NEGATIVE = [230, 159, 0];   // Okabe-Ito orange
export const POSITIVE = [0, 114, 178];   // Okabe-Ito blue
export const NEUTRAL = [245, 245, 245];

/** "#rrggbb" -> [r, g, b]. */
export function hexToRgb(hex) {
  const h = hex.replace("#", "");
  return [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16));
}

/** [r, g, b] -> "rgb(r,g,b)". */
export function rgbCss(rgb) {
  return `rgb(${rgb.map((c) => Math.round(c)).join(",")})`;
}

function mix(a, b, t) {
  return a.map((c, k) => c + (b[k] - c) * t);
}

/** A value in [-limit, limit] -> [r, g, b]: orange below zero, near-white at zero, blue above; clipped. */
export function diverging(value, limit = 1) {
  if (!Number.isFinite(value)) return NEUTRAL.slice();
  const t = Math.max(-1, Math.min(1, value / (limit || 1)));
  return t < 0 ? mix(NEUTRAL, NEGATIVE, -t) : mix(NEUTRAL, POSITIVE, t);
}

/** Probability of class 1 (two classes) -> colour: 0 orange, 0.5 neutral, 1 blue (TF Playground's look). */
export function probabilityColor(p) {
  return diverging(2 * p - 1, 1);
}

/** Class k's colour (Okabe-Ito, cycling past eight classes); class 0 orange and 1 blue as in the boundary. */
export function classColor(k) {
  if (k === 0) return rgbCss(NEGATIVE);
  if (k === 1) return rgbCss(POSITIVE);
  return OKABE_ITO[((k % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length];
}

/** An edge's stroke for weight w: colour by sign, width by |w| relative to the largest weight drawn. */
export function weightStyle(w, maxAbs) {
  const m = maxAbs > 0 ? maxAbs : 1;
  const t = Math.min(1, Math.abs(w) / m);
  return { color: rgbCss(diverging(w, m)), width: 0.5 + 5.5 * t, opacity: 0.35 + 0.65 * t };
}

/** Largest |value| in a nested array (0 if empty), ignoring non-finite entries. */
export function maxAbs(nested) {
  let m = 0;
  const walk = (a) => {
    for (const v of a) {
      if (Array.isArray(v)) walk(v);
      else if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
    }
  };
  walk(nested);
  return m;
}

/** A grid (rows of numbers) -> RGBA bytes for ImageData, through colourFn(value) -> [r, g, b]. */
export function gridToRgba(grid, colourFn) {
  const h = grid.length;
  const w = h ? grid[0].length : 0;
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = colourFn(grid[y][x]);
      const o = (y * w + x) * 4;
      out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = 255;
    }
  }
  return out;
}
