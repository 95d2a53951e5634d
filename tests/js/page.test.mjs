// minhang-page.js: Leaflet's credit titled in the map's language (MH.leafletPrefix).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const MH = load("minhang-page.js");
// Leaflet 1.9.3's own prefix (its flag's SVG shortened).
const PREFIX = '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps"><svg></svg> Leaflet</a>';

test("Leaflet's credit keeps its link and name, titled in the map's language", () => {
  assert.equal(MH.leafletPrefix(PREFIX, "交互式地图程序库"),
    '<a href="https://leafletjs.com" title="交互式地图程序库"><svg></svg> Leaflet</a>');
});

test("a title is escaped for its attribute; a prefix without one, or none, stays", () => {
  assert.equal(MH.leafletPrefix(PREFIX, 'a "b" <c> & d'),
    '<a href="https://leafletjs.com" title="a &quot;b&quot; &lt;c> &amp; d"><svg></svg> Leaflet</a>');
  assert.equal(MH.leafletPrefix("Leaflet", "x"), "Leaflet");
  assert.equal(MH.leafletPrefix(false, "x"), false);
});
