import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeHash, decodeHash } from "../../../src/glassnet/playground/static/js/hash.mjs";

const defaults = { mode: "dense", dataset: "spiral", hidden: [4, 2], learning_rate: 0.03, batch_norm: false, data_dir: null, csv: null, points: [] };

test("only the differences from the defaults go into the hash, and they come back", () => {
  assert.equal(encodeHash(defaults, defaults), "");
  const cfg = { ...defaults, dataset: "xor", hidden: [8], learning_rate: 0.1, batch_norm: true };
  const hash = encodeHash(cfg, defaults);
  assert.ok(!hash.includes("mode"));
  assert.deepEqual(decodeHash("#" + hash, defaults), { config: { batch_norm: true, dataset: "xor", hidden: [8], learning_rate: 0.1 }, errors: [] });
});

test("local paths and uploaded CSVs are never shared", () => {
  const cfg = { ...defaults, data_dir: "/home/me/mnist", csv: { text: "a,b", target: "b" } };
  assert.equal(encodeHash(cfg, defaults), "");
  assert.equal(decodeHash("data_dir=%22%2Fetc%22", defaults).errors.length, 1);
});

test("painted points are shared while few", () => {
  const pts = [[1, 2, 0], [-1, -2, 1]];
  const { config } = decodeHash(encodeHash({ ...defaults, dataset: "painted", points: pts }, defaults), defaults);
  assert.deepEqual(config.points, pts);
  const many = Array.from({ length: 400 }, (_, k) => [k / 100, 0, k % 2]);
  assert.ok(!encodeHash({ ...defaults, points: many }, defaults).includes("points"));
});

test("bad parts are skipped with a reason, good parts kept", () => {
  const { config, errors } = decodeHash("#dataset=%22xor%22&hidden=%22many%22&bogus=1&learning_rate=%7Bnope&&", defaults);
  assert.deepEqual(config, { dataset: "xor" });
  assert.equal(errors.length, 3);
  assert.deepEqual(decodeHash("", defaults), { config: {}, errors: [] });
});
