/* Minhang strategy map: the reader door's map (layers/export/door.py), drawn behind its poster.
 *
 * - MH.door(options): once the map's scripts have come (after the poster has painted), a Leaflet map over the
 *   poster's box: the district's boundaries (MH.reference), every plan feature in its category's group (MH.plan),
 *   the view the poster drew (MH.planView: the same bits, story and promises), the page's words in its language
 *   (MH.page), names placed as in the app (MH.planLabels). When the plan is drawn, the page is marked "mh-live" and the poster gives way (static/css/door.css).
 *   options: {en: {...}, zh: {...}}; ``rules``: the app's link rules (MH.parseLink, MH.shownBy: minhang-rules.js),
 *   by which the map draws what the link asks, in its language, and frames it (the selection, else the matches).
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

  // What a view decided in the browser frames: the selection, else the matches, else the outlines (frame_view).
  function focusBounds(map, shown, rules) {
    var plan = map._mhPlan, matches = shown.ids.filter(function (id) { return rules.kinds[plan.index[id]] !== "region"; });
    var focus = shown.selected ? [shown.selected] : matches.length ? matches : shown.ids, bounds = L.latLngBounds([]);
    focus.forEach(function (id) {
      var layer = plan.layers[plan.index[id]];
      if (layer) { bounds.extend(layer.getLatLng ? layer.getLatLng() : layer.getBounds()); }
    });
    return bounds;
  }

  MH.door = function (options, rules) {
    var link = MH.parseLink(location.search, rules), shown = MH.shownBy(link, rules), on = {};
    var o = options[link.lang], box = document.getElementById("mh-map");
    if (!o || !box || !window.L) { return null; }
    shown.ids.forEach(function (id) { on[id] = true; });
    // A link that narrows or selects is framed on what it asks for, else the whole plan as the poster is (frame_view).
    var own = !!shown.selected || MH.narrowed(link, rules);
    // The page credits what the map draws, under it, poster or map.
    var map = box.mhMap = L.map(box, {zoomControl: false, zoomSnap: 0.1, attributionControl: false});  // found on its element
    MH.page(map, o.page);
    MH.planLabels(map, o.labels);  // names without overlap, and each symbol's status colour
    map.createPane("reference").style.zIndex = 150;
    map.getPane("reference").style.pointerEvents = "none";
    MH.reference(map, o.reference);
    var groups = {};
    o.groups.forEach(function (key) { groups[key] = L.featureGroup().addTo(map); });
    map.fitBounds(o.view.fit.bounds, {animate: false});
    var view = Object.assign({}, o.view, {shown: MH.bitsOf(rules.ids.map(function (id) { return !!on[id]; })),
                                          selected: shown.selected, fit: own ? null : o.view.fit});
    MH.plan(map, {url: o.plan, groups: groups, failedText: o.failedText, card: o.card});
    map.on("mh:plan", function (e) {
      if (e.error) { return; }
      MH.markFeatures(map);
      var bounds = own && focusBounds(map, shown, rules);
      if (bounds && bounds.isValid()) { map.fitBounds(bounds, {maxZoom: o.view.fit.maxZoom, padding: [24, 24]}); }
      // The poster gives way: its drawing leaves the page, so what a reader (or a test) finds is the map's.
      document.querySelectorAll(".mh-poster-svg, .mh-pt").forEach(function (el) { el.remove(); });
      document.body.classList.add("mh-live");
      if (window.performance && performance.mark) { performance.mark("mh-live"); }  // bench/door.py reads it
    });
    MH.planView(map, view);
    return map;
  };
})();
