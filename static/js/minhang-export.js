/* Minhang strategy map: an exported map standing alone (layers/export/html.py; its PNG is the same page).
 *
 * - MH.sidePanel(map, selectors): the title, key and legend in a column beside the map on a wide page.
 * - MH.exportReady(map, options): the page framed as the view is (options.fit), then window.mhReady set once the plan is drawn
 *   (or has failed) and the tiles, if any, have loaded: what the PNG writer waits for (layers/export/png.py).
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // --- an exported map's side panel --------------------------------------------------------------
  // On an exported page wide enough (a PNG, the HTML export on a screen: the page's head then marks the root
  // "mh-has-side" before the map is made, so the map is made at its final size), the title box, the numbered key
  // and the legend leave the map for a column beside it, so nothing of theirs covers the plan or an open popup
  // (static/css/export.css .mh-side). A narrow page keeps them over the map, folded.
  MH.sidePanel = function (map, selectors) {
    if (!document.documentElement.classList.contains("mh-has-side")) { return null; }
    var side = document.createElement("aside");
    side.className = "mh-side";
    (selectors || [".mh-title", ".mh-key", ".mh-legend:not(.mh-key)"]).forEach(function (selector) {
      var el = map.getContainer().querySelector(selector);
      if (el) { side.appendChild(el); }
    });
    document.body.insertBefore(side, document.body.firstChild);
    return side;
  };

  // The side panel first (the map keeps its size), then the view's frame (not animated: the overview map answers
  // a move made during an animation with one of its own); ready once the plan is drawn and every tile layer has
  // loaded (Leaflet fires a tile layer's "load" once every tile is in or has failed: offline, at once).
  MH.exportReady = function (map, options) {
    var fit = options.fit;
    MH.sidePanel(map);
    if (fit) {  // clear of the credits along the bottom, which run across most of a printed map
      var credit = map.getContainer().querySelector(".leaflet-control-attribution"), bottom = fit.paddingBottomRight;
      var clear = credit ? credit.offsetHeight + 8 : 0;
      map.fitBounds(fit.bounds, {paddingTopLeft: fit.paddingTopLeft, maxZoom: fit.maxZoom, animate: false,
                                 paddingBottomRight: [bottom[0], Math.max(bottom[1], clear)]});
    }
    var pending = 0;
    function check() {
      var plan = map._mhPlan;
      if (pending === 0 && plan && (plan.ready || plan.error)) {
        setTimeout(function () { window.mhReady = true; }, 50);
      }
    }
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      pending += 1;
      layer.once("load", function () { pending -= 1; check(); });
    });
    map.on("mh:plan", check);
    check();
  };
})();
