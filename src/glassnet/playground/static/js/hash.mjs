// Share a setup through the URL: the config's differences from the defaults, as "#key=json&key=json".
// Pure functions, tested by tests/playground/js/hash.test.mjs.

// Never in the URL: a local folder is meaningless on another machine, an uploaded CSV is far too long.
export const NOT_SHARED = new Set(["data_dir", "csv"]);
export const MAX_SHARED_POINTS = 300;

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The hash (without "#") for a config: only keys that differ from the defaults. */
export function encodeHash(config, defaults) {
  const parts = [];
  for (const key of Object.keys(config).sort()) {
    if (NOT_SHARED.has(key) || !(key in defaults) || same(config[key], defaults[key])) continue;
    if (key === "points" && config.points.length > MAX_SHARED_POINTS) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(JSON.stringify(config[key]))}`);
  }
  return parts.join("&");
}

function kind(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** A hash -> {config: the keys it sets, errors: [why a part was skipped]}; unknown keys and wrong types skipped. */
export function decodeHash(hash, defaults) {
  const config = {};
  const errors = [];
  const text = (hash || "").replace(/^#/, "");
  if (!text) return { config, errors };
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    let key;
    let value;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      value = JSON.parse(decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1)));
    } catch {
      errors.push(`cannot read ${JSON.stringify(part)}`);
      continue;
    }
    if (!(key in defaults) || NOT_SHARED.has(key)) {
      errors.push(`unknown setting ${JSON.stringify(key)}`);
      continue;
    }
    const want = kind(defaults[key]);
    // A null default (data_dir, csv) is never shared; otherwise the type must match the default's.
    if (kind(value) !== want && !(want === "null")) {
      errors.push(`${key}: expected ${want}, got ${kind(value)}`);
      continue;
    }
    config[key] = value;
  }
  return { config, errors };
}
