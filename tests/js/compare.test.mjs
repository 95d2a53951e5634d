// minhang-compare.js: where the divider stands and how each side's date label fits (MH.dividerLayout).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load, plain} from "./load.mjs";

const MH = load("minhang-compare.js");
const layout = (width, x) => plain(MH.dividerLayout(width, x));

test("the divider starts in the middle and stays on the map when dragged past its edges", () => {
  assert.equal(layout(400, null).x, 200);
  assert.equal(layout(400, undefined).x, 200);
  assert.equal(layout(400, -50).x, 0);
  assert.equal(layout(400, 999).x, 400);
  assert.equal(layout(400, 0).x, 0, "dragged to the very edge: not the middle again");
});

test("each side's label may take its side less 16 px (it ellipsises beyond)", () => {
  assert.deepEqual(layout(400, null).labels, [{maxWidth: 184, hidden: false}, {maxWidth: 184, hidden: false}]);
  assert.deepEqual(layout(390, 300).labels, [{maxWidth: 284, hidden: false}, {maxWidth: 74, hidden: false}]);
});

test("a label with under 40 px of room is left out: 40 shows, 39 does not", () => {
  // Left side: room = x - 16.
  assert.deepEqual(layout(400, 56).labels[0], {maxWidth: 40, hidden: false});
  assert.deepEqual(layout(400, 55).labels[0], {maxWidth: 39, hidden: true});
  // Right side: room = width - x - 16.
  assert.deepEqual(layout(400, 344).labels[1], {maxWidth: 40, hidden: false});
  assert.deepEqual(layout(400, 345).labels[1], {maxWidth: 39, hidden: true});
  // At the edge the room is never negative.
  assert.deepEqual(layout(400, -10).labels, [{maxWidth: 0, hidden: true}, {maxWidth: 384, hidden: false}]);
});
