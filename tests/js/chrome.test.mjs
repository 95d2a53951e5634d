// minhang-chrome.js: Streamlit's own words in the page's language (MH.wordIn).
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const MH = load("minhang-chrome.js");
const WORDS = [
  {en: "Main menu", zh: "主菜单"},
  {streamlit: "streamlit_folium.st_folium", en: "Map of the plan's projects", zh: "规划项目地图"},
];

test("a word of Streamlit's comes back in the page's language, from any language it is in", () => {
  assert.equal(MH.wordIn(WORDS, "Main menu", "zh"), "主菜单");
  assert.equal(MH.wordIn(WORDS, "主菜单", "en"), "Main menu", "the page switched back to English");
  assert.equal(MH.wordIn(WORDS, "streamlit_folium.st_folium", "zh"), "规划项目地图");
  assert.equal(MH.wordIn(WORDS, "规划项目地图", "en"), "Map of the plan's projects");
});

test("a text it does not know, or a language an entry lacks, is left alone", () => {
  assert.equal(MH.wordIn(WORDS, "闵行战略地图", "en"), null);
  assert.equal(MH.wordIn(WORDS, "Main menu", "fr"), null);
  assert.equal(MH.wordIn(WORDS, "toString", "zh"), null, "no word from Object's prototype");
});
