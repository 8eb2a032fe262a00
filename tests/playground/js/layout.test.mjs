import { test } from "node:test";
import assert from "node:assert/strict";
import { networkLayout, graphLayout, layerDepths } from "../../../src/glassnet/playground/static/js/layout.mjs";

test("a 2-4-2 network has 8 neurons and 16 edges numbered as the engine numbers them", () => {
  const { nodes, edges } = networkLayout([2, 4, 2], { width: 300, height: 200 });
  assert.equal(nodes.length, 8);
  assert.equal(edges.length, 2 * 4 + 4 * 2);
  assert.deepEqual(edges[0].layer, 1);
  const e = edges.find((d) => d.layer === 2 && d.i === 1 && d.j === 3);
  const src = nodes.find((n) => n.layer === 1 && n.index === 3);
  const dst = nodes.find((n) => n.layer === 2 && n.index === 1);
  assert.deepEqual([e.x1, e.y1, e.x2, e.y2], [src.x, src.y, dst.x, dst.y]);
  assert.ok(nodes.every((n) => n.x >= 0 && n.x <= 300 && n.y >= 0 && n.y <= 200));
});

test("columns are centred vertically and go left to right", () => {
  const { nodes } = networkLayout([1, 3], { width: 100, height: 100 });
  const mid = nodes.find((n) => n.layer === 1 && n.index === 1);
  assert.equal(nodes[0].y, 50);
  assert.equal(mid.y, 50);
  assert.ok(nodes[0].x < mid.x);
});

test("graph layout puts each node right of its inputs, and survives a cycle", () => {
  const nodes = [{ id: "w" }, { id: "x" }, { id: "mm" }, { id: "loss" }];
  const edges = [["w", "mm"], ["x", "mm"], ["mm", "loss"], ["w", "loss"]];
  const g = graphLayout(nodes, edges);
  const at = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
  assert.ok(at.w.x < at.mm.x && at.mm.x < at.loss.x);
  assert.equal(at.w.x, at.x.x);
  assert.equal(g.edges.length, 4);
  const d = layerDepths([{ id: "a" }, { id: "b" }], [["a", "b"], ["b", "a"]]);
  assert.equal(d.size, 2);
});
