/* Minhang strategy map: the page style's browser code (layers/maps/elements/page_style.py).
 *
 * - MH.page(map, options): the phone width (options.phoneMaxWidth), the map's own words in its language
 *   (options.lang, options.texts) and the corners below.
 * - MH.leafletPrefix(prefix, title): Leaflet's credit with its link's title in the map's language.
 * - MH.fitCorners(map): lifts the bottom-left controls above the attribution where the two would meet.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  MH.page = function (map, options) {
    var texts = options.texts || {};
    map.mhPhoneMaxWidth = options.phoneMaxWidth;  // this map's, for MH.narrow
    // The document's language: a screen reader's voice, and the Han glyphs a browser picks for Chinese.
    if (options.lang) { document.documentElement.lang = options.lang; }
    // The zoom buttons, titled in the map's language (the map is made without Leaflet's, whose titles are
    // English); kept as map.zoomControl, where the fullscreen button joins them.
    if (!map.zoomControl) {
      map.zoomControl = L.control.zoom({position: "topleft", zoomInTitle: texts.zoomIn || "Zoom in",
                                        zoomOutTitle: texts.zoomOut || "Zoom out"});
      map.addControl(map.zoomControl);
    }
    if (map.attributionControl && texts.leaflet) {
      map.attributionControl.setPrefix(MH.leafletPrefix(map.attributionControl.options.prefix, texts.leaflet));
    }
    MH.fitCorners(map);
  };

  // Leaflet's credit is its name, linked, with an English title ("A JavaScript library for interactive maps"):
  // the same link, titled in the map's language. A prefix without a title (or none) stays as it is.
  MH.leafletPrefix = function (prefix, title) {
    if (typeof prefix !== "string") { return prefix; }
    var safe = String(title).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    return prefix.replace(/title="[^"]*"/, 'title="' + safe + '"');
  };

  // --- the bottom corners ----------------------------------------------------------------------
  // OpenStreetMap's credit is long: on a phone it wraps across the whole bottom edge, on a desktop it
  // reaches under the scale bar. The bottom-left controls (legend, scale) are lifted above it wherever
  // the two would meet, rather than hidden under it.
  MH.fitCorners = function (map) {
    var corner = map._controlCorners && map._controlCorners.bottomleft;
    var credit = map.attributionControl && map.attributionControl.getContainer();
    if (!corner || !credit) { return; }
    function fit() {
      var reach = 0;
      for (var i = 0; i < corner.children.length; i++) {
        reach = Math.max(reach, corner.children[i].getBoundingClientRect().right);
      }
      var meets = credit.offsetWidth && credit.getBoundingClientRect().left < reach;
      corner.style.bottom = meets ? credit.offsetHeight + "px" : "";
    }
    fit();
    map.on("resize", fit);
    // The credit grows as layers add their attributions, the corner as controls join it.
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(fit);
      watch.observe(credit);
      watch.observe(corner);
    }
  };
})();
