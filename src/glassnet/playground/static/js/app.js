// The page: connects one WebSocket to the local server, turns controls into messages and frames into drawings.
import { decodeHash, encodeHash } from "./hash.mjs";
import { CONTROLS, helpText } from "./help.mjs";
import { blankGrid, buildMessage, canvasToData, inkGrid, parseServerMessage } from "./protocol.mjs";
import {
  drawAttribution, drawBoundary, drawChainRule, drawCurves, drawGradientFlow, drawGraph, drawNetwork, drawProbs, drawTiles,
} from "./render.js";
import { RateMeter, throttle } from "./throttle.mjs";

const $ = (id) => document.getElementById(id);
const SESSION_KEY = "glassnet-playground-session";
const DATASETS = {
  dense: ["circle", "xor", "gauss", "spiral", "painted", "csv", "digits"],
  cnn: ["digits", "mnist", "fashion-mnist"],
  rnn: ["sum-sign", "parity", "sine"],
};
const FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];
const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const MAX_LAYERS = 6;
const MAX_NEURONS = 32;

const page = {
  socket: null, session: null, defaults: null, config: null, frame: null, running: false,
  selected: null, pinned: null, drawing: blankGrid(28, 28), pen: [14, 14], meter: new RateMeter(3000),
};

// ---- sending ----------------------------------------------------------------------------------------------

function send(type, fields = {}) {
  let msg;
  try {
    msg = buildMessage(type, fields);
  } catch (e) {
    showError(e.message);
    return;
  }
  if (page.socket?.readyState === WebSocket.OPEN) page.socket.send(JSON.stringify(msg));
  else showError("not connected to the playground server (is `glassnet playground` still running?)");
}

function setConfig(partial) {
  send("config", { config: partial });
}

function showError(message) {
  const el = $("error");
  el.textContent = message;
  el.hidden = !message;
}

function status(text) {
  $("status").textContent = text;
}

// ---- receiving ---------------------------------------------------------------------------------------------

function connect() {
  const url = `ws://${location.host}/ws`;
  const socket = new WebSocket(url);
  page.socket = socket;
  socket.addEventListener("open", () => {
    status("connected");
    const fromHash = decodeHash(location.hash, page.defaults ?? {}).config;
    const hello = { session: sessionStorage.getItem(SESSION_KEY) ?? undefined };
    if (Object.keys(fromHash).length) hello.config = fromHash;
    send("hello", hello);
  });
  socket.addEventListener("message", (ev) => onMessage(parseServerMessage(ev.data)));
  socket.addEventListener("close", () => {
    status("disconnected: reconnecting...");
    setTimeout(connect, 1500);
  });
}

function onMessage(msg) {
  if (msg.type === "hello") {
    page.session = msg.session;
    page.defaults = msg.defaults;
    sessionStorage.setItem(SESSION_KEY, msg.session);
    status(msg.recovered ? "session recovered" : "new session");
    updateExportLinks();
  } else if (msg.type === "state") {
    page.meter.tick(performance.now());
    onState(msg);
  } else if (msg.type === "detail") {
    onDetail(msg);
  } else if (msg.type === "error") {
    showError(msg.for ? `${msg.for}: ${msg.message}` : msg.message);
  }
}

const drawHeavy = throttle((frame) => {
  const net = frame.network;
  drawNetwork($("network"), net, frame.boundary, page.selected, { onHover: hoverEdge, onSelect: selectEdge });
  if (page.config?.mode === "dense" && frame.boundary?.available !== false) drawBoundary($("boundary"), frame.boundary, frame.points ?? frame.data, $("show-test").checked);
}, 100);

function onState(frame) {
  page.frame = { ...page.frame, ...frame };
  page.running = frame.running;
  if (frame.config) applyConfig(frame.config);
  const m = frame.metrics ?? lastMetrics(frame.curves);
  $("epoch").textContent = Number(frame.epoch ?? 0).toFixed(2);
  $("step").textContent = String(frame.step ?? 0);
  $("fps").textContent = page.meter.rate().toFixed(1);
  if (m) {
    $("test-loss").textContent = fmt(m.test_loss);
    $("train-loss").textContent = fmt(m.train_loss);
    $("test-acc").textContent = m.test_acc == null ? "–" : `${(100 * m.test_acc).toFixed(1)}%`;
  }
  const play = $("play");
  play.textContent = frame.running ? "❚❚ Pause" : "▶ Play";
  play.setAttribute("aria-pressed", String(Boolean(frame.running)));
  if (frame.curves) drawCurves($("curves"), frame.curves, page.pinned);
  if (frame.network || frame.boundary) drawHeavy(page.frame);
  // Full frames carry the inspection views too (the light ones sent while training skip them).
  for (const kind of ["graph", "gradient_flow", "attribution", "feature_maps", "hidden_state"]) {
    if (frame[kind] && typeof frame[kind] === "object") onDetail({ ...frame[kind], kind });
  }
  // After a step the table keeps the numbers that step used; the frame's own are at the updated weights.
  if (frame.running) page.keepStepChain = false;
  if (frame.chain_rule && page.selected && !page.keepStepChain) drawChainRule($("chain-rule"), frame.chain_rule);
  if (frame.train_error) showError(frame.train_error);
  if (page.selected && page.config?.mode === "dense" && !frame.light) refreshWeightInput();
}

function lastMetrics(curves) {
  if (!curves?.step?.length) return null;
  const n = curves.step.length - 1;
  return { test_loss: curves.test_loss?.[n], train_loss: curves.train_loss?.[n], test_acc: curves.test_acc?.[n] };
}

function fmt(v) {
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(3) : "–";
}

function onDetail(d) {
  if (d.kind === "chain_rule") {
    page.keepStepChain = false;
    drawChainRule($("chain-rule"), d);
  } else if (d.kind === "step" && d.chain_rule) {
    page.keepStepChain = true;
    drawChainRule($("chain-rule"), d.chain_rule);
  }
  else if (d.kind === "prediction") {
    // A reply to strokes sent before "Clear" can arrive after it: a blank canvas shows no prediction.
    if (!page.drawing.some((row) => row.some((v) => v > 0))) return;
    $("prediction").textContent = d.label == null ? "–" : String(d.label);
    drawProbs($("probs"), d.probs);
  } else if (d.kind === "graph") drawGraph($("graph"), d);
  else if (d.kind === "gradient_flow") drawGradientFlow($("gradient-flow"), d);
  else if (d.kind === "attribution") drawAttribution($("attribution"), d);
  else if (d.kind === "feature_maps") drawTiles($("feature-maps"), d);
  else if (d.kind === "hidden_state") drawTiles($("hidden-state"), { hidden: d.hidden, prediction: d.prediction }, 1, 14);
}

// ---- config <-> controls -----------------------------------------------------------------------------------

function fillSelect(sel, values, label = String) {
  const cur = sel.value;
  sel.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
  if (values.map(String).includes(cur)) sel.value = cur;
}

function applyConfig(cfg) {
  const changed = JSON.stringify(cfg) !== JSON.stringify(page.config);
  page.config = cfg;
  if (!changed) return;
  const set = (id, v) => { const el = $(id); if (el && document.activeElement !== el && v != null) el.value = String(v); };
  set("mode", cfg.mode);
  fillSelect($("dataset"), DATASETS[cfg.mode] ?? []);
  set("dataset", cfg.dataset);
  for (const [id, key] of [["noise", "noise"], ["train-ratio", "train_ratio"], ["batch-size", "batch_size"], ["dropout", "dropout"]]) {
    set(id, cfg[key]);
    $(`${id}-out`).textContent = String(cfg[key]);
  }
  set("seed", cfg.seed);
  set("activation", cfg.activation);
  set("learning-rate", cfg.learning_rate);
  set("optimizer", cfg.optimizer);
  set("regularization", cfg.regularization);
  set("reg-rate", cfg.reg_rate);
  set("conv", (cfg.conv ?? []).join(","));
  set("rnn-cell", cfg.rnn_cell);
  set("rnn-hidden", cfg.rnn_hidden);
  set("seq-len", cfg.seq_len);
  set("data-dir", cfg.data_dir ?? "");
  $("batch-norm").checked = Boolean(cfg.batch_norm);
  for (const box of $("features").querySelectorAll("input")) box.checked = (cfg.features ?? []).includes(box.value);
  const dense = cfg.mode === "dense";
  $("features").hidden = !dense;
  $("cnn-settings").hidden = cfg.mode !== "cnn";
  $("rnn-settings").hidden = cfg.mode !== "rnn";
  $("cnn-box").hidden = cfg.mode !== "cnn";
  $("boundary-box").hidden = !dense;
  $("paint-row").hidden = !(dense && cfg.dataset === "painted");
  $("csv-row").hidden = !(dense && cfg.dataset === "csv");
  $("data-dir-row").hidden = !["mnist", "fashion-mnist"].includes(cfg.dataset);
  $("hidden").hidden = !dense;
  $("edge-panel").hidden = !dense;
  $("show-feature-maps").hidden = cfg.mode !== "cnn";
  $("show-hidden-state").hidden = cfg.mode !== "rnn";
  // Only the settings the mode's network uses are shown: the CNN is conv+ReLU, the RNN a cell and a Linear head.
  $("activation").closest("label").hidden = !dense;
  $("dropout").closest("label").hidden = cfg.mode === "rnn";
  $("batch-norm").closest("label").hidden = cfg.mode === "rnn";
  if (page.config && page.config.mode !== (page.lastMode ?? cfg.mode)) {
    // Another mode: the last mode's inspection views would describe a network that is gone.
    for (const id of ["graph", "gradient-flow", "attribution", "feature-maps", "hidden-state"]) $(id).replaceChildren();
    page.selected = null;
    drawChainRule($("chain-rule"), null);
  }
  page.lastMode = cfg.mode;
  drawNeuronButtons(dense ? cfg.hidden ?? [] : []);
  if (page.defaults) history.replaceState(null, "", `#${encodeHash(cfg, page.defaults)}`);
}

function drawNeuronButtons(hidden) {
  const box = $("neuron-buttons");
  box.replaceChildren();
  $("layer-count").textContent = `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}`;
  $("add-layer").disabled = hidden.length >= MAX_LAYERS;
  $("remove-layer").disabled = hidden.length === 0;
  hidden.forEach((n, k) => {
    const g = document.createElement("div");
    g.className = "layer";
    g.setAttribute("role", "group");
    g.setAttribute("aria-label", `hidden layer ${k + 1}`);
    const plus = button(`+`, `add-neuron-${k}`, `Add a neuron to hidden layer ${k + 1}`, () => changeNeurons(k, +1));
    const minus = button(`−`, `remove-neuron-${k}`, `Remove a neuron from hidden layer ${k + 1}`, () => changeNeurons(k, -1));
    plus.disabled = n >= MAX_NEURONS;
    minus.disabled = n <= 1;
    const label = document.createElement("span");
    label.textContent = `${n} neuron${n === 1 ? "" : "s"}`;
    label.dataset.testid = `neurons-${k}`;
    g.append(plus, label, minus);
    box.appendChild(g);
  });
}

function button(text, id, label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.id = id;
  b.dataset.testid = id;
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.title = label;
  b.addEventListener("click", onClick);
  return b;
}

function changeNeurons(k, delta) {
  const hidden = [...page.config.hidden];
  hidden[k] = Math.max(1, Math.min(MAX_NEURONS, hidden[k] + delta));
  setConfig({ hidden });
}

// ---- the network's edges -----------------------------------------------------------------------------------

function hoverEdge(e, w) {
  $("edge-hover").textContent = `weight from neuron ${e.j} (layer ${e.layer - 1}) to neuron ${e.i} (layer ${e.layer}): ${w.toFixed(4)}`;
}

function selectEdge(e) {
  page.selected = { layer: e.layer, i: e.i, j: e.j };
  $("edge-name").textContent = `layer ${e.layer}, ${e.j} → ${e.i}`;
  $("weight-value").disabled = false;
  refreshWeightInput();
  send("select_edge", page.selected);
  if (page.frame) drawHeavy(page.frame);
}

function refreshWeightInput() {
  const s = page.selected;
  const w = page.frame?.network?.weights?.[s.layer - 1]?.[s.i]?.[s.j];
  const input = $("weight-value");
  if (typeof w === "number" && document.activeElement !== input) input.value = w.toFixed(4);
}

// ---- the drawing canvas (CNN) ------------------------------------------------------------------------------

const sendPrediction = throttle(() => send("predict", { pixels: page.drawing }), 120);

function drawDigitCanvas() {
  const c = $("draw-canvas");
  const ctx = c.getContext("2d");
  const cell = c.width / 28;
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, c.width, c.height);
  page.drawing.forEach((row, y) => row.forEach((v, x) => {
    if (v > 0) { ctx.fillStyle = `rgba(255,255,255,${v})`; ctx.fillRect(x * cell, y * cell, cell, cell); }
  }));
  if (document.activeElement === c) {
    ctx.strokeStyle = "#E69F00";
    ctx.strokeRect(page.pen[0] * cell - cell, page.pen[1] * cell - cell, 2 * cell, 2 * cell);
  }
}

function inkAt(px, py) {
  const c = $("draw-canvas");
  const r = c.getBoundingClientRect();
  const x = ((px - r.left) / r.width) * 28;
  const y = ((py - r.top) / r.height) * 28;
  inkGrid(page.drawing, x, y);
  drawDigitCanvas();
  sendPrediction();
}

function setupDrawing() {
  const c = $("draw-canvas");
  let down = false;
  c.addEventListener("pointerdown", (e) => { down = true; c.setPointerCapture(e.pointerId); inkAt(e.clientX, e.clientY); });
  c.addEventListener("pointermove", (e) => { if (down) inkAt(e.clientX, e.clientY); });
  c.addEventListener("pointerup", () => { down = false; });
  c.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      page.pen = [Math.max(0, Math.min(27, page.pen[0] + moves[e.key][0])), Math.max(0, Math.min(27, page.pen[1] + moves[e.key][1]))];
      if (e.shiftKey) { inkGrid(page.drawing, page.pen[0] + 0.5, page.pen[1] + 0.5); sendPrediction(); }
      drawDigitCanvas();
    } else if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      e.stopPropagation();
      inkGrid(page.drawing, page.pen[0] + 0.5, page.pen[1] + 0.5);
      drawDigitCanvas();
      sendPrediction();
    }
  });
  c.addEventListener("focus", drawDigitCanvas);
  c.addEventListener("blur", drawDigitCanvas);
  $("clear-canvas").addEventListener("click", () => {
    page.drawing = blankGrid(28, 28);
    drawDigitCanvas();
    $("prediction").textContent = "–";
    $("probs").replaceChildren();
  });
  drawDigitCanvas();
}

// ---- painting points on the boundary plot (dense) ----------------------------------------------------------

function setupPainting() {
  const c = $("boundary");
  const paint = (px, py, shift) => {
    const cfg = page.config;
    if (!cfg || cfg.mode !== "dense") return;
    const k = Number($("paint-class").value);
    const label = shift ? (k === 0 ? 1 : 0) : k;
    const [x, y] = canvasToData(px, py, c.clientWidth || 300);
    const points = cfg.dataset === "painted" ? [...(cfg.points ?? [])] : [];
    points.push([x, y, label]);
    send("paint", { points });
  };
  c.addEventListener("click", (e) => {
    const r = c.getBoundingClientRect();
    paint(e.clientX - r.left, e.clientY - r.top, e.shiftKey);
  });
  c.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); paint((c.clientWidth || 300) / 2, (c.clientHeight || 300) / 2, e.shiftKey); }
  });
  $("clear-points").addEventListener("click", () => send("paint", { points: [] }));
}

// ---- wiring ------------------------------------------------------------------------------------------------

function setupControls() {
  fillSelect($("learning-rate"), LEARNING_RATES);
  fillSelect($("reg-rate"), REG_RATES);
  for (const f of FEATURES) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = f;
    box.id = `feature-${f.replace(/[^a-z0-9]/gi, "_")}`;
    box.dataset.testid = box.id;
    box.addEventListener("change", () => {
      const features = [...$("features").querySelectorAll("input:checked")].map((b) => b.value);
      setConfig({ features });
    });
    label.append(box, ` ${f}`);
    $("features").appendChild(label);
  }
  $("mode").addEventListener("change", (e) => {
    const mode = e.target.value;
    setConfig({ mode, dataset: DATASETS[mode][mode === "dense" ? 3 : 0] });
  });
  $("dataset").addEventListener("change", (e) => { if (e.target.value !== "csv") setConfig({ dataset: e.target.value }); else $("csv-row").hidden = false; });
  const numeric = [["noise", "noise", Number], ["train-ratio", "train_ratio", Number], ["batch-size", "batch_size", Number],
    ["dropout", "dropout", Number], ["seed", "seed", Number], ["learning-rate", "learning_rate", Number],
    ["reg-rate", "reg_rate", Number], ["rnn-hidden", "rnn_hidden", Number], ["seq-len", "seq_len", Number],
    ["activation", "activation", String], ["optimizer", "optimizer", String], ["regularization", "regularization", String],
    ["rnn-cell", "rnn_cell", String], ["data-dir", "data_dir", (v) => v || null]];
  for (const [id, key, cast] of numeric) {
    const el = $(id);
    el.addEventListener("input", () => { const out = $(`${id}-out`); if (out) out.textContent = el.value; });
    el.addEventListener("change", () => setConfig({ [key]: cast(el.value) }));
  }
  $("batch-norm").addEventListener("change", (e) => setConfig({ batch_norm: e.target.checked }));
  $("conv").addEventListener("change", (e) => {
    const conv = e.target.value.split(",").map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
    setConfig({ conv });
  });
  $("add-layer").addEventListener("click", () => setConfig({ hidden: [...page.config.hidden, 4].slice(0, MAX_LAYERS) }));
  $("remove-layer").addEventListener("click", () => setConfig({ hidden: page.config.hidden.slice(0, -1) }));
  $("play").addEventListener("click", () => send(page.running ? "pause" : "play"));
  for (const unit of ["sample", "batch", "epoch"]) $(`step-${unit}`).addEventListener("click", () => send("step", { unit }));
  $("reset").addEventListener("click", () => send("reset"));
  $("weight-value").addEventListener("change", (e) => {
    const value = Number(e.target.value);
    if (page.selected) send("set_weight", { ...page.selected, value });
  });
  $("show-test").addEventListener("change", () => page.frame && drawHeavy(page.frame));
  $("pin-run").addEventListener("click", (e) => {
    page.pinned = page.pinned ? null : structuredClone(page.frame?.curves ?? null);
    e.target.setAttribute("aria-pressed", String(Boolean(page.pinned)));
    e.target.textContent = page.pinned ? "Drop kept run" : "Keep run for comparison";
    if (page.frame?.curves) drawCurves($("curves"), page.frame.curves, page.pinned);
  });
  const index = () => Math.max(0, Number($("sample-index").value) || 0);
  $("show-graph").addEventListener("click", () => send("graph"));
  $("show-gradient-flow").addEventListener("click", () => send("gradient_flow"));
  $("show-attribution").addEventListener("click", () => send("attribution", { index: index(), method: $("attribution-method").value }));
  $("show-feature-maps").addEventListener("click", () => send("feature_maps", { index: index() }));
  $("show-hidden-state").addEventListener("click", () => send("hidden_state", { index: index() }));
  $("csv-file").addEventListener("change", readCsv);
  $("csv-target").addEventListener("change", sendCsv);
  // Space plays and pauses, except where space means something else (typing, pressing a focused button).
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key !== " " || ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "A"].includes(t.tagName) || t.id === "draw-canvas") return;
    e.preventDefault();
    send(page.running ? "pause" : "play");
  });
  // Help: every control gets its explanation as a tooltip, and the help panel shows it on focus or hover.
  for (const id of Object.keys(CONTROLS)) {
    const el = $(id);
    if (!el) continue;
    el.title = helpText(id);
    const show = () => { $("help-text").textContent = `${CONTROLS[id].label}: ${helpText(id)}`; };
    el.addEventListener("focusin", show);
    el.addEventListener("mouseenter", show);
  }
}

let csvText = "";

function readCsv(e) {
  const file = e.target.files?.[0];
  if (!file) return;
  file.text().then((text) => {
    csvText = text;
    const header = text.split(/\r?\n/, 1)[0].split(",").map((s) => s.trim().replace(/^"|"$/g, ""));
    fillSelect($("csv-target"), header);
    $("csv-target").value = header.at(-1);
    sendCsv();
  });
}

function sendCsv() {
  if (csvText) setConfig({ dataset: "csv", csv: { text: csvText, target: $("csv-target").value } });
}

function updateExportLinks() {
  for (const [id, name] of [["export-weights", "model.safetensors"], ["export-card", "model_card.md"], ["export-script", "script.py"]]) {
    $(id).href = `/api/export/${encodeURIComponent(page.session)}/${name}`;
  }
}

async function start() {
  setupControls();
  setupDrawing();
  setupPainting();
  try {
    page.defaults = (await (await fetch("/api/defaults")).json()).defaults;
  } catch {
    page.defaults = {};
  }
  connect();
}

start();
