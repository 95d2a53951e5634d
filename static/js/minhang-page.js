/* Minhang strategy map: the page style's browser code (layers/maps/elements/page_style.py).
 *
 * - MH.page(map, options): the phone width (options.phoneMaxWidth) and the corners below.
 * - MH.fitCorners(map): lifts the bottom-left controls above the attribution where the two would meet.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  MH.page = function (map, options) {
    MH.phoneMaxWidth = options.phoneMaxWidth;
    MH.fitCorners(map);
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
