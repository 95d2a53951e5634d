/* Minhang strategy map: the offline street-context basemap (layers/maps/elements/context.py).
 *
 * - MH.context(map, options): water, roads, rail, stations and places from OpenStreetMap, fetched once
 *   as static files (or given inline in exports), already in the map's datum (published once per datum,
 *   layers/maps/live.py), drawn on a canvas in its own pane under the plan's layers, detail coming
 *   with zoom; their names go to the label layer (minhang-labels.js).
 * - MH.contextName(props, lang): a feature's name in the reader's language; MH.midpoint(geometry): where a
 *   line's name goes.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // --- context basemap -------------------------------------------------------------------------
  var ROAD = {
    motorway: {color: "#e8a33d", weight: 3.2, minZoom: 0, labelZoom: 13},
    trunk: {color: "#f0c27a", weight: 2.6, minZoom: 0, labelZoom: 13},
    primary: {color: "#b8bec6", weight: 2.0, minZoom: 13, labelZoom: 14},
    secondary: {color: "#cfd4da", weight: 1.5, minZoom: 14, labelZoom: 15}
  };

  // English where asked and known, else Chinese, else whatever there is.
  var name = MH.contextName = function (props, lang) {
    return (lang === "en" && props.name_en) || props.name_zh || props.name_en || "";
  };

  // The middle vertex of a line, or of a multi-line's longest part (null for an empty one).
  var midpoint = MH.midpoint = function (geometry) {
    var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates, best = null;
    lines.forEach(function (line) { if (!best || line.length > best.length) { best = line; } });
    return best && best.length ? best[Math.floor(best.length / 2)] : null;
  };

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
    var state = MH.contextState = {loaded: {}, failed: {}};

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
                                return L.circleMarker(latlng, {renderer: renderer, pane: "mhContext", radius: 2.6,
                                  color: "#6c757d", weight: 1, fillColor: "#fff", fillOpacity: 1,
                                  interactive: false});
                              }});
    }

    var draw = {
      water: function (data) {
        zoomed(geojson(data, function (f) {
          return f.properties.kind === "area" ? {stroke: false, fillColor: "#b5d9f5", fillOpacity: 1}
            : {color: "#9ccbef", weight: f.properties.kind === "river" ? 2 : 1.2, opacity: 1};
        }, function (f) { return f.properties.kind === "area" || f.properties.kind === "river"; }), 0);
        zoomed(geojson(data, function () { return {color: "#a9d2f2", weight: 1, opacity: 1}; },
                       function (f) { return f.properties.kind === "canal"; }), 13);
        labelSources.water = data.features.filter(function (f) { return f.properties.kind === "river"
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
        labelSources.roads = data.features.filter(function (f) { return name(f.properties, lang); })
          .map(function (f) {
            var m = midpoint(f.geometry), s = ROAD[f.properties["class"]] || ROAD.secondary;
            var text = name(f.properties, lang) + (f.properties.ref ? " " + f.properties.ref : "");
            return m && {lonlat: m, text: text, minZoom: s.labelZoom, priority: 30, cls: "mh-label-road"};
          }).filter(Boolean);
      },
      rail: function (data) {
        zoomed(geojson(data, function (f) {
          return f.properties.kind === "metro"
            ? {color: f.properties.colour || "#868e96", weight: 2.4, opacity: 0.55}
            : {color: "#868e96", weight: 1.6, opacity: 0.8, dashArray: "6 4"};
        }), 0);
      },
      stations: function (data) {
        zoomed(geojson(data), 12);
        labelSources.stations = data.features.map(function (f) {
          return {lonlat: f.geometry.coordinates, text: name(f.properties, lang), minZoom: 13, priority: 60,
                  cls: "mh-label-station"};
        });
      },
      places: function (data) {
        labelSources.places = data.features.map(function (f) {
          var k = f.properties.kind, big = k === "district";
          return {lonlat: f.geometry.coordinates, text: name(f.properties, lang), minZoom: big ? 0 : 11,
                  maxZoom: big ? 12 : 99, priority: big ? 80 : 70, cls: big ? "mh-label-district" : "mh-label-place"};
        });
      }
    };

    MH.labels(map).add(function (zoom, view, candidates) {
      if (!opts.labels) { return; }
      Object.keys(labelSources).forEach(function (key) {
        labelSources[key].forEach(function (l) {
          if (!l.text || zoom < l.minZoom || zoom > (l.maxZoom || 99)) { return; }
          var latlng = l.latlng || (l.latlng = toLatLng(l.lonlat));
          if (!view.contains(latlng)) { return; }
          candidates.push({latlng: latlng, text: l.text, priority: l.priority, cls: l.cls,
                           font: l.cls === "mh-label-place" || l.cls === "mh-label-district"
                             ? "600 12px system-ui, sans-serif" : "11px system-ui, sans-serif",
                           positions: l.cls === "mh-label-station" ? [[5, -7], ["L", -7]] : [["C", -8]]});
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
