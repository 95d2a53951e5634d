// minhang-tiles.js: when a tile basemap counts as blocked (MH.tilesFailed).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const MH = load("minhang-tiles.js");

test("a tile server is blocked when its tiles keep failing and none has loaded", () => {
  assert.equal(MH.tilesFailed(0, 6, 6), true);
  assert.equal(MH.tilesFailed(0, 5, 6), false, "a few failures: tiles may still come");
  assert.equal(MH.tilesFailed(1, 40, 6), false, "one tile loaded: the server answers, some tiles are missing");
});
