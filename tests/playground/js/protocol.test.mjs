import { test } from "node:test";
import assert from "node:assert/strict";
import { buildMessage, parseServerMessage, CLIENT_MESSAGES, blankGrid, inkGrid, canvasToData } from "../../../src/glassnet/playground/static/js/protocol.mjs";
import { CONTROLS, helpText } from "../../../src/glassnet/playground/static/js/help.mjs";

test("messages are built with their fields and checked", () => {
  assert.deepEqual(buildMessage("step", { unit: "batch" }), { type: "step", unit: "batch" });
  assert.deepEqual(buildMessage("hello", {}), { type: "hello" });
  assert.deepEqual(buildMessage("set_weight", { layer: 1, i: 0, j: 2, value: -0.5 }), { type: "set_weight", layer: 1, i: 0, j: 2, value: -0.5 });
  assert.throws(() => buildMessage("step", { unit: "year" }), /unit must be/);
  assert.throws(() => buildMessage("set_weight", { layer: 1, i: 0, j: 0, value: Infinity }), /value/);
  assert.throws(() => buildMessage("select_edge", { layer: -1, i: 0, j: 0 }), /layer/);
  assert.throws(() => buildMessage("fly"), /unknown message type/);
  assert.throws(() => buildMessage("paint", { points: [[0, 0, -1]] }), /points/);
  assert.throws(() => buildMessage("config", { config: [] }), /config/);
  assert.ok(buildMessage("attribution", { index: 2 }));
});

test("server frames parse, and garbage becomes a local error frame", () => {
  assert.deepEqual(parseServerMessage('{"type":"state","step":3}'), { type: "state", step: 3 });
  assert.equal(parseServerMessage("<html>").type, "error");
  assert.equal(parseServerMessage('{"type":"party"}').type, "error");
  assert.equal(parseServerMessage("[]").type, "error");
});

test("the protocol lists every message the server documents", () => {
  const types = ["hello", "config", "play", "pause", "step", "reset", "set_weight", "select_edge", "predict", "graph",
    "gradient_flow", "attribution", "feature_maps", "hidden_state", "paint"];
  assert.deepEqual(Object.keys(CLIENT_MESSAGES).sort(), types.sort());
});

test("inking the drawing grid stays in [0, 1] and inside the grid", () => {
  const g = blankGrid(28, 28);
  inkGrid(g, 14, 14, 2);
  inkGrid(g, 0, 0, 2);
  const flat = g.flat();
  assert.ok(flat.every((v) => v >= 0 && v <= 1));
  assert.equal(g[14][14], 1);
  assert.equal(g[27][27], 0);
  assert.deepEqual(canvasToData(0, 0, 300), [-6, 6]);
  assert.deepEqual(canvasToData(150, 150, 300), [0, 0]);
});

test("every control has help naming a study term and a lab experiment", () => {
  for (const [id, c] of Object.entries(CONTROLS)) {
    assert.ok(c.label && c.help && c.term && c.experiment, id);
    assert.match(helpText(id), /glassnet lab run /);
  }
  assert.equal(helpText("nope"), "");
});
