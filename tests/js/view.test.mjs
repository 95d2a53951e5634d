// minhang-view.js: how far a picked feature is brought in (MH.revealZoom), and the room it may show in (MH.freeRoom).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const MH = load("minhang-view.js");

test("a pick keeps the zoom where the feature can be seen, and brings a tiny one in by at most 2 levels", () => {
  assert.equal(MH.revealZoom(11, 0, true, 14), 11, "a point is always seen");
  assert.equal(MH.revealZoom(11, 80, false, 15), 11, "a line 80 px long is seen");
  assert.equal(MH.revealZoom(11, 20, false, 15), 12.3, "20 px: brought in to about 48 px");
  assert.equal(MH.revealZoom(11, 1, false, 15), 13, "at most 2 levels in");
  assert.equal(MH.revealZoom(11, 1, false, 12.5), 12.5, "never past maxZoom");
  assert.equal(MH.revealZoom(16, 1, false, 15), 16, "never out");
});

test("the free room leaves out the headline and, on a desktop, the details panel on the right", () => {
  const desk = MH.freeRoom(1060, 740, false);
  assert.equal(desk.top, 52);
  assert.equal(desk.right, 1060 - 60 - 380 - 16);
  const phone = MH.freeRoom(374, 716, true);
  assert.equal(phone.right, 362);
  assert.ok(MH.freeRoom(400, 700, false).right >= 400 / 3, "a narrow desktop map keeps a third");
});
