/* Minhang strategy map: browser-side helpers shared by the app and the exported maps.
 *
 * - MH.fetchJSON(url): one fetch per URL per page, shared by the context layers, the plan data and the
 *   boundaries (which feed both the map and the mini-map).
 * - MH.barButton(box, className, title): a button in a Leaflet bar.
 * - MH.lazyMeasure(map, options, url): the ruler, its plugin fetched on first use.
 * - MH.loadScript(url): a script fetched on first use, once.
 * - MH.expand(data): compact published GeoJSON (layers/compact.py) back to plain GeoJSON.
 * - MH.gcj02(lon, lat): WGS-84 -> GCJ-02 (the same published formula as layers/datum.py), so the
 *   context layers can sit on Gaode tiles without a second copy of the data.
 * - MH.context(map, options): the offline street-context basemap (water, roads, rail, stations,
 *   places) from OpenStreetMap, fetched once as static files (or given inline in exports), drawn
 *   on a canvas in its own pane under the plan's layers, detail appearing with zoom.
 * - MH.fitCorners(map): lifts the bottom-left controls above the attribution where the two would meet.
 * - MH.labels(map, options): one label layer for the context names and the plan's own features,
 *   placed greedily by priority so nothing overlaps: plan labels first, so a street name never
 *   hides a plan feature; plan symbols are obstacles for every other label.
 *
 * Data text reaches the page only through textContent, never as HTML.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  var fetched = {};
  MH.fetchJSON = function (url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status + " for " + url); }
        return r.json();
      });
    }
    return fetched[url];
  };

  // --- compact GeoJSON (layers/compact.py) ------------------------------------------------------
  // A published collection marked "q" has coordinates as integers of 10^-q degree, each vertex of a line
  // or ring a step from the one before. MH.expand turns it (or every collection in an object of them)
  // back into plain GeoJSON, in place and once: fetched data is shared between its users.
  function steps(flat, scale) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) { x += flat[i]; y += flat[i + 1]; out.push([x / scale, y / scale]); }
    return out;
  }
  function decode(type, c, scale) {
    if (type === "Point") { return [c[0] / scale, c[1] / scale]; }
    if (type === "LineString" || type === "MultiPoint") { return steps(c, scale); }
    if (type === "Polygon" || type === "MultiLineString") { return c.map(function (p) { return steps(p, scale); }); }
    return c.map(function (poly) { return poly.map(function (r) { return steps(r, scale); }); });
  }
  MH.expand = function (data) {
    if (!data || typeof data !== "object") { return data; }
    if (data.type === "FeatureCollection") {
      if (data.q) {
        var scale = Math.pow(10, data.q);
        data.features.forEach(function (f) {
          if (f.geometry) { f.geometry.coordinates = decode(f.geometry.type, f.geometry.coordinates, scale); }
        });
        delete data.q;
      }
      return data;
    }
    Object.keys(data).forEach(function (key) { MH.expand(data[key]); });
    return data;
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

  // Scripts fetched on first use (a plugin most readers never open), once per URL per page.
  var scripts = {};
  MH.loadScript = function (url) {
    if (!scripts[url]) {
      scripts[url] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url;
        s.onload = function () { resolve(); };
        s.onerror = function () { delete scripts[url]; reject(new Error("could not load " + url)); };
        document.head.appendChild(s);
      });
    }
    return scripts[url];
  };

  // A button in a Leaflet bar (the camera, the ruler's stand-in): a link that acts as a button, its title
  // shown on hover and read aloud.
  MH.barButton = function (box, className, title) {
    var button = L.DomUtil.create("a", className, box);
    button.href = "#";
    button.setAttribute("role", "button");
    button.title = title;
    button.setAttribute("aria-label", title);
    return button;
  };

  // leaflet-measure, fetched when the reader first opens the ruler (layers/elements/measure.py): until
  // then a stand-in with the plugin's look holds its place in the corner.
  MH.lazyMeasure = function (map, options, url) {
    var stub;
    var Stub = L.Control.extend({
      options: {position: options.position || "topright"},
      onAdd: function () {
        var box = L.DomUtil.create("div", "leaflet-control-measure leaflet-bar leaflet-control");
        var toggle = MH.barButton(box, "leaflet-control-measure-toggle", "Measure distances and areas");
        toggle.textContent = toggle.title;  // hidden by the plugin's CSS, as on its own button
        L.DomEvent.disableClickPropagation(box);
        // A tap, or (as the plugin itself opens) the pointer coming over it.
        var open = function (e) {
          if (e.type === "click") { L.DomEvent.preventDefault(e); }
          if (box._mhOpening) { return; }
          box._mhOpening = true;
          MH.loadScript(url).then(function () {
            // folium's workaround for leaflet-measure under Leaflet >= 1.8 (leaflet-measure issue 171).
            L.Control.Measure.include({
              _setCaptureMarkerIcon: function () {
                this._captureMarker.options.autoPanOnFocus = false;
                this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
              }
            });
            var corner = box.parentNode, next = box.nextSibling, real = new L.Control.Measure(options);
            map.removeControl(stub);
            map.addControl(real);
            corner.insertBefore(real.getContainer(), next);
            real._expand();
            map.fire("mh:measure");
          }, function () { box._mhOpening = false; });
        };
        L.DomEvent.on(toggle, "click", open);
        L.DomEvent.on(box, "mouseenter", open);
        return box;
      }
    });
    stub = new Stub();
    map.addControl(stub);
  };

  // --- datum -----------------------------------------------------------------------------------
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;
  function outsideChina(lon, lat) { return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271); }
  MH.gcj02 = function (lon, lat) {
    if (outsideChina(lon, lat)) { return [lon, lat]; }
    var x = lon - 105.0, y = lat - 35.0;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dlat += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    dlat += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    dlat += (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    var dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dlon += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    dlon += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    dlon += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    var radlat = lat / 180.0 * PI, magic = 1 - EE * Math.sin(radlat) * Math.sin(radlat), sqrtmagic = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * PI);
    dlon = (dlon * 180.0) / (A / sqrtmagic * Math.cos(radlat) * PI);
    return [lon + dlon, lat + dlat];
  };

  // --- labels ----------------------------------------------------------------------------------
  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(text, font) { measure.font = font; return measure.measureText(text).width; }

  function LabelLayer(map, options) {
    this.map = map;
    this.options = options || {};
    this.sources = [];  // functions returning candidate labels for the current view
    this.pane = map.getPane("mhLabels") || map.createPane("mhLabels");
    this.pane.style.zIndex = 620;  // above the plan's symbols (markerPane 600), never catching clicks
    this.pane.style.pointerEvents = "none";
    this.layer = L.layerGroup().addTo(map);
    var self = this, pending = null;
    function schedule() {
      if (pending) { return; }
      pending = setTimeout(function () { pending = null; self.update(); }, 30);
    }
    map.on("moveend zoomend layeradd layerremove resize", schedule);
    this.schedule = schedule;
    schedule();
  }

  LabelLayer.prototype.add = function (source) { this.sources.push(source); this.schedule(); };

  LabelLayer.prototype.update = function () {
    var map = this.map, zoom = map.getZoom(), size = map.getSize(), candidates = [], obstacles = [];
    var view = map.getBounds().pad(0.1);
    this.sources.forEach(function (source) { source(zoom, view, candidates, obstacles); });
    candidates.sort(function (a, b) { return b.priority - a.priority; });
    // The map's own controls (legend, key, mini-map, buttons) hide whatever is under them: obstacles too.
    var origin = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) { obstacles.push({x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height}); }
    });
    var placed = obstacles.slice(), shown = [];
    candidates.forEach(function (c) {
      var p = map.latLngToContainerPoint(c.latlng);
      var w = textWidth(c.text, c.font) + 6, h = c.height || 15;
      var boxes = c.positions || [[6, -h / 2]];  // offsets of the box's top-left from the anchor
      for (var i = 0; i < boxes.length; i++) {
        // An offset of "L" puts the box left of the anchor, "C" centres it on the anchor.
        var dx = boxes[i][0] === "L" ? -(w + 11) : boxes[i][0] === "C" ? -w / 2 : boxes[i][0];
        var box = {x: p.x + dx, y: p.y + boxes[i][1], w: w, h: h};
        if (box.x < 0 || box.y < 0 || box.x + w > size.x || box.y + h > size.y) { if (!c.always) { continue; } }
        var free = !placed.some(function (o) {
          return box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h;
        });
        if (free || c.always) {
          placed.push(box);
          shown.push({c: c, dx: dx, dy: boxes[i][1], w: w, h: h});
          return;
        }
      }
    });
    this.layer.clearLayers();
    var pane = "mhLabels", layer = this.layer;
    shown.forEach(function (s) {
      var span = document.createElement("span");
      span.className = "mh-label " + (s.c.cls || "");
      span.textContent = s.c.text;
      span.style.left = s.dx + "px";
      span.style.top = s.dy + "px";
      if (s.c.colour) { span.style.color = s.c.colour; }
      var icon = L.divIcon({className: "mh-label-anchor", html: span, iconSize: [0, 0], iconAnchor: [0, 0]});
      L.marker(s.c.latlng, {icon: icon, interactive: false, keyboard: false, pane: pane}).addTo(layer);
    });
    this.shown = shown.length;
    this.map.fire("mh:labels", {shown: shown.length, candidates: candidates.length});
  };

  // Point symbols take their status as a class (faded before works start, a green glow once open):
  // the symbol icon is shared by a whole layer, so the per-feature look is set here.
  MH.statusClasses = function (map) {
    map.on("layeradd", function (e) {
      var layer = e.layer, props = layer.feature && layer.feature.properties;
      if (props && props.status && layer.getElement && layer.getElement()) {
        L.DomUtil.addClass(layer.getElement(), "mh-st-" + props.status);
      }
    });
  };

  MH.labels = function (map, options) {
    if (!map._mhLabels) { map._mhLabels = new LabelLayer(map, options); }
    return map._mhLabels;
  };

  // The plan's own features: every drawn layer whose feature carries a label. Plan symbols are
  // obstacles for all other labels, and plan labels come first.
  MH.planLabels = function (map, options) {
    var opts = options || {}, minZoom = opts.minZoom || 13;
    MH.statusClasses(map);
    MH.labels(map).add(function (zoom, view, candidates, obstacles) {
      var seen = {}, selected = {};
      // The selection's halo carries the feature's label too: name it once, as the selection.
      map.eachLayer(function (layer) {
        var p = layer.feature && layer.feature.properties;
        if (p && p.sel) { selected[p.id] = true; }
      });
      map.eachLayer(function (layer) {
        var f = layer.feature, props = f && f.properties;
        if (!props || !props.label || seen[props.id + (props.sel ? ":sel" : "")]) { return; }
        seen[props.id + (props.sel ? ":sel" : "")] = true;
        var latlng = props.lp ? L.latLng(props.lp[0], props.lp[1]) : (layer.getLatLng ? layer.getLatLng() : null);
        if (!latlng || !view.contains(latlng)) { return; }
        if (layer.getLatLng) {
          var p = map.latLngToContainerPoint(latlng);
          obstacles.push({x: p.x - 10, y: p.y - 10, w: 20, h: 20});
        }
        if (opts.numbered && props.n) {
          candidates.push({latlng: latlng, text: String(props.n), priority: 1000, always: true,
                           font: "700 11px system-ui, sans-serif", cls: "mh-label-number", height: 16,
                           positions: [[-8, -22]]});
        }
        if ((zoom < minZoom || selected[props.id]) && !props.sel) { return; }
        candidates.push({latlng: latlng, text: (opts.numbered && props.n ? props.n + " " : "") + props.label,
                         priority: props.sel ? 900 : 500, font: "600 12px system-ui, sans-serif",
                         cls: props.sel ? "mh-label-plan mh-label-selected" : "mh-label-plan", height: 17,
                         always: !!props.sel, positions: [[11, -8], ["L", -8], [11, 6], ["C", -27]]});
      });
    });
  };

  // --- context basemap -------------------------------------------------------------------------
  var ROAD = {
    motorway: {color: "#e8a33d", weight: 3.2, minZoom: 0, labelZoom: 13},
    trunk: {color: "#f0c27a", weight: 2.6, minZoom: 0, labelZoom: 13},
    primary: {color: "#b8bec6", weight: 2.0, minZoom: 13, labelZoom: 14},
    secondary: {color: "#cfd4da", weight: 1.5, minZoom: 14, labelZoom: 15}
  };

  function name(props, lang) { return (lang === "en" && props.name_en) || props.name_zh || props.name_en || ""; }

  function midpoint(geometry) {
    var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates, best = null;
    lines.forEach(function (line) { if (!best || line.length > best.length) { best = line; } });
    return best && best.length ? best[Math.floor(best.length / 2)] : null;
  }

  MH.context = function (map, options) {
    var opts = options || {}, lang = opts.lang || "en";
    var shift = opts.gcj02 ? function (c) { var g = MH.gcj02(c[0], c[1]); return L.latLng(g[1], g[0]); }
                           : function (c) { return L.latLng(c[1], c[0]); };
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
      return L.geoJSON(data, {renderer: renderer, pane: "mhContext", interactive: false, coordsToLatLng: shift,
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
          var latlng = l.latlng || (l.latlng = shift(l.lonlat));
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
