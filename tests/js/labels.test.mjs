// minhang-labels.js: where labels go (MH.placeLabels), which a plan feature has (MH.planLabelsOf), and a
// symbol's status classes (MH.symbolClasses).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load, plain} from "./load.mjs";

const MH = load("minhang-labels.js");
const SIZE = {x: 400, y: 300};  // the map, in pixels
const place = (candidates, obstacles = [], size = SIZE) => plain(MH.placeLabels(candidates, obstacles, size));
const label = (x, y, more = {}) => ({x, y, w: 60, h: 15, priority: 50, positions: [[11, -8]], ...more});
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test("of two labels in the same place the higher priority wins, whatever the order given", () => {
  const shown = place([label(100, 100, {priority: 30}), label(100, 100, {priority: 60})]);
  assert.deepEqual(shown.map((s) => s.i), [1]);
  assert.deepEqual(shown[0], {i: 1, dx: 11, dy: -8, x: 111, y: 92, w: 60, h: 15});
  // Equal priorities: the first given.
  assert.deepEqual(place([label(100, 100, {text: "a"}), label(100, 100, {text: "b"})]).map((s) => s.i), [0]);
});

test("a label takes its next position where the first is taken: \"L\" left of the anchor, \"C\" centred", () => {
  const positions = [[11, -8], ["L", -8], ["C", -27]];
  const shown = place([label(200, 100, {priority: 90}), label(200, 100, {positions}), label(200, 100, {positions})]);
  assert.deepEqual(shown.map((s) => [s.i, s.dx, s.dy]), [[0, 11, -8], [1, -71, -8], [2, -30, -27]]);
  assert.ok(shown[1].x + shown[1].w < 200, "the \"L\" box ends left of its anchor, 11 px clear");
  assert.equal(shown[2].x + shown[2].w / 2, 200, "the \"C\" box is centred on its anchor");
});

test("without positions a label goes right of its anchor, centred on it vertically", () => {
  assert.deepEqual(place([{x: 50, y: 50, w: 40, h: 20, priority: 1}]), [{i: 0, dx: 6, dy: -10, x: 56, y: 40, w: 40, h: 20}]);
});

test("a box outside the map is skipped: the next position that fits, or nothing", () => {
  const positions = [[11, -8], ["L", -8]];
  // At x 350 the right-hand box would end at 421, past the 400 px edge: it goes left.
  assert.deepEqual(place([label(350, 100, {positions})]).map((s) => s.dx), [-71]);
  // Near the top-left corner neither fits (left: x < 0; right: y < 0).
  assert.deepEqual(place([label(20, 5, {positions})]), []);
  // Exactly at the edge fits.
  assert.equal(place([label(329, 8)]).length, 1);
  assert.equal(place([label(330, 8)]).length, 0);
});

test("obstacles (symbols, controls) are kept clear of; boxes that only touch do not overlap", () => {
  const obstacle = {x: 100, y: 80, w: 80, h: 40};
  assert.deepEqual(place([label(100, 100, {positions: [[11, -8], [0, 20]]})], [obstacle]).map((s) => s.dy), [20]);
  // One box ending at x 171, the next starting there.
  assert.equal(place([label(100, 100, {positions: [[11, -8]]}), label(160, 100, {positions: [[11, -8]]})]).length, 2);
});

test("an \"always\" label is placed at its first position, off the map or over others", () => {
  const obstacle = {x: 0, y: 0, w: 400, h: 300};
  const shown = place([label(390, -20, {always: true, priority: 1}), label(100, 100, {always: true})], [obstacle]);
  assert.deepEqual(shown.map((s) => [s.i, s.x, s.y]), [[1, 111, 92], [0, 401, -28]]);
  // ...and it still takes its room from the labels after it.
  assert.deepEqual(place([label(100, 100, {always: true, priority: 1000}), label(100, 100)]).map((s) => s.i), [0]);
});

test("on a crowded map no two placed labels overlap, nor an obstacle, and all lie inside the map", () => {
  const candidates = [];
  for (let k = 0; k < 200; k++) {
    const x = (k * 37) % 420 - 10, y = (k * 53) % 320 - 10;
    candidates.push(label(x, y, {w: 20 + (k * 13) % 70, priority: (k * 7) % 11,
                                 positions: [[11, -8], ["L", -8], [11, 6], ["C", -27]]}));
  }
  const obstacles = [{x: 0, y: 0, w: 44, h: 120}, {x: 300, y: 10, w: 90, h: 30}];
  const shown = place(candidates, obstacles);
  assert.ok(shown.length > 10 && shown.length < 200, `${shown.length} placed`);
  for (const [n, a] of shown.entries()) {
    assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.w <= SIZE.x && a.y + a.h <= SIZE.y, JSON.stringify(a));
    for (const o of obstacles) { assert.ok(!overlap(a, o), JSON.stringify([a, o])); }
    for (const b of shown.slice(n + 1)) { assert.ok(!overlap(a, b), JSON.stringify([a, b])); }
  }
  // Placed in priority order: a label left out had no free position when its turn came.
  const priorities = shown.map((s) => candidates[s.i].priority);
  assert.deepEqual(priorities, [...priorities].sort((a, b) => b - a));
});

// --- a plan feature's labels ---------------------------------------------------------------------------------
const FEATURE = {id: "f1", label: "Hongqiao Hub", n: 3};
const texts = (labels) => plain(labels).map((l) => [l.text, l.priority, !!l.always]);

test("a plan feature is named from minZoom on (13 unless told); an export's number always", () => {
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 12, {}, {})), []);
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 13, {}, {})), [["Hongqiao Hub", 500, false]]);
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 13, {minZoom: 15}, {})), []);
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 11, {numbered: true}, {})), [["3", 1000, true]]);
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 14, {numbered: true}, {})), [["3", 1000, true], ["3 Hongqiao Hub", 500, false]]);
});

test("the selection is named once, by its halo, at any zoom", () => {
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 16, {}, {f1: true})), [], "the feature itself, selected");
  const halo = plain(MH.planLabelsOf({...FEATURE, sel: true}, 10, {}, {f1: true}));
  assert.deepEqual(texts(halo), [["Hongqiao Hub", 900, true]]);
  assert.equal(halo[0].cls, "mh-label-plan mh-label-selected");
});

test("a ringed feature (changed, compared, matched) is named at any zoom, placed like any label, never forced", () => {
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 10, {}, {}, {f1: true})), [["Hongqiao Hub", 700, false]]);
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 10, {}, {}, {other: true})), [], "another feature's ring");
  // A rail line is named at the district's zoom too, before the other plan names.
  assert.deepEqual(texts(MH.planLabelsOf({...FEATURE, kind: "rail", label: "Jiamin Line"}, 10.6, {}, {})),
                   [["Jiamin Line", 600, false]]);
  assert.deepEqual(texts(MH.planLabelsOf(FEATURE, 14, {}, {f1: true}, {f1: true})), [], "selected: its halo names it");
});

test("two ringed features side by side: the second label moves or is left out, never over the first", () => {
  const ringed = [0, 1].map((i) => ({x: 200 + i * 4, y: 100, w: 150, h: 17, priority: 700, always: false,
                                     positions: [[11, -8], ["L", -8], [11, 6], ["C", -27]]}));
  const shown = MH.placeLabels(ringed, [], {x: 600, y: 400});
  assert.equal(shown.length, 2);
  const [a, b] = shown;
  assert.ok(!(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h), "they overlap");
  const divider = {x: 150, y: 0, w: 24, h: 400};  // a comparison's divider: labels keep clear of it
  const near = MH.placeLabels([{...ringed[0], x: 140, positions: [[11, -8], ["L", -8]]}], [divider], {x: 600, y: 400});
  assert.equal(near.length, 0, "both places cross the divider: left out");
});

test("a symbol's classes: its status, and its precision when it has one", () => {
  assert.deepEqual(plain(MH.symbolClasses({status: "operating", precision: "approximate"})), ["mh-st-operating", "mh-pr-approximate"]);
  assert.deepEqual(plain(MH.symbolClasses({status: "planned"})), ["mh-st-planned"]);
  assert.deepEqual(plain(MH.symbolClasses({precision: "schematic"})), []);
  assert.deepEqual(plain(MH.symbolClasses(undefined)), []);
  // What has not started is hollow (the plan data's list), and a project with no public news since the plan faded.
  const hollow = ["study", "planned"];
  assert.deepEqual(plain(MH.symbolClasses({status: "planned", nn: "1"}, hollow)), ["mh-st-planned", "mh-hollow", "mh-nonews"]);
  assert.deepEqual(plain(MH.symbolClasses({status: "operating"}, hollow)), ["mh-st-operating"]);
});
