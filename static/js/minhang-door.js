/* Minhang strategy map: the reader door's map (layers/export/door.py), drawn behind its poster.
 *
 * - MH.door(options, rules): once the map's scripts have come (after the poster has painted), a Leaflet map over the
 *   poster's box: the district's boundaries (MH.reference), every plan feature in its category's group (MH.plan),
 *   the view the link asks for (MH.planView), the page's words in its language (MH.page), names placed as in the
 *   app (MH.planLabels). The link is decided by the app's rules (MH.parseLink, MH.shownBy: minhang-rules.js): its
 *   filters and search, its date (the plan data as of it: MH.datedPlan), the rings of what changed since a day or
 *   differs on a date compared (drawn across a divider, MH.compare), its framing (a centre and zoom, else the
 *   selection, else the matches), its basemap's tiles (none unless asked: the door asks nothing of another site),
 *   and with near= the rings round the stations (their centres fetched then).
 *   Once it can be tapped: the street context (MH.context) and the camera (MH.doorCamera), each fetched then.
 *   When the plan is drawn, the page is marked "mh-live" and the poster gives way (static/css/door.css).
 *   options: {en: {...}, zh: {...}} (door.py map_options).
 * - MH.datedPlan(data, dated, when): the plan data as of ``when`` ("plan" or a date; the latest report: ``data``
 *   itself): each feature's status, look and tooltip from its dated states (door.py dated_layer), on a copy.
 * - MH.markFeatures(map): every drawn plan feature's element carries data-feature="<id>", as the poster's do.
 * - MH.nearLegend(link, text): the legend's line for the rings of a near= link (straight lines, and the standards).
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

  MH.datedPlan = function (data, dated, when) {
    var offset = data.styles.length;
    function stateOf(id) {
      if (when === "plan") { return dated.plan[id]; }
      var state = null;
      (dated.steps[id] || []).forEach(function (step) { if (dated.days[step[0]] <= when) { state = step[1]; } });
      return state;
    }
    var features = data.features.map(function (f) {
      var state = stateOf(f.properties.id);
      // ``day``: the date shown, for the card's facts (MH.cards).
      var props = Object.assign({}, f.properties, state || {}, state ? {s: state.s + offset} : {}, {day: when});
      if (state && !state.nn) { delete props.nn; }
      if (state && !state.pv) { delete props.pv; }
      return Object.assign({}, f, {properties: props});
    });
    return Object.assign({}, data, {features: features, styles: data.styles.concat(dated.styles)});
  };

  // What a view decided in the browser frames: the selection, else the matches, else the outlines (frame_view).
  function focusBounds(map, shown, rules) {
    var plan = map._mhPlan, matches = shown.matches;
    var focus = shown.selected ? [shown.selected] : matches.length ? matches : shown.ids, bounds = L.latLngBounds([]);
    focus.forEach(function (id) {
      var layer = plan.layers[plan.index[id]];
      if (layer) { bounds.extend(layer.getLatLng ? layer.getLatLng() : layer.getBounds()); }
    });
    return bounds;
  }

  // The plan data the link draws (the latest report's, or a date's: fetched with the dated states), and with
  // compare=, the other date's.
  function planData(o, link, tiles) {
    var url = tiles && tiles.gcj02 ? o.gcj02.plan : o.plan;
    var base = MH.fetchJSON(url).then(MH.expand);  // expanded once, before any date's copy shares its shapes
    if (link.asof === "latest" && !link.compare) { return {shown: base, other: null}; }
    var both = Promise.all([base, MH.fetchJSON(o.dated)]);
    return {
      shown: link.asof === "latest" ? base : both.then(function (d) { return MH.datedPlan(d[0], d[1], link.asof); }),
      other: link.compare ? both.then(function (d) { return MH.datedPlan(d[0], d[1], link.compare); }) : null
    };
  }

  // A comparison's sides, as the app labels them (words.compare_sides): the latest report as of the day it is.
  function summary(words, when, today) {
    var pinned = when === "latest" ? today : when;
    return words["asof_summary_" + (pinned === "plan" ? "plan" : "date")].replace("{date}", pinned);
  }

  // The legend's words for the rings of a near= link (base.py legend_html's), under the page's legend.
  MH.nearLegend = function (link, text) {
    var list = document.querySelector('.mh-door-legend ul[lang="' + link.lang + '"]');
    if (!list) { return; }
    var item = document.createElement("li");
    item.className = "mh-near";
    item.textContent = text;
    list.appendChild(item);
  };

  MH.door = function (options, rules) {
    var link = MH.parseLink(location.search, rules), shown = MH.shownBy(link, rules), on = {};
    var o = options[link.lang], box = document.getElementById("mh-map");
    if (!o || !box || !window.L) { return null; }
    shown.ids.forEach(function (id) { on[id] = true; });
    var tiles = o.tiles[link.basemap] || null, data = planData(o, link, tiles), words = rules.words[link.lang];
    // A link that narrows or selects is framed on what it asks for, else the whole plan as the poster is (frame_view).
    var own = !!shown.selected || MH.narrowed(link, rules);
    var map = box.mhMap = L.map(box, {zoomControl: false, zoomSnap: 0.1});  // found on its element
    MH.page(map, o.page);
    // Its credits on the map, so the camera's picture carries them too (escaped on the server).
    o.credits[tiles ? "tiles" : "offline"].forEach(function (text) { MH.attribution(map, {text: text}); });
    MH.planLabels(map, o.labels);  // names without overlap, and each symbol's status colour
    if (tiles) { L.tileLayer(tiles.url, tiles.options).addTo(map); }
    map.createPane("reference").style.zIndex = 150;
    map.getPane("reference").style.pointerEvents = "none";
    MH.reference(map, Object.assign({}, o.reference, tiles && tiles.gcj02 ? {url: o.gcj02.reference} : {}));
    var groups = {};
    o.groups.forEach(function (key) { groups[key] = L.featureGroup().addTo(map); });
    map.fitBounds(o.view.fit.bounds, {animate: false});
    var view = Object.assign({}, o.view, {
      shown: MH.bitsOf(rules.ids.map(function (id) { return !!on[id]; })), selected: shown.selected,
      fit: own || link.center ? null : o.view.fit, changed: shown.ringed, matched: link.q ? shown.matches : [],
      named: MH.narrowed(link, rules) ? shown.matches : [], near: null,
      compare: link.compare ? {source: null, left: summary(words, link.compare, rules.dates.today),
                               right: summary(words, link.asof, rules.dates.today)} : null});
    MH.plan(map, {data: data.shown, groups: groups, failedText: o.failedText, card: o.card,
                  compareScript: o.compareScript});
    map.on("mh:plan", function (e) {
      if (e.error) { return; }
      MH.markFeatures(map);
      if (link.center) {
        map.setView(link.center, link.zoom, {animate: false});
      } else if (own) {
        var bounds = focusBounds(map, shown, rules);
        if (bounds.isValid()) { map.fitBounds(bounds, {maxZoom: o.view.fit.maxZoom, padding: [24, 24]}); }
      }
      // The poster gives way: its drawing leaves the page, so what a reader (or a test) finds is the map's.
      document.querySelectorAll(".mh-poster-svg, .mh-pt").forEach(function (el) { el.remove(); });
      document.body.classList.add("mh-live");
      if (window.performance && performance.mark) { performance.mark("mh-live"); }  // bench/door.py reads it
      // Then the street context under the plan (roads, rail, water, names: OpenStreetMap), its code and data
      // fetched now that the map can be tapped; named on the door's own basemap, not over tiles.
      if (!map.mhContextAsked) {
        map.mhContextAsked = true;
        MH.loadScript(o.context.script).then(function () {
          MH.context(map, {lang: link.lang, labels: !tiles, urls: tiles && tiles.gcj02 ? o.gcj02.context : o.context.urls});
        }).catch(function () { /* the plan stands alone: the context is background */ });
        // The camera: its code and words after the map can be tapped, its library when it is first opened.
        var camera = o.camera;
        MH.loadScript(camera.scripts[0]).then(function () { return MH.loadScript(camera.scripts[1]); })
          .then(function () { return MH.doorCamera(map, link, rules, shown, camera); })
          .catch(function (err) { map.mhCameraError = String(err); });  // said on its map
      }
    });
    if (link.near !== null) {  // the rings round the stations: their centres fetched by a link that asks
      MH.fetchJSON(o.near).then(function (near) {
        view.near = MH.nearRings(link, rules, shown, near, tiles && tiles.gcj02 ? "gcj02" : "wgs84");
        MH.planView(map, view);
        MH.nearLegend(link, near.legend[link.lang]);
      }).catch(function (err) { map.mhNearError = String(err); });  // said on its map; the places stand
    }
    if (data.other) {
      // The other date's data, then the view that compares (MH.compare draws it from the data given).
      data.other.then(function (other) { view.compare.source = other; MH.planView(map, view); });
      MH.planView(map, Object.assign({}, view, {compare: null}));
    } else {
      MH.planView(map, view);
    }
    return map;
  };
})();
