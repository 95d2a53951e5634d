// minhang-map.js: the compact GeoJSON decoder (MH.expand) and the share link (MH.linkFor).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load, plain} from "./load.mjs";

const MH = load("minhang-map.js");

// --- MH.expand: layers/maps/compact.py's format, by hand -----------------------------------------------------
// "q": 5 means integers of 10^-5 degree; a line's or ring's vertices after the first are steps from the one
// before. E.g. the line 121.4,31.1 -> 121.401,31.0995 -> 121.40205,31.0995 is 12140000,3110000 then +100,-50
// then +105,0. (compact.py writes exactly these for the plain shapes below.)
function packed() {
  return {
    type: "FeatureCollection", name: "hand-made", q: 5,
    features: [
      {type: "Feature", properties: {name: "p"}, geometry: {type: "Point", coordinates: [12138512, 3111201]}},
      {type: "Feature", properties: {}, geometry: {type: "LineString", coordinates: [12140000, 3110000, 100, -50, 105, 0]}},
      {type: "Feature", properties: {}, geometry: {type: "Polygon",
        coordinates: [[12140000, 3110000, 1000, 0, 0, 1000, -1000, -1000]]}},
      {type: "Feature", properties: {}, geometry: {type: "MultiPolygon",
        coordinates: [[[12140000, 3110000, 1000, 0, -1000, 0]], [[12150000, 3120000, 0, 1000, 0, -1000]]]}},
      {type: "Feature", properties: {}, geometry: {type: "MultiPoint", coordinates: [12140000, 3110000, -10000, -10000]}},
      {type: "Feature", properties: {}, geometry: null},
    ],
  };
}

test("expand turns each geometry type back into degrees, steps summed from the first vertex", () => {
  const data = packed();
  const out = MH.expand(data);
  assert.equal(out, data, "in place: fetched data is shared between its users");
  const coords = out.features.map((f) => f.geometry && plain(f.geometry.coordinates));
  assert.deepEqual(coords[0], [121.38512, 31.11201]);
  assert.deepEqual(coords[1], [[121.4, 31.1], [121.401, 31.0995], [121.40205, 31.0995]]);
  assert.deepEqual(coords[2], [[[121.4, 31.1], [121.41, 31.1], [121.41, 31.11], [121.4, 31.1]]]);
  assert.deepEqual(coords[3], [[[[121.4, 31.1], [121.41, 31.1], [121.4, 31.1]]], [[[121.5, 31.2], [121.5, 31.21], [121.5, 31.2]]]]);
  assert.deepEqual(coords[4], [[121.4, 31.1], [121.3, 31.0]]);
  assert.equal(coords[5], null, "a feature without geometry stays so");
  assert.equal(out.features[0].properties.name, "p");
  assert.ok(!("q" in out), "the mark goes: the collection is plain GeoJSON now");
});

test("expand decodes once, at the collection's own precision, and walks an object of collections", () => {
  const twice = MH.expand(MH.expand(packed()));
  assert.deepEqual(plain(twice.features[1].geometry.coordinates[2]), [121.40205, 31.0995]);
  const coarse = {type: "FeatureCollection", q: 2, features: [{type: "Feature", geometry: {type: "Point", coordinates: [12140, 3110]}}]};
  const both = MH.expand({minhang: coarse, neighbours: packed()});
  assert.deepEqual(plain(both.minhang.features[0].geometry.coordinates), [121.4, 31.1]);
  assert.deepEqual(plain(both.neighbours.features[0].geometry.coordinates), [121.38512, 31.11201]);
  const plainData = {type: "FeatureCollection", features: [{type: "Feature", geometry: {type: "Point", coordinates: [121.4, 31.1]}}]};
  assert.deepEqual(plain(MH.expand(plainData).features[0].geometry.coordinates), [121.4, 31.1], "no q: left alone");
  assert.equal(MH.expand(null), null);
});

// --- MH.linkFor: the share link ------------------------------------------------------------------------------
const PAGE = new URL("https://maps.example.org/app/?lang=zh&status=partly_open%2Coperating&center=1,2&zoom=3#top");
const VIEW = {center: {lat: 31.123456789, lng: 121.4}, zoom: 14, pinned: "2024-05-01"};
const query = (link) => Object.fromEntries(new URL(link).searchParams);

test("a fractional zoom goes into a link to a tenth, as the map snaps it", () => {
  const link = MH.linkFor(PAGE, {...VIEW, zoom: 11.600000000000001}, {});
  assert.equal(new URL(link).searchParams.get("zoom"), "11.6");
  assert.equal(new URL(MH.linkFor(PAGE, {...VIEW, zoom: 12}, {})).searchParams.get("zoom"), "12");
});

test("a share link keeps the page's parameters and sets centre (5 decimals), zoom and the pinned date", () => {
  const link = MH.linkFor(PAGE, VIEW);
  assert.ok(link.startsWith("https://maps.example.org/app/?"), link);
  assert.ok(!link.includes("#"), "no fragment");
  assert.deepEqual(query(link), {lang: "zh", status: "partly_open,operating", center: "31.12346,121.40000", zoom: "14",
                                 asof: "2024-05-01"});
  // The parameters the page had keep their places; new ones come after.
  assert.deepEqual([...new URL(link).searchParams.keys()], ["lang", "status", "center", "zoom", "asof"]);
});

test("the pinned date wins over the page's asof; without one the page's stays", () => {
  const page = new URL("https://maps.example.org/?asof=latest");
  assert.equal(query(MH.linkFor(page, VIEW)).asof, "2024-05-01");
  assert.equal(query(MH.linkFor(page, {...VIEW, pinned: null})).asof, "latest");
});

test("extra parameters are added, and a null one removes the parameter (the link that follows the latest)", () => {
  const latest = query(MH.linkFor(PAGE, VIEW, {asof: null}));
  assert.ok(!("asof" in latest), "asof removed even though the view is pinned");
  assert.equal(latest.lang, "zh");
  const embed = query(MH.linkFor(PAGE, VIEW, {embed: "true"}));
  assert.equal(embed.embed, "true");
  assert.equal(embed.asof, "2024-05-01");
  assert.ok(!("lang" in query(MH.linkFor(PAGE, VIEW, {lang: null, nothing: null}))));
});
