/* Minhang strategy map: the live map's data layers, fetched once, shown by view.
 *
 * - MH.reference(map, options): the district boundaries (neighbours, Minhang) in the "reference" pane.
 * - MH.stationRings(group, options): every station's rings (straight lines), an overlay off until turned on.
 * - MH.plan(map, options): every plan feature, drawn once from a static file the server publishes
 *   per data, language and datum (layers/maps/wire.py), or given inline (an export), into the category groups the
 *   layer control lists. Points are DOM symbols, or canvas symbols when there are thousands of them. Its state is
 *   the map's (map._mhPlan); its apply(view) shows what one view shows (MH.planView, minhang-view.js): a bit per
 *   feature (base64), the selection's halo, the rings of what the view marks, the story over the map and the
 *   promises beside it (minhang-headline.js). A click opens a phone's card or a "which one?" list (minhang-card.js).
 *   Until the page has heard that its map is drawn, the view names a field ("report"); the map then reports its
 *   first draw to the page once (MH.post), and the page adds what sits below the map (layers/view/selection.py).
 * - MH.bitsOn(b64, n): those bits as n booleans (layers/maps/wire.py visible_bits encodes them); MH.bitsOf(on) back.
 * - MH.symbolScale(zoom): how large the canvas symbols are drawn at a zoom.
 *
 * Data comes through MH.fetchJSON (static/js/minhang-map.js). Tooltips are HTML escaped on the server
 * (layers/view/details.py tooltip_html); labels are set as text.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  function load(options) {
    return options.data ? Promise.resolve(options.data) : MH.fetchJSON(options.url);
  }

  // The rings of Minhang's parts (its outer rings): the holes of the veil round it.
  function outerRings(collection) {
    var rings = [];
    collection.features.forEach(function (f) {
      var g = f.geometry, polygons = !g ? [] : g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      polygons.forEach(function (p) { rings.push(p[0].map(function (c) { return [c[1], c[0]]; })); });
    });
    return rings;
  }

  MH.reference = function (map, options) {
    load(options).then(MH.expand).then(function (data) {
      [["neighbours", options.neighbours], ["minhang", options.minhang]].forEach(function (pair) {
        L.geoJSON(data[pair[0]], {pane: "reference", interactive: false, style: function () { return pair[1]; }})
          .addTo(map);
      });
      if (options.veil) {
        // Over the street context (175) and any tiles (200), under the plan (400): everything but Minhang.
        var pane = map.getPane("mhVeil") || map.createPane("mhVeil");
        pane.style.zIndex = 250;
        pane.style.pointerEvents = "none";
        var far = [[28, 118], [28, 125], [35, 125], [35, 118]];  // well beyond any frame of Shanghai
        L.polygon([far].concat(outerRings(data.minhang)), L.extend({pane: "mhVeil", interactive: false}, options.veil))
          .addTo(map);
        L.geoJSON(data.minhang, {pane: "mhVeil", interactive: false, style: function () { return options.edge; }})
          .addTo(map);
      }
      map.fire("mh:reference");
    }).catch(function (e) { map.mhReferenceError = String(e); });  // said on its map, for a reader of its state
  };

  // --- canvas symbols (thousands of points) -----------------------------------------------------
  // A circle marker (so clicks, tooltips and canvas hit-testing work as usual) drawn as the
  // category's symbol: its outline in an 18 x 18 box, or a circle (options.shape null), from the plan
  // data's one table of shapes (layers/maps/style.py SHAPES), as the DOM symbols and the legend are.
  var SymbolMarker = L.CircleMarker.extend({
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || this._empty()) { return; }
      var scale = MH.symbolScale(this._map ? this._map.getZoom() : 14);
      var ctx = renderer._ctx, p = this._point, k = this.options.size / 18 * scale, shape = this.options.shape;
      ctx.beginPath();
      if (!shape) {
        ctx.arc(p.x, p.y, this.options.circle * k, 0, Math.PI * 2, false);
      } else {
        shape.forEach(function (q, i) { ctx[i ? "lineTo" : "moveTo"](p.x + (q[0] - 9) * k, p.y + (q[1] - 9) * k); });
        ctx.closePath();
      }
      renderer._fillStroke(ctx, this);
    }
  });

  // Smaller at district zoom, where thousands of symbols would otherwise cover the map.
  MH.symbolScale = function (zoom) { return zoom <= 11 ? 0.55 : zoom === 12 ? 0.7 : zoom === 13 ? 0.85 : 1; };

  // One bit per feature, most significant first, in base64 (layers/maps/wire.py visible_bits): n booleans,
  // false past the bits' end.
  // ...and back: n booleans as those bits (a view the browser decides itself, the reader door's).
  MH.bitsOf = function (on) {
    var bytes = "";
    for (var i = 0; i < on.length; i += 8) {
      var byte = 0;
      for (var j = 0; j < 8; j++) { byte = (byte << 1) | (on[i + j] ? 1 : 0); }
      bytes += String.fromCharCode(byte);
    }
    return btoa(bytes);
  };

  MH.bitsOn = function (b64, n) {
    var bytes = atob(b64 || ""), on = [];
    for (var i = 0; i < n; i++) { on.push(((bytes.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1) === 1); }
    return on;
  };

  // A point: the category's DOM symbol, or (thousands of points) a canvas symbol drawn as the DOM symbols are:
  // hollow for what has not started, faded where nothing was reported since the plan.
  function pointLayer(plan, feature, latlng) {
    var p = feature.properties, data = plan.data;
    if (data.canvas) {
      var colour = data.palette[p.status] || data.palette.unknown, hollow = data.hollow.indexOf(p.status) >= 0;
      return new SymbolMarker(latlng, {renderer: plan.canvas, radius: 8, size: 16, shape: data.shapes[p.category],
        circle: data.circle, color: hollow ? colour : "#fff", weight: hollow ? 2.4 : 1.4,
        fillColor: hollow ? "#fff" : colour, opacity: p.nn ? 0.45 : 1, fillOpacity: p.nn ? 0.45 : 1});
    }
    return L.marker(latlng, {icon: plan.icons[p.category]});
  }

  // One feature's layer, styled, with its tooltip and its popup (an export) or ``onClick`` (the app).
  function featureLayer(plan, feature, onClick) {
    var p = feature.properties, style = plan.data.styles[p.s];
    var layer = L.GeoJSON.geometryToLayer(feature, {
      pointToLayer: function (f, latlng) { return pointLayer(plan, f, latlng); }
    });
    layer.feature = feature;
    // A plan path's class (for checks), with its style's own (an open line's casing): a style sets the class
    // the path is made with, so it carries both.
    if (layer.options && !layer.getLatLng) {
      style = L.extend({}, style, {className: "mh-feature" + (style.className ? " " + style.className : "")});
      layer.options.className = style.className;
    }
    if (p.kind === "region") {
      // The plan's own division, an outline: it neither shows a tooltip nor takes a click or a hover from
      // what lies inside it.
      layer.options.interactive = false;
      layer.setStyle(style);
      return layer;
    }
    if (layer.setStyle && !layer.getLatLng) {
      layer.setStyle(style);
      // A hover bolds the line or the outline; an area's fill stays, so a wide zone never dims the map.
      layer.on("mouseover", function () { layer.setStyle({weight: style.weight + 3}); });
      layer.on("mouseout", function () { layer.setStyle(style); });
    }
    layer.bindTooltip(p.tip, {sticky: true});
    if (p.popup) {
      // An exported map has no details panel beside it: each feature's details open in a popup.
      layer.bindPopup(p.popup, {maxWidth: 340});
    } else {
      layer.on("click", onClick);
    }
    return layer;
  }

  // Smaller wins: the areas shown stacked largest at the back, the lines over them, so a click on a park or a
  // centre inside a zone reaches the park or the centre (points are in the marker pane, above them all).
  function stack(plan) {
    var areas = [], lines = [];
    plan.layers.forEach(function (layer, i) {
      if (!plan.on[i] || layer.getLatLng || layer.feature.properties.kind === "region" || !layer.bringToFront) { return; }
      var type = layer.feature.geometry.type;
      if (type === "LineString" || type === "MultiLineString") { lines.push(layer); return; }
      var b = layer.getBounds();
      areas.push([(b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth()), layer]);
    });
    areas.sort(function (a, b) { return b[0] - a[0]; });
    areas.forEach(function (a) { a[1].bringToFront(); });
    lines.forEach(function (layer) { layer.bringToFront(); });
  }

  // A ring over a feature: the selection's halo (mark "sel"), or the ring of a project the view marks (mark
  // "ring": changed since=, compare=, or matched by a search). Round a point, a circle; along a line, a wider
  // casing under it, so the line keeps its status colour; round an area, its outline.
  function halo(feature, style, radius, mark) {
    var props = L.extend({}, feature.properties), type = feature.geometry && feature.geometry.type;
    props[mark || "sel"] = true;
    var copy = {type: "Feature", id: feature.id, properties: props, geometry: feature.geometry};
    var line = type === "LineString" || type === "MultiLineString";
    // A ring has a pane of its own, under the plan's lines and symbols and never clipped by a comparison's
    // divider: what differs between the two dates is ringed on both sides.
    var pane = mark === "ring" ? "mhRings" : undefined;
    var group = L.geoJSON(copy, {interactive: false, pane: pane, style: function () {
        return line ? L.extend({}, style, {weight: (style.weight || 4) + 8, opacity: 0.55}) : style;
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {radius: radius || 16, color: style.color, weight: style.weight || 4,
                                       fill: false, dashArray: style.dashArray, interactive: false, pane: pane});
      }});
    if (line) { group.on("add", function () { group.bringToBack(); }); }
    return group;
  }

  // The features one view shows, in their groups (bit i of view.shown: feature i); how many.
  function show(plan, view) {
    var on = MH.bitsOn(view.shown, plan.layers.length), shown = 0;
    plan.layers.forEach(function (layer, i) {
      var want = on[i], p = layer.feature.properties;
      if (want !== plan.on[i]) {
        var group = plan.groups[p.kind === "region" ? "regions" : p.category];
        if (want) { group.addLayer(layer); } else { group.removeLayer(layer); }
        plan.on[i] = want;
      }
      if (want) { shown += 1; }
    });
    return shown;
  }

  // The selection's halo and the rings of what the view marks (since=, compare=, a search), over what it shows.
  function rings(plan, view) {
    var selected = plan.groups.selected, sel = view.selected, at = sel == null ? undefined : plan.index[sel];
    // An export lists only the groups it shows: no "selected" group where nothing is selected.
    if (selected) { selected.clearLayers(); }
    if (at !== undefined && selected) { selected.addLayer(halo(plan.data.features[at], plan.data.selection)); }
    plan.changed.clearLayers();
    [["changed", plan.data.changed], ["matched", plan.data.matched]].forEach(function (ring) {
      (view[ring[0]] || []).forEach(function (fid) {
        var i = plan.index[fid];
        if (i !== undefined && plan.on[i]) { plan.changed.addLayer(halo(plan.data.features[i], ring[1], 14, "ring")); }
      });
    });
    return at;
  }

  // The rings round the stations of a view near them (near=; layers/maps/live.py rings): each its distance in a
  // straight line (never a walk), dashed and faint under the plan, in the colour of the station's status on the
  // date shown.
  function catchments(map, plan, near) {
    plan.catchments.clearLayers();
    ringsShown(map, "mh-near-on", !!near);
    (near ? near.rings : []).forEach(function (ring) {
      plan.catchments.addLayer(stationRing(ring, near.r, near, {weight: 1.5, opacity: 0.85, fillOpacity: 0.05}));
    });
  }

  // A station's ring ([lat, lon, status]) of ``radius`` metres, in the look ``look`` gives (colours by status, the
  // dash), with ``style``'s weight, opacity and fill: under the plan, never taking the pointer.
  function stationRing(ring, radius, look, style) {
    var colour = look.colours[ring[2]];
    return L.circle([ring[0], ring[1]], L.extend({radius: radius, pane: "mhCatchments", color: colour,
                                                  dashArray: look.dash, fillColor: colour, interactive: false},
                                                 style));
  }

  // The legend's line on the rings (what they are, the standards) shows while some are drawn (static/css/map.css),
  // wherever the legend stands on the map's page (an export's side column, MH.sidePanel).
  function ringsShown(map, why, on) {
    map.getContainer().ownerDocument.documentElement.classList.toggle(why, on);
  }

  // Every station's rings at the standards' distances (layers/maps/live.py station_rings), straight lines: a
  // layer-control overlay, off until a reader turns it on; the legend's line on them shows with it.
  MH.stationRings = function (group, options) {
    options.rings.forEach(function (ring) {
      options.radii.forEach(function (r, i) {
        group.addLayer(stationRing(ring, r, options, {weight: i ? 1 : 1.5, opacity: 0.7, fill: false}));
      });
    });
    group.on("add remove", function (e) {
      var map = e.target._map || e.target._mapToAdd;
      if (map) { ringsShown(map, "mh-rings-on", e.type === "add"); }
    });
  };

  // Said on the map (as text) when the plan's data cannot be had: without it the map would just look empty.
  function failed(map, text) {
    MH.control(map, "topright", "mh-notice", function (box) {
      box.setAttribute("role", "alert");
      box.textContent = text;
    });
  }

  MH.plan = function (map, options) {
    var texts = options.card || {};
    var plan = map._mhPlan = {ready: false, layers: [], on: [], index: {}, view: null, shown: 0, groups: options.groups,
                              carded: null, compareScript: options.compareScript};
    plan.changed = L.layerGroup().addTo(map);  // the rings of what the view marks (since=, compare=, a search)
    map.createPane("mhRings").style.zIndex = 395;
    map.getPane("mhRings").style.pointerEvents = "none";
    plan.catchments = L.layerGroup().addTo(map);  // a view near stations: the rings round them, under the plan
    map.createPane("mhCatchments").style.zIndex = 390;
    map.getPane("mhCatchments").style.pointerEvents = "none";
    var cards = MH.cards(map, plan, texts);
    // In the app, a count over or beside the map is a button that tells the page (MH.countButton).
    var post = texts.details && MH.inApp() ? MH.post : null;

    function build(data) {
      plan.data = data;
      map.mhPalette = data.palette;  // a status's colour: the symbols' fill (MH.statusClasses), this map's
      map.mhHollow = data.hollow;  // the statuses drawn hollow: not started (layers/view/palette.py HOLLOW)
      // In the marker pane, like DOM symbols: above the areas, so a click on a point reaches the point.
      plan.canvas = data.canvas ? L.canvas({padding: 0.3, pane: "markerPane"}) : null;
      plan.icons = MH.symbolIcons(data);
      data.features.forEach(function (feature, i) {
        plan.layers.push(featureLayer(plan, feature, function (e) {
          if (MH.narrow(map) || texts.wide) { cards.open(i); }  // the door opens a card on any screen
          cards.which(i, e.containerPoint);
        }));
        plan.on.push(false);
        plan.index[feature.properties.id] = i;
      });
      plan.ready = true;
      apply();
    }

    function apply() {
      if (!plan.ready || !plan.view) { return; }
      plan.shown = show(plan, plan.view);
      stack(plan);
      catchments(map, plan, plan.view.near);
      var at = rings(plan, plan.view);
      // A selection that came with the view (a shared link, the table) gets its card on a phone;
      // one opened by a tap is already showing.
      if (at === undefined) {
        if (plan.carded !== null) { cards.close(); }
      } else if (plan.view.selected !== plan.carded && (MH.narrow(map) || texts.wide)) {
        cards.open(at);
      }
      map.fire("mh:plan", {shown: plan.shown});
      report();
    }

    // Once drawn (or once the data has failed), tell the page: only while the view asks, and once per map.
    function report() {
      var field = plan.view && plan.view.report;
      if (!field || plan.reported || !MH.inApp()) { return; }
      plan.reported = true;
      var value = {};
      value[field] = true;
      MH.post(value);
    }

    plan.apply = function (view) {
      plan.view = view;
      MH.headline(map, view.headline, post, texts.headlineHint);
      plan.ledger = MH.ledger(map, plan.ledger, (view.headline || {}).ledger, post, texts.headlineHint);
      if (plan.error) { report(); } else { apply(); }
    };
    load(options).then(MH.expand).then(build).catch(function (e) {  // its geometry compact, or plain
      plan.error = String(e);
      report();
      failed(map, options.failedText.replace("{error}", plan.error));
      map.fire("mh:plan", {error: plan.error});
    });
    return plan;
  };
})();
