import { test } from "node:test";
import assert from "node:assert/strict";
import { diverging, probabilityColor, classColor, weightStyle, maxAbs, gridToRgba, hexToRgb, NEGATIVE, POSITIVE, NEUTRAL, OKABE_ITO } from "../../../src/glassnet/playground/static/js/colors.mjs";

test("diverging goes orange below zero, neutral at zero, blue above, clipped", () => {
  assert.deepEqual(diverging(0), NEUTRAL);
  assert.deepEqual(diverging(-1), NEGATIVE);
  assert.deepEqual(diverging(5, 1), POSITIVE);
  assert.deepEqual(diverging(NaN), NEUTRAL);
  const half = diverging(0.5);
  assert.ok(half[2] < NEUTRAL[2] + 1 && half[0] < NEUTRAL[0]);
});

test("probability 0 and 1 map to the two class colours", () => {
  assert.deepEqual(probabilityColor(0), NEGATIVE);
  assert.deepEqual(probabilityColor(1), POSITIVE);
  assert.equal(classColor(0), "rgb(230,159,0)");
  assert.equal(classColor(1), "rgb(0,114,178)");
  assert.equal(classColor(2), OKABE_ITO[2]);
  assert.equal(classColor(10), OKABE_ITO[2]);
});

test("weight style grows with |w| and its colour follows the sign", () => {
  const small = weightStyle(0.1, 2);
  const big = weightStyle(-2, 2);
  assert.ok(big.width > small.width && big.opacity > small.opacity);
  assert.equal(big.color, "rgb(230,159,0)");
  assert.equal(weightStyle(3, 0).width, 6);
});

test("maxAbs walks nested arrays and skips non-finite values", () => {
  assert.equal(maxAbs([[1, -3], [[2, NaN]]]), 3);
  assert.equal(maxAbs([]), 0);
});

test("gridToRgba fills opaque pixels row by row", () => {
  const px = gridToRgba([[0, 1]], (v) => (v ? [1, 2, 3] : [4, 5, 6]));
  assert.deepEqual([...px], [4, 5, 6, 255, 1, 2, 3, 255]);
  assert.deepEqual(hexToRgb("#0072B2"), [0, 114, 178]);
});
