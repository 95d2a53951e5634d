/* Minhang strategy map: names on the map (layers/maps/elements/plan_labels.py).
 *
 * - MH.labels(map, options): one label layer for the context names and the plan's own features,
 *   placed greedily by priority so nothing overlaps: plan labels first, so a street name never
 *   hides a plan feature; plan symbols and the map's controls are obstacles for every other label.
 * - MH.placeLabels(candidates, obstacles, size): that placement, on plain numbers (text measured before).
 * - MH.planLabels(map, options): the plan features' names (numbered on exported maps);
 *   MH.planLabelsOf(props, zoom, options, selected): one feature's labels.
 * - MH.statusClasses(map): a point symbol's status and precision as classes (faded, a green glow once open; a
 *   dashed or dotted outline where the position is approximate or schematic); MH.symbolClasses(props): which.
 * - MH.symbolIcons(data): the categories' symbols of plan data as Leaflet icons (the plan layer's, the comparison's).
 *
 * Names reach the page only through textContent, never as HTML.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

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
    map.on("moveend zoomend resize mh:plan", schedule);  // mh:plan: a new view may name other features
    // A layer added or removed may carry names or hide some; the label layer's own markers (its pane) do
    // neither: listening to them too re-placed the labels every 30 ms, for ever.
    map.on("layeradd layerremove", function (e) {
      if (!(e.layer.options && e.layer.options.pane === "mhLabels") && e.layer !== self.layer) { schedule(); }
    });
    this.schedule = schedule;
    schedule();
  }

  LabelLayer.prototype.add = function (source) { this.sources.push(source); this.schedule(); };

  function overlap(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  // Greedy, highest priority first (equal ones in the order given): each candidate {x, y (its anchor, in
  // container pixels), w, h, positions, priority, always} takes the first of its positions whose box lies
  // inside the map (size {x, y}) and clear of the obstacles and the boxes placed before it, or is left out.
  // A position is the offset of the box's top-left from the anchor; an x offset of "L" puts the box left of
  // the anchor, "C" centres it on the anchor; none given: right of it, centred vertically. An "always" label
  // takes its first position wherever that is. Returns the placed, in order: {i (candidate index), dx, dy, x, y, w, h}.
  MH.placeLabels = function (candidates, obstacles, size) {
    var order = candidates.map(function (c, i) { return i; }), placed = obstacles.slice(), shown = [];
    order.sort(function (a, b) { return candidates[b].priority - candidates[a].priority; });
    order.forEach(function (i) {
      var c = candidates[i], w = c.w, h = c.h, boxes = c.positions || [[6, -h / 2]];
      for (var k = 0; k < boxes.length; k++) {
        var dx = boxes[k][0] === "L" ? -(w + 11) : boxes[k][0] === "C" ? -w / 2 : boxes[k][0];
        var box = {x: c.x + dx, y: c.y + boxes[k][1], w: w, h: h};
        if (box.x < 0 || box.y < 0 || box.x + w > size.x || box.y + h > size.y) { if (!c.always) { continue; } }
        if (c.always || !placed.some(function (o) { return overlap(box, o); })) {
          placed.push(box);
          shown.push({i: i, dx: dx, dy: boxes[k][1], x: box.x, y: box.y, w: w, h: h});
          return;
        }
      }
    });
    return shown;
  };

  LabelLayer.prototype.update = function () {
    var map = this.map, zoom = map.getZoom(), size = map.getSize(), candidates = [], obstacles = [];
    var view = map.getBounds().pad(0.1);
    this.sources.forEach(function (source) { source(zoom, view, candidates, obstacles); });
    // The map's own controls (legend, key, mini-map, buttons), its headline and a comparison's divider, its handle and its
    // dates hide whatever is under them: obstacles too (the divider's bar as a strip 24 px wide).
    var origin = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll(".leaflet-control, .mh-headline, .mh-divider, .mh-divider-label, .mh-divider-handle")
      .forEach(function (el) {
        var r = el.getBoundingClientRect(), strip = el.classList.contains("mh-divider");
        if (strip) { obstacles.push({x: r.left - origin.left - 12, y: 0, w: 24, h: size.y}); }
        else if (r.width && r.height) { obstacles.push({x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height}); }
      });
    var shown = MH.placeLabels(candidates.map(function (c) {
      var p = map.latLngToContainerPoint(c.latlng);
      return {x: p.x, y: p.y, w: textWidth(c.text, c.font) + 6, h: c.height || 15, positions: c.positions,
              priority: c.priority, always: c.always};
    }), obstacles, size);
    this.layer.clearLayers();
    var pane = "mhLabels", layer = this.layer;
    shown.forEach(function (s) {
      var c = candidates[s.i], span = document.createElement("span");
      span.className = "mh-label " + (c.cls || "");
      span.textContent = c.text;
      span.style.left = s.dx + "px";
      span.style.top = s.dy + "px";
      if (c.colour) { span.style.color = c.colour; }
      var icon = L.divIcon({className: "mh-label-anchor", html: span, iconSize: [0, 0], iconAnchor: [0, 0]});
      L.marker(c.latlng, {icon: icon, interactive: false, keyboard: false, pane: pane}).addTo(layer);
    });
    this.shown = shown.length;
    this.map.fire("mh:labels", {shown: shown.length, candidates: candidates.length});
  };

  // Point symbols take their status as a class and its colour (the map's palette, map.mhPalette, from its plan
  // data; the symbol's SVG fills with currentColor), their precision as a class (the outline's pattern):
  // the symbol icon is shared by a whole layer, so the per-feature look is set here. ``hollow``: the statuses
  // drawn hollow (the map's map.mhHollow, from its plan data).
  MH.symbolClasses = function (props, hollow) {
    if (!props || !props.status) { return []; }
    return ["mh-st-" + props.status].concat(props.precision ? ["mh-pr-" + props.precision] : [],
      (hollow || []).indexOf(props.status) >= 0 ? ["mh-hollow"] : [], props.nn ? ["mh-nonews"] : []);
  };
  // The category symbols of plan data as Leaflet icons (the plan layer's and the comparison's).
  MH.symbolIcons = function (data) {
    var icons = {};
    Object.keys(data.symbols).forEach(function (c) {
      icons[c] = L.divIcon({html: data.symbols[c], iconSize: [18, 18], iconAnchor: [9, 9], className: "mh-symbol"});
    });
    return icons;
  };

  MH.statusClasses = function (map) {
    map.on("layeradd", function (e) {
      var layer = e.layer, props = layer.feature && layer.feature.properties, names = MH.symbolClasses(props, map.mhHollow);
      if (names.length && layer.getElement && layer.getElement()) {
        names.forEach(function (name) { L.DomUtil.addClass(layer.getElement(), name); });
        var palette = map.mhPalette;
        if (palette && palette[props.status]) { layer.getElement().style.color = palette[props.status]; }
      }
    });
  };

  MH.labels = function (map, options) {
    if (!map._mhLabels) { map._mhLabels = new LabelLayer(map, options); }
    return map._mhLabels;
  };

  // One plan feature's labels at a zoom (without their place): its number on an exported map (options.numbered),
  // always shown; its name from options.minZoom on (a rail line's at any zoom), or at any zoom as the selection (props.sel: the halo's copy
  // of the feature), the feature itself then unnamed (selected[its id]), or where the view rings it (ringed[its
  // id]: a change since=, compare=, a search match; or named by a filtered view), placed like any other label,
  // never over another.
  MH.planLabelsOf = function (props, zoom, options, selected, ringed) {
    var opts = options || {}, out = [], ring = !!(ringed && ringed[props.id]);
    // A rail line is named at any zoom: at the district's, four lines run side by side, and a reader follows them.
    var line = props.kind === "rail" || props.kind === "metro";
    if (opts.numbered && props.n) {
      out.push({text: String(props.n), priority: 1000, always: true, font: "700 11px system-ui, sans-serif",
                cls: "mh-label-number", height: 16, positions: [[-8, -22]]});
    }
    if ((zoom < (opts.minZoom || 13) && !ring && !line || selected[props.id]) && !props.sel) { return out; }
    out.push({text: (opts.numbered && props.n ? props.n + " " : "") + props.label,
              priority: props.sel ? 900 : ring ? 700 : line ? 600 : 500,
              font: "600 12px system-ui, sans-serif", cls: props.sel ? "mh-label-plan mh-label-selected" : "mh-label-plan",
              height: 17, always: !!props.sel, positions: [[11, -8], ["L", -8], [11, 6], ["C", -27]]});
    return out;
  };

  // The plan's own features: every drawn layer whose feature carries a label. Plan symbols are
  // obstacles for all other labels, and plan labels come first.
  MH.planLabels = function (map, options) {
    var opts = options || {};
    MH.statusClasses(map);
    MH.labels(map).add(function (zoom, view, candidates, obstacles) {
      var seen = {}, selected = {}, ringed = {};
      // The selection's halo carries the feature's label too: name it once, as the selection. A ring's copy
      // (props.ring) names nothing itself: the feature it rings is named at any zoom.
      map.eachLayer(function (layer) {
        var p = layer.feature && layer.feature.properties;
        if (p && p.sel) { selected[p.id] = true; }
        if (p && p.ring) { ringed[p.id] = true; }
      });
      // A filtered view names what it shows, as a search does (layers/maps/scene.py Scene.named).
      var shown = map._mhPlan && map._mhPlan.view;
      ((shown && shown.named) || []).forEach(function (id) { ringed[id] = true; });
      map.eachLayer(function (layer) {
        var f = layer.feature, props = f && f.properties;
        if (!props || !props.label || props.ring || seen[props.id + (props.sel ? ":sel" : "")]) { return; }
        seen[props.id + (props.sel ? ":sel" : "")] = true;
        var latlng = props.lp ? L.latLng(props.lp[0], props.lp[1]) : (layer.getLatLng ? layer.getLatLng() : null);
        if (!latlng || !view.contains(latlng)) { return; }
        if (layer.getLatLng) {
          var p = map.latLngToContainerPoint(latlng);
          obstacles.push({x: p.x - 10, y: p.y - 10, w: 20, h: 20});
        }
        MH.planLabelsOf(props, zoom, opts, selected, ringed).forEach(function (c) {
          c.latlng = latlng;
          candidates.push(c);
        });
      });
    });
  };
})();
