import { test } from "node:test";
import assert from "node:assert/strict";
import { throttle, RateMeter } from "../../../src/glassnet/playground/static/js/throttle.mjs";

test("throttle runs at once, merges calls within the interval into one trailing call with the latest args", () => {
  let t = 0;
  const timers = [];
  const calls = [];
  const f = throttle((x) => calls.push([t, x]), 100, { now: () => t, schedule: (fn, ms) => timers.push([t + ms, fn]) });
  f(1);
  t = 10; f(2);
  t = 20; f(3);
  assert.deepEqual(calls, [[0, 1]]);
  assert.equal(timers.length, 1);
  assert.equal(timers[0][0], 100);
  t = 100; timers.shift()[1]();
  assert.deepEqual(calls, [[0, 1], [100, 3]]);
  t = 250; f(4);
  assert.deepEqual(calls.at(-1), [250, 4]);
});

test("RateMeter counts frames per second over its window", () => {
  const m = new RateMeter(1000);
  assert.equal(m.rate(), 0);
  for (let k = 0; k <= 8; k++) m.tick(k * 125);
  assert.equal(m.rate(), 8);
  m.tick(5000);
  assert.equal(m.times.length, 1);
});
