/* Minhang strategy map: the reader door's map (layers/export/door.py), drawn behind its poster.
 *
 * - MH.door(options): once the map's scripts have come (after the poster has painted), a Leaflet map over the
 *   poster's box: the district's boundaries (MH.reference), every plan feature in its category's group (MH.plan),
 *   the view the poster drew (MH.planView: the same bits, story and promises), the page's words in its language
 *   (MH.page), names placed as in the app (MH.planLabels). When the plan is drawn, the page is marked "mh-live" and the poster gives way (static/css/door.css).
 *   options: {en: {...}, zh: {...}}, the language the page chose (document.documentElement.lang) picking one.
 * - MH.markFeatures(map): every drawn plan feature's element carries data-feature="<id>", as the poster's do.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  MH.markFeatures = function (map) {
    var plan = map._mhPlan;
    plan.layers.forEach(function (layer, i) {
      var el = plan.on[i] && layer.getElement && layer.getElement();
      if (el) { el.setAttribute("data-feature", layer.feature.properties.id); }
    });
  };

  MH.door = function (options) {
    var o = options[document.documentElement.lang === "zh" ? "zh" : "en"], box = document.getElementById("mh-map");
    if (!o || !box || !window.L) { return null; }
    // The page credits what the map draws, under it, poster or map.
    var map = L.map(box, {zoomControl: false, zoomSnap: 0.1, attributionControl: false});
    MH.page(map, o.page);
    MH.planLabels(map, o.labels);  // names without overlap, and each symbol's status colour
    map.createPane("reference").style.zIndex = 150;
    map.getPane("reference").style.pointerEvents = "none";
    MH.reference(map, o.reference);
    var groups = {};
    o.groups.forEach(function (key) { groups[key] = L.featureGroup().addTo(map); });
    map.fitBounds(o.view.fit.bounds, {animate: false});
    MH.plan(map, {url: o.plan, groups: groups, failedText: o.failedText, card: o.card});
    map.on("mh:plan", function (e) {
      if (e.error) { return; }
      MH.markFeatures(map);
      // The poster gives way: its drawing leaves the page, so what a reader (or a test) finds is the map's.
      document.querySelectorAll(".mh-poster-svg, .mh-pt").forEach(function (el) { el.remove(); });
      document.body.classList.add("mh-live");
      if (window.performance && performance.mark) { performance.mark("mh-live"); }  // bench/door.py reads it
    });
    MH.planView(map, o.view);
    return map;
  };
})();
