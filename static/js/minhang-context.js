/* Minhang strategy map: the offline street-context basemap (layers/maps/elements/context.py).
 *
 * - MH.context(map, options): water, roads, rail, stations and places from OpenStreetMap, fetched once
 *   as static files (or given inline in exports), already in the map's datum (published once per datum,
 *   layers/maps/live.py), drawn on a canvas in its own pane under the plan's layers, detail coming
 *   with zoom; their names go to the label layer (minhang-labels.js).
 * - MH.contextName(props, lang): a feature's name in the reader's language; MH.midpoint(geometry): where a
 *   line's name goes; MH.placeLabel(props): a place name's rank (Minhang, its towns, the neighbours) and look.
 * - map.mhContextLabels(on): the names on or off (on over a tile basemap once its tiles fail).
 * The layers recede (a grey ramp, pale water): only the plan carries colour.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // --- context basemap -------------------------------------------------------------------------
  // The ground, not the figure (../shared/CARTOGRAPHY.md): a grey ramp, lighter as a road's class is smaller,
  // pale water, rail and the city's metro lines thin and grey. Only the plan's own features carry colour (the
  // status palette, layers/view/palette.py, whose GROUNDS name the main road grey for its contrast check).
  var ROAD = {
    motorway: {color: "#c3c8ce", weight: 3, minZoom: 0, labelZoom: 13},
    trunk: {color: "#cdd1d6", weight: 2.4, minZoom: 0, labelZoom: 13},
    primary: {color: "#d6d9dd", weight: 1.8, minZoom: 13, labelZoom: 14},
    secondary: {color: "#e0e3e6", weight: 1.4, minZoom: 14, labelZoom: 15}
  };
  var WATER = {area: "#dce6ee", river: "#cddbe6", canal: "#d5e1ea"}, RAIL = "#b4bac1";

  // The name in the reader's language: published layers carry one (layers/maps/context.py: Chinese, or English
  // or pinyin); the plain files (a fallback where nothing could be published) carry both.
  var name = MH.contextName = function (props, lang) {
    return props.name || (lang === "en" && props.name_en) || props.name_zh || props.name_en || "";
  };
  // Names orient in this order (../shared/CARTOGRAPHY.md): the plan's own (minhang-labels.js, 500 and up), then
  // Minhang itself, its own towns and subdistricts, the neighbouring districts, the neighbours' towns.
  MH.placeLabel = function (props) {
    var district = props.kind === "district";
    if (district && props.home) {
      return {minZoom: 0, maxZoom: 12.5, priority: 480, cls: "mh-label-home",
              font: "700 17px system-ui, sans-serif", height: 22,
              positions: [["C", -11], ["C", 14], ["C", -36], ["C", 39], ["C", -61], ["C", 64]]};
    }
    if (district) { return {minZoom: 0, maxZoom: 12.5, priority: 300, cls: "mh-label-district"}; }
    if (props.home && (props.kind === "town" || props.kind === "subdistrict")) {
      return {minZoom: 10, maxZoom: 99, priority: 400, cls: "mh-label-place",
              positions: [["C", -8], ["C", 9], [7, -8], ["L", -8], ["C", -25]]};
    }
    return {minZoom: 12, maxZoom: 99, priority: 100, cls: "mh-label-neighbour"};
  };

  // The middle vertex of a line, or of a multi-line's longest part (null for an empty one).
  var midpoint = MH.midpoint = function (geometry) {
    var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates, best = null;
    lines.forEach(function (line) { if (!best || line.length > best.length) { best = line; } });
    return best && best.length ? best[Math.floor(best.length / 2)] : null;
  };

  // How each context layer is drawn (``zoomed(layer, minZoom)`` adds it from a zoom on; ``geojson(data, style,
  // filter)`` makes it on the context's canvas) and what names it offers the label layer (``labels[key]``).
  function drawers(lang, zoomed, geojson, labels) {
    return {
      water: function (data) {
        zoomed(geojson(data, function (f) {
          return f.properties.kind === "area" ? {stroke: false, fillColor: WATER.area, fillOpacity: 1}
            : {color: WATER.river, weight: f.properties.kind === "river" ? 2 : 1.2, opacity: 1};
        }, function (f) { return f.properties.kind === "area" || f.properties.kind === "river"; }), 0);
        zoomed(geojson(data, function () { return {color: WATER.canal, weight: 1, opacity: 1}; },
                       function (f) { return f.properties.kind === "canal"; }), 13);
        labels.water = data.features.filter(function (f) { return f.properties.kind === "river"
          && name(f.properties, lang); }).map(function (f) {
          var m = midpoint(f.geometry);
          return m && {lonlat: m, text: name(f.properties, lang), minZoom: 14, priority: 40, cls: "mh-label-water"};
        }).filter(Boolean);
      },
      roads: function (data) {
        Object.keys(ROAD).forEach(function (cls) {
          var s = ROAD[cls];
          zoomed(geojson(data, function () { return {color: s.color, weight: s.weight, opacity: 0.9,
            lineCap: "round", lineJoin: "round"}; }, function (f) { return f.properties["class"] === cls; }),
            s.minZoom);
        });
        labels.roads = data.features.filter(function (f) { return name(f.properties, lang); })
          .map(function (f) {
            var m = midpoint(f.geometry), s = ROAD[f.properties["class"]] || ROAD.secondary;
            var text = name(f.properties, lang) + (f.properties.ref ? " " + f.properties.ref : "");
            return m && {lonlat: m, text: text, minZoom: s.labelZoom, priority: 30, cls: "mh-label-road"};
          }).filter(Boolean);
      },
      rail: function (data) {
        zoomed(geojson(data, function (f) {
          return f.properties.kind === "metro" ? {color: RAIL, weight: 1.4, opacity: 0.9}
            : {color: RAIL, weight: 1.2, opacity: 0.9, dashArray: "5 4"};
        }), 0);
      },
      stations: function (data) {
        zoomed(geojson(data), 12);
        labels.stations = data.features.map(function (f) {
          return {lonlat: f.geometry.coordinates, text: name(f.properties, lang), minZoom: 13, priority: 60,
                  cls: "mh-label-station"};
        });
      },
      places: function (data) {
        labels.places = data.features.map(function (f) {
          return L.extend({lonlat: f.geometry.coordinates, text: name(f.properties, lang)}, MH.placeLabel(f.properties));
        });
      }
    };
  }

  MH.context = function (map, options) {
    var opts = options || {}, lang = opts.lang || "en";
    // The layers come in the map's datum (GCJ-02 on Gaode, shifted once on the server): lon, lat as they are.
    var toLatLng = function (c) { return L.latLng(c[1], c[0]); };
    var pane = map.getPane("mhContext") || map.createPane("mhContext");
    // Over the district fills (reference pane, 150), under any tiles (200): where tiles load they cover
    // it, where they are blocked it shows; always under the plan's own layers (overlay pane, 400).
    pane.style.zIndex = 175;
    pane.style.pointerEvents = "none";
    var renderer = L.canvas({pane: "mhContext", padding: 0.3});
    var groups = [], labelSources = {};
    // What has arrived and been drawn (or failed), on the map's element: a reader of the page finds it there.
    var state = map.getContainer().mhContextState = {loaded: {}, failed: {}};

    function zoomed(layer, minZoom) {
      groups.push({layer: layer, minZoom: minZoom});
      if (map.getZoom() >= minZoom) { layer.addTo(map); }
    }
    map.on("zoomend", function () {
      var z = map.getZoom();
      groups.forEach(function (g) {
        if (z >= g.minZoom && !map.hasLayer(g.layer)) { g.layer.addTo(map); }
        if (z < g.minZoom && map.hasLayer(g.layer)) { map.removeLayer(g.layer); }
      });
    });

    function geojson(data, style, filter) {
      return L.geoJSON(data, {renderer: renderer, pane: "mhContext", interactive: false,
                              style: style, filter: filter,
                              pointToLayer: function (f, latlng) {
                                return L.circleMarker(latlng, {renderer: renderer, pane: "mhContext", radius: 2.4,
                                  color: "#adb5bd", weight: 1, fillColor: "#fff", fillOpacity: 1,
                                  interactive: false});
                              }});
    }

    var draw = drawers(lang, zoomed, geojson, labelSources);

    // The names show on the offline map; over a tile basemap only once its tiles have failed (minhang-tiles.js).
    map.mhContextLabels = function (on) { opts.labels = on; MH.labels(map).schedule(); };
    MH.labels(map).add(function (zoom, view, candidates) {
      if (!opts.labels) { return; }
      Object.keys(labelSources).forEach(function (key) {
        labelSources[key].forEach(function (l) {
          if (!l.text || zoom < l.minZoom || zoom > (l.maxZoom || 99)) { return; }
          var latlng = l.latlng || (l.latlng = toLatLng(l.lonlat));
          if (!view.contains(latlng)) { return; }
          candidates.push({latlng: latlng, text: l.text, priority: l.priority, cls: l.cls, height: l.height,
                           font: l.font || (l.cls === "mh-label-place" || l.cls === "mh-label-district"
                             ? "600 12px system-ui, sans-serif" : "11px system-ui, sans-serif"),
                           positions: l.positions || (l.cls === "mh-label-station" ? [[5, -7], ["L", -7]] : [["C", -8]])});
        });
      });
    });

    // Fetched together, drawn in this order (water under roads under rail): a canvas keeps insertion order.
    var order = ["water", "roads", "rail", "stations", "places"];
    Promise.all(order.map(function (key) {
      if (opts.data && opts.data[key]) { return Promise.resolve(opts.data[key]); }
      return MH.fetchJSON((opts.urls && opts.urls[key]) || opts.base + "/" + key + ".geojson").then(MH.expand)
        .catch(function (e) { state.failed[key] = String(e); return null; });
    })).then(function (all) {
      all.forEach(function (data, i) {
        if (!data) { return; }
        state.loaded[order[i]] = data.features.length;
        draw[order[i]](data);
      });
      state.done = true;
      MH.labels(map).schedule();
      map.fire("mh:context");
    });
  };
})();
