// minhang-camera.js: the snapshot's pixel ratio within the browser's canvas limits, its lines cut to fit, its
// footer, its file name and the CSS its copy of the map keeps.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const MH = load("minhang-camera.js");

// Chromium's and Firefox's canvas: 16384 px a side, 16384 * 16384 / 2 = 134,217,728 px in all.
test("the pixel ratio is reduced while the canvas would be too large, never below 1", () => {
  assert.equal(MH.clampRatio(1000, 800, 4), 4);
  assert.equal(MH.clampRatio(4096, 1000, 4), 4, "16384 px a side is allowed");
  assert.equal(MH.clampRatio(4097, 1000, 4), 3);
  // 5000 x 3000: at 4 a side is 20000 px; at 3 the sides fit but 15000 x 9000 = 135,000,000 px is too many.
  assert.equal(MH.clampRatio(5000, 3000, 4), 2);
  assert.equal(MH.clampRatio(8000, 8000, 2), 1, "the area alone: 16000 x 16000");
  assert.equal(MH.clampRatio(30000, 100, 2), 1, "1 even when that is too large");
});

// A stand-in 2D context: every character 10 px wide.
const ctx = {measureText: (text) => ({width: 10 * [...text].length})};

test("a line that fits is kept; a longer one is cut to fit with its ellipsis", () => {
  assert.equal(MH.fitText(ctx, "hello", 50), "hello");
  assert.equal(MH.fitText(ctx, "hello world", 50), "hell…");
  assert.equal(MH.fitText(ctx, "hello world", 5), "h…", "never less than one character");
  assert.equal(MH.fitText(ctx, "闵行区规划", 30), "闵行…");
});

test("the footer gives the centre and zoom in words and as the share link's parameters", () => {
  assert.equal(MH.whereText({}, {lat: 31.1123456, lng: 121.38}, 14),
               "Centre 31.11235, 121.38000 · zoom 14 · center=31.11235,121.38000&zoom=14");
  assert.equal(MH.whereText({centre: "中心", zoom: "缩放"}, {lat: 31, lng: 121}, 12),
               "中心 31.00000, 121.00000 · 缩放 12 · center=31.00000,121.00000&zoom=12");
});

test("the file is named after the view, with its pixel ratio above 1", () => {
  assert.equal(MH.snapshotName("minhang-open-2024-05-01", 1), "minhang-open-2024-05-01.png");
  assert.equal(MH.snapshotName("minhang-open-2024-05-01", 2), "minhang-open-2024-05-01@2x.png");
  assert.equal(MH.snapshotName(undefined, 4), "minhang-map@4x.png");
});

test("the picture keeps the CSS a still map needs and drops motion, interaction and grids", () => {
  const kept = ["color", "background-color", "font-size", "font-weight", "font-family", "line-height", "position",
                "top", "left", "width", "height", "transform", "opacity", "display", "visibility", "z-index",
                "overflow", "text-overflow", "white-space", "box-shadow", "border-top-left-radius", "clip",
                "fill", "stroke", "stroke-width", "stroke-dasharray", "column-count", "list-style-type",
                "text-decoration-line", "padding-top", "margin-left", "max-width", "inset"];
  const dropped = ["transition-duration", "animation-name", "-webkit-animation-delay", "cursor", "pointer-events",
                   "user-select", "-webkit-user-select", "touch-action", "will-change", "scroll-behavior",
                   "grid-template-columns", "margin-inline-start", "outline-color", "mask-image", "caret-color",
                   "font-variant-ligatures", "overflow-clip-margin"];
  assert.deepEqual(kept.filter((name) => !MH.keepStyle(null, name)), [], "dropped but needed");
  assert.deepEqual(dropped.filter((name) => MH.keepStyle(null, name)), [], "kept but never needed");
});
