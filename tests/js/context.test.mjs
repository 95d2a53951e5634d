// minhang-context.js: the street context's names (MH.contextName) and where a line's name goes (MH.midpoint).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load, plain} from "./load.mjs";

const MH = load("minhang-context.js");

test("a name is English where asked and known, else Chinese, else whatever there is", () => {
  const both = {name_zh: "虹桥路", name_en: "Hongqiao Road"};
  assert.equal(MH.contextName(both, "en"), "Hongqiao Road");
  assert.equal(MH.contextName(both, "zh"), "虹桥路");
  assert.equal(MH.contextName({name_zh: "七莘路"}, "en"), "七莘路");
  assert.equal(MH.contextName({name_en: "Xinzhuang"}, "zh"), "Xinzhuang");
  assert.equal(MH.contextName({}, "en"), "", "no name: no label");
});

test("a line's name goes at its middle vertex; a multi-line's at its longest part's", () => {
  assert.deepEqual(plain(MH.midpoint({type: "LineString", coordinates: [[0, 0], [1, 0], [2, 0], [3, 0]]})), [2, 0]);
  const multi = {type: "MultiLineString", coordinates: [[[0, 0], [1, 1]], [[5, 5], [6, 6], [7, 7]], [[9, 9]]]};
  assert.deepEqual(plain(MH.midpoint(multi)), [6, 6]);
  assert.equal(MH.midpoint({type: "MultiLineString", coordinates: []}), null);
  assert.equal(MH.midpoint({type: "LineString", coordinates: []}), null);
});

test("place names rank Minhang first, then its own towns, then the neighbours' districts and towns", () => {
  const home = MH.placeLabel({kind: "district", home: true});
  const town = MH.placeLabel({kind: "town", home: true});
  const sub = MH.placeLabel({kind: "subdistrict", home: true});
  const zone = MH.placeLabel({kind: "industrial_zone", home: true});
  const district = MH.placeLabel({kind: "district"});
  const neighbour = MH.placeLabel({kind: "town"});
  assert.ok(home.priority > town.priority && town.priority === sub.priority);
  assert.ok(town.priority > district.priority && district.priority > neighbour.priority);
  assert.equal(zone.priority, neighbour.priority, "an industrial zone is not one of Minhang's towns");
  assert.ok(home.positions.length > 3, "Minhang's name has room to move off the plan's symbols");
  assert.ok(district.maxZoom < 13 && neighbour.minZoom > town.minZoom, "neighbours' towns come in later");
  assert.equal(MH.contextName({name: "Qibao Town", name_zh: "七宝镇"}, "zh"), "Qibao Town", "a published name is the page's");
});
