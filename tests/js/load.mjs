// Our browser files (static/js) in a node:vm context, for unit tests of their pure functions
// (node --test tests/js/*.test.mjs, as tests/run.sh runs them).
//
// Each file is an IIFE that adds functions to window.MH. The context gives them, as they load, only what they
// touch then: `window` (the context's global, as in a page), a `document` whose canvas measures text
// (minhang-labels.js makes its measuring context at load) and an `L` whose CircleMarker.extend returns a
// stand-in class (minhang-plan.js). Anything else from the DOM or Leaflet is missing, so a function under test
// that reaches for the page fails loudly. atob, btoa, URL and URLSearchParams are the real WHATWG ones (Node's own).
import {readFileSync} from "node:fs";
import vm from "node:vm";

const JS = new URL("../../static/js/", import.meta.url);

// The stand-in canvas measures every character 7 px wide.
export const CHAR_WIDTH = 7;

// The files named (e.g. "minhang-map.js"), run in order in one fresh context, as a page loads them: their MH.
export function load(...names) {
  const measuring = {font: "", measureText: (text) => ({width: CHAR_WIDTH * text.length})};
  const context = {
    atob, btoa, URL, URLSearchParams,
    document: {createElement: (tag) => (tag === "canvas" ? {getContext: () => measuring} : undefined)},
    L: {CircleMarker: {extend: () => function StandIn() {}}},
  };
  context.window = context;
  vm.createContext(context);
  for (const name of names) {
    const file = new URL(name, JS);
    vm.runInContext(readFileSync(file, "utf8"), context, {filename: file.pathname});
  }
  return context.MH;
}

// A value made in the context as one of this realm (deepStrictEqual compares prototypes, which differ between
// realms): its JSON round trip.
export const plain = (value) => JSON.parse(JSON.stringify(value));
