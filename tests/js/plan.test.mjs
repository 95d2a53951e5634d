// minhang-plan.js: which features a view shows (MH.bitsOn), and the canvas symbols' size by zoom.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load, plain} from "./load.mjs";

const MH = load("minhang-plan.js");
const bits = (b64, n) => plain(MH.bitsOn(b64, n));
const T = true, F = false;

// Python's layers/maps/wire.py visible_bits(ids, shown): np.packbits (one bit per id, most significant first,
// the last byte padded with zeros), then base64.
// Ten ids a..j with a, c, h, i shown: bits 1010 0001 | 1000 0000 = bytes 0xA1 0x80; in base64 the 16 bits are
// 101000 011000 0000(00) = 40 24 0 = "oYA" and one "=" of padding: visible_bits(list("abcdefghij"), "achi").
test("the bits Python sends come back one per feature, most significant bit first", () => {
  assert.deepEqual(bits("oYA=", 10), [T, F, T, F, F, F, F, T, T, F]);
  // Only j, the tenth: its bit is the second of byte 2, 0x40 = "AEA=" (visible_bits(..., "j")).
  assert.deepEqual(bits("AEA=", 10), [F, F, F, F, F, F, F, F, F, T]);
});

test("a feature past the bits' end is hidden, and no bits at all hide everything", () => {
  assert.deepEqual(bits("/w==", 8), [T, T, T, T, T, T, T, T]);  // 0xFF: eight features, all shown
  assert.deepEqual(bits("/w==", 10), [T, T, T, T, T, T, T, T, F, F]);
  assert.deepEqual(bits("", 3), [F, F, F]);
  assert.deepEqual(bits(undefined, 2), [F, F], "a view without bits");
  assert.deepEqual(bits("", 0), []);  // visible_bits([], []) is ""
});

// The same encoding in JavaScript, to check every length and pattern up to 3 bytes round-trips.
function encode(mask) {
  const bytes = new Uint8Array(Math.ceil(mask.length / 8));
  mask.forEach((on, i) => { if (on) { bytes[i >> 3] |= 0x80 >> (i & 7); } });
  return Buffer.from(bytes).toString("base64");
}

test("every mask of up to 24 features round-trips through the encoding", () => {
  for (let n = 0; n <= 24; n++) {
    for (const rule of [(i) => i % 2 === 0, (i) => i % 3 === 1, (i) => i === n - 1, (i) => (i * 7) % 5 < 2]) {
      const mask = Array.from({length: n}, (_, i) => rule(i));
      assert.deepEqual(bits(encode(mask), n), mask, `n=${n} ${encode(mask)}`);
    }
  }
});

test("canvas symbols shrink at district zoom", () => {
  assert.deepEqual([10, 11, 12, 13, 14, 18].map(MH.symbolScale), [0.55, 0.55, 0.7, 0.85, 1, 1]);
});

test("bits made in the browser read back the same, as Python's visible_bits makes them", () => {
  for (const n of [1, 7, 8, 9, 16, 47, 100]) {
    const mask = Array.from({length: n}, (_, i) => (i * 7 + n) % 3 === 0);
    assert.deepEqual(bits(MH.bitsOf(mask), n), mask, `n=${n}`);
  }
  assert.equal(MH.bitsOf([true, false, true, false, false, false, false, true, true]), "oYA=");  // 0xA1 0x80
});
