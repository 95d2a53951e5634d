/* Minhang strategy map: the live map's data layers, fetched once, shown by view.
 *
 * - MH.reference(map, options): the district boundaries (neighbours, Minhang) in the "reference" pane.
 * - MH.plan(map, options): every plan feature, drawn once from a static file the server publishes
 *   per data, language and datum (layers/maps/wire.py), or given inline (an export), into the category groups the layer control
 *   lists. Points are DOM symbols, or canvas symbols when there are thousands of them.
 * - MH.planView(map, view): what one view shows: a bit per feature (base64) and the selection.
 *   This is all a filter change sends; showing and hiding layers is done here. Until the page has heard
 *   that its map is drawn, the view names a field ("report"); the map then reports its first draw to the
 *   page once, and the page adds what sits below the map (dashboard.py, layers/view/selection.py).
 * - MH.bitsOn(b64, n): those bits as n booleans (layers/maps/wire.py visible_bits encodes them).
 * - MH.symbolScale(zoom): how large the canvas symbols are drawn at a zoom.
 *
 * On a narrow map (a phone) a tap on a feature opens a card at the map: its tooltip (name, category,
 * status), the plan's sentence and a link down to the page's details panel. A selection that arrives
 * with a view (a shared feature= link, a pick in the table) opens the same card.
 *
 * Data comes through MH.fetchJSON (static/js/minhang-map.js). Tooltips are HTML escaped on the server
 * (layers/view/details.py tooltip_html); labels and the plan's sentence are set as text.
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
  MH.bitsOn = function (b64, n) {
    var bytes = atob(b64 || ""), on = [];
    for (var i = 0; i < n; i++) { on.push(((bytes.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1) === 1); }
    return on;
  };

  MH.plan = function (map, options) {
    var plan = map._mhPlan = {ready: false, layers: [], on: [], index: {}, view: null, shown: 0, groups: options.groups,
                              carded: null};
    var selected = options.groups.selected, texts = options.card || {};
    plan.changed = L.layerGroup().addTo(map);  // the rings of what the view marks (since=, compare=, a search)
    map.createPane("mhRings").style.zIndex = 395;
    map.getPane("mhRings").style.pointerEvents = "none";
    plan.compareScript = options.compareScript;

    // The page's details panel, in the Streamlit page around the map's frame (same origin).
    function showDetails() {
      try {
        var panel = window.parent.document.querySelector(texts.details);
        if (panel) { panel.scrollIntoView({behavior: "smooth", block: "start"}); }
      } catch (e) { /* a page we cannot reach: the card is all there is */ }
    }

    // A phone's card: a sheet along the map's foot, over the controls there (hidden while it shows, so none
    // lies over it), its link to the full details always in view. Short: the tooltip's lines (names, status
    // with its date, last checked), then the plan's sentence, clamped to two lines (English on the English
    // page, our translation), the rest a tap away.
    function card(feature) {
      var p = feature.properties, div = L.DomUtil.create("div", "mh-card");
      var close = L.DomUtil.create("button", "mh-card-close", div);
      close.type = "button";
      close.textContent = "\u00d7";
      close.title = texts.close || "";
      close.setAttribute("aria-label", texts.close || "");
      L.DomEvent.on(close, "click", function (e) {
        L.DomEvent.stop(e);
        var id = plan.carded;
        closeCard();
        // The page deselects it too (layers/view/selection.py card_closed): feature= leaves the address.
        if (texts.details && window.parent !== window) { post({closed: id, at: Date.now()}); }
      });
      L.DomUtil.create("div", "mh-card-tip", div).innerHTML = p.tip;  // escaped on the server
      var says = p.qe || p.q;
      if (says) {
        L.DomUtil.create("div", "mh-card-says", div).textContent = texts.planSays || "";
        var q = L.DomUtil.create("q", "mh-card-quote", div);
        q.textContent = says;
        q.setAttribute("lang", p.qe ? "en" : "zh");
        q.setAttribute("role", "button");
        q.title = texts.more || "";
        L.DomEvent.on(q, "click", function (e) { L.DomEvent.stop(e); L.DomUtil.toggleClass(q, "mh-open"); });
      }
      if (texts.details) {
        var more = L.DomUtil.create("a", "mh-card-more", div);
        more.href = "#";
        more.textContent = (texts.fullDetails || "Details") + " \u2193";
        L.DomEvent.on(more, "click", function (e) { L.DomEvent.preventDefault(e); showDetails(); });
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    }

    function closeCard() {
      if (plan.sheet) { plan.sheet.remove(); plan.sheet = null; }
      L.DomUtil.removeClass(map.getContainer(), "mh-carded");
      plan.carded = null;
    }

    function anchor(layer) {
      if (layer.getLatLng) { return layer.getLatLng(); }
      var lp = layer.feature.properties.lp;
      return lp ? L.latLng(lp[0], lp[1]) : layer.getBounds().getCenter();
    }

    function openCard(i) {
      var layer = plan.layers[i];
      closeCard();
      plan.carded = layer.feature.properties.id;
      if (layer.closeTooltip) { layer.closeTooltip(); }
      plan.sheet = card(layer.feature);
      map.getContainer().appendChild(plan.sheet);
      L.DomUtil.addClass(map.getContainer(), "mh-carded");
      // The feature in view above the sheet: panned there, the zoom kept.
      var box = map.getSize(), top = 70, bottom = box.y - plan.sheet.offsetHeight - 12;
      var at = map.latLngToContainerPoint(anchor(layer));
      if (at.y < top || at.y > bottom || at.x < 62 || at.x > box.x - 12) {
        var target = L.point(box.x / 2, Math.max(top, (top + bottom) / 2));
        map.panBy(at.subtract(target), {animate: false});
      }
    }

    // Several features under a finger (a station on two lines, a cluster of centres): the one clicked is
    // selected, and a "which one?" list at the click names each, a tap selecting another (the page hears it as a
    // click; a phone's card follows). Within a finger's reach: 22 px on a phone, 14 px with a mouse.
    function which(clicked, point) {
      if (plan.chooser) { map.closePopup(plan.chooser); plan.chooser = null; }
      if (!point || plan.data.canvas) { return; }  // thousands of canvas symbols: no list (MH.near is per layer)
      var near = MH.near(map, plan.layers, plan.on, point, MH.narrow(map) ? 22 : 14);
      if (near.length < 2) { return; }
      var box = L.DomUtil.create("div", "mh-which");
      L.DomUtil.create("div", "mh-which-title", box).textContent =
        (texts.whichOne || "Which one? {n} here").replace("{n}", near.length);
      near.forEach(function (i) {
        var p = plan.layers[i].feature.properties, item = L.DomUtil.create("button", "mh-which-item", box);
        item.type = "button";
        item.textContent = p.label || p.id;
        if (i === clicked) { item.setAttribute("aria-current", "true"); }
        L.DomEvent.on(item, "click", function (e) {
          L.DomEvent.stop(e);
          if (plan.chooser) { map.closePopup(plan.chooser); plan.chooser = null; }
          if (MH.narrow(map)) { openCard(i); }
          if (window.parent !== window) { post({last_active_drawing: {id: p.id, properties: {id: p.id}}}); }
        });
      });
      L.DomEvent.disableClickPropagation(box);
      if (MH.narrow(map)) {  // a phone: in the card the tap opened, under its close button
        if (plan.sheet) { plan.sheet.insertBefore(box, plan.sheet.children[1] || null); }
        return;
      }
      // Clear of the story over the map: the map pans (only) where the list would open under it.
      var clear = MH.clearance(map);
      plan.chooser = L.popup({closeButton: true, autoPan: true, className: "mh-which-popup", maxWidth: 260,
                              offset: [0, -6], autoPanPaddingTopLeft: [60, clear.top + 8]})
        .setLatLng(map.containerPointToLatLng(point)).setContent(box);
      plan.chooser.openOn(map);
    }

    function pointLayer(data, feature, latlng) {
      var p = feature.properties;
      if (data.canvas) {
        // As the DOM symbols: hollow for what has not started, faded where nothing was reported since the plan.
        var colour = data.palette[p.status] || data.palette.unknown, hollow = data.hollow.indexOf(p.status) >= 0;
        return new SymbolMarker(latlng, {renderer: plan.canvas, radius: 8, size: 16, shape: data.shapes[p.category],
          circle: data.circle, color: hollow ? colour : "#fff", weight: hollow ? 2.4 : 1.4,
          fillColor: hollow ? "#fff" : colour, opacity: p.nn ? 0.45 : 1, fillOpacity: p.nn ? 0.45 : 1});
      }
      return L.marker(latlng, {icon: plan.icons[p.category]});
    }

    function build(data) {
      plan.data = data;
      map.mhPalette = data.palette;  // a status's colour: the symbols' fill (MH.statusClasses), this map's
      map.mhHollow = data.hollow;  // the statuses drawn hollow: not started (layers/view/palette.py HOLLOW)
      // In the marker pane, like DOM symbols: above the areas, so a click on a point reaches the point.
      plan.canvas = data.canvas ? L.canvas({padding: 0.3, pane: "markerPane"}) : null;
      plan.icons = MH.symbolIcons(data);
      data.features.forEach(function (feature, i) {
        var p = feature.properties, style = data.styles[p.s];
        var layer = L.GeoJSON.geometryToLayer(feature, {
          pointToLayer: function (f, latlng) { return pointLayer(data, f, latlng); }
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
          plan.layers.push(layer);
          plan.on.push(false);
          plan.index[p.id] = i;
          return;
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
          layer.on("click", function (e) {
            if (MH.narrow(map)) { openCard(i); }
            which(i, e.containerPoint);
          });
        }
        plan.layers.push(layer);
        plan.on.push(false);
        plan.index[p.id] = i;
      });
      plan.ready = true;
      apply();
    }

    // Smaller wins: the areas shown stacked largest at the back, the lines over them, so a click on a park or a
    // centre inside a zone reaches the park or the centre (points are in the marker pane, above them all).
    function stack() {
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

    function groupOf(p) {
      return plan.groups[p.kind === "region" ? "regions" : p.category];
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

    function apply() {
      if (!plan.ready || !plan.view) { return; }
      var on = MH.bitsOn(plan.view.shown, plan.layers.length), shown = 0;
      plan.layers.forEach(function (layer, i) {
        var want = on[i];
        if (want !== plan.on[i]) {
          var group = groupOf(layer.feature.properties);
          if (want) { group.addLayer(layer); } else { group.removeLayer(layer); }
          plan.on[i] = want;
        }
        if (want) { shown += 1; }
      });
      plan.shown = shown;
      stack();
      // An export lists only the groups it shows: no "selected" group where nothing is selected.
      if (selected) { selected.clearLayers(); }
      var sel = plan.view.selected, at = sel == null ? undefined : plan.index[sel];
      if (at !== undefined && selected) { selected.addLayer(halo(plan.data.features[at], plan.data.selection)); }
      plan.changed.clearLayers();
      [["changed", plan.data.changed], ["matched", plan.data.matched]].forEach(function (ring) {
        (plan.view[ring[0]] || []).forEach(function (fid) {
          var i = plan.index[fid];
          if (i !== undefined && plan.on[i]) { plan.changed.addLayer(halo(plan.data.features[i], ring[1], 14, "ring")); }
        });
      });
      // A selection that came with the view (a shared link, the table) gets its card on a phone;
      // one opened by a tap is already showing.
      if (at === undefined) {
        if (plan.carded !== null) { closeCard(); }
      } else if (sel !== plan.carded && MH.narrow(map)) {
        openCard(at);
      }
      map.fire("mh:plan", {shown: shown});
      report();
    }

    // Once drawn (or once the data has failed), tell the page, through Streamlit's component protocol:
    // the value becomes what st_folium returns. Only while the view asks, and once per map.
    function report() {
      var field = plan.view && plan.view.report;
      if (!field || plan.reported || window.parent === window) { return; }
      plan.reported = true;
      var value = {};
      value[field] = true;
      post(value);
    }

    // A value for the page, through Streamlit's component protocol: what st_folium returns.
    function post(value) {
      window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                 value: L.extend({last_active_drawing: null}, value), dataType: "json"}, "*");
    }

    // The story over the map (layers/view/rollup.py story): one sentence of how far the plan has come, of the
    // view's matches as of its date; an embedded map's title before it. In the app each count in it is a button:
    // the page then shows what it counts ({headline: key, at: when}, layers/view/rollup.py story_view).
    function headline(view) {
      var spec = view.headline, box = plan.head;
      if (!box) {
        box = plan.head = L.DomUtil.create("div", "mh-headline", map.getContainer());
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
      }
      box.textContent = "";
      box.hidden = !spec;
      if (!spec) { return; }
      if (spec.title) { L.DomUtil.create("b", "mh-headline-title", box).textContent = spec.title; }
      var app = !!texts.details && window.parent !== window;
      (spec.parts || []).forEach(function (part) {
        if (!part.key) {
          box.appendChild(document.createTextNode(part.text));
          return;
        }
        MH.countButton(box, part.text, part.key, app ? post : null, texts.headlineHint);
      });
    }

    plan.apply = function (view) {
      plan.view = view;
      headline(view);
      plan.ledger = MH.ledger(map, plan.ledger, (view.headline || {}).ledger,
                              !!texts.details && window.parent !== window ? post : null, texts.headlineHint);
      if (plan.error) { report(); } else { apply(); }
    };
    load(options).then(build).catch(function (e) {
      plan.error = String(e);
      report();
      // Say so on the map (as text): without its data the map would just look empty.
      var box = L.control({position: "topright"});
      box.onAdd = function () {
        var div = L.DomUtil.create("div", "mh-notice");
        div.setAttribute("role", "alert");
        div.textContent = options.failedText.replace("{error}", plan.error);
        return div;
      };
      box.addTo(map);
      map.fire("mh:plan", {error: plan.error});
    });
    return plan;
  };

  // The shown plan features within `reach` px of a container point, nearest first: points by their symbol's
  // centre, lines by their nearest segment; areas never (a click inside one is meant for it, or for what it holds).
  MH.near = function (map, layers, on, point, reach) {
    var found = [], at = map.containerPointToLayerPoint(point);
    layers.forEach(function (layer, i) {
      if (!on[i] || layer.options.interactive === false || layer instanceof L.Polygon) { return; }
      var d = Infinity;
      if (layer.getLatLng) {
        d = map.latLngToContainerPoint(layer.getLatLng()).distanceTo(point);
      } else if (layer.closestLayerPoint) {
        var c = layer.closestLayerPoint(at);
        d = c ? c.distance : Infinity;
      }
      if (d <= reach) { found.push([d, i]); }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    return found.map(function (f) { return f[1]; });
  };

  // A count of the story or the promises' summary, in ``parent``: bold text; with ``post`` (in the app) a button
  // that tells the page which ({headline: key, at: when}). A span, not a button: a button is one box, and a count
  // that wraps would break the sentence's flow.
  MH.countButton = function (parent, text, key, post, hint) {
    var el = L.DomUtil.create("span", "mh-headline-item", parent);
    el.textContent = text;
    if (!post) { return el; }
    el.setAttribute("role", "button");
    el.tabIndex = 0;
    el.classList.add("mh-headline-link");
    el.title = hint || "";
    var pick = function (e) {
      L.DomEvent.stop(e);
      post({headline: key, at: Date.now()});
    };
    L.DomEvent.on(el, "click", pick);
    L.DomEvent.on(el, "keydown", function (e) { if (e.key === "Enter" || e.key === " ") { pick(e); } });
    return el;
  };

  // The promises' summary beside the map (layers/view/rollup.py ledger): a table of the view's promises, a row per
  // kind and a column per verdict, and what a verdict a reader may misread means. Open on a wide map, folded to
  // its title on a narrow one (a tap opens it). In the app (``post``) each count is a button: the page then shows
  // what it counts ({headline: "ledger:kind:verdict", at: when}). Returns its control, made once per map.
  MH.ledger = function (map, control, spec, post, hint) {
    if (!control) {
      // Under the layer control; on a phone at the bottom, clear of the story, as the legend is.
      control = L.control({position: MH.narrow(map) ? "bottomright" : "topright"});
      control.onAdd = function () {
        var div = L.DomUtil.create("div", "mh-ledger leaflet-control");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
      control.addTo(map);
    }
    var box = control.getContainer(), was = box.querySelector("details");
    box.textContent = "";
    box.hidden = !spec;
    if (!spec) { return control; }
    var details = L.DomUtil.create("details", "", box);
    details.open = was ? was.open : !MH.narrow(map);  // as the reader left it
    L.DomUtil.create("summary", "mh-ledger-title", details).textContent = spec.title;
    var table = L.DomUtil.create("table", "", details), head = L.DomUtil.create("tr", "", table);
    L.DomUtil.create("th", "", head);
    spec.columns.forEach(function (c) {
      var th = L.DomUtil.create("th", "mh-ledger-" + c.key, head);
      th.textContent = c.text;
      th.scope = "col";
    });
    spec.rows.forEach(function (r) {
      var tr = L.DomUtil.create("tr", "", table), th = L.DomUtil.create("th", "", tr);
      th.scope = "row";
      th.textContent = r.text + " · " + r.total;
      r.cells.forEach(function (cell) {
        var td = L.DomUtil.create("td", "", tr);
        if (!cell) { return; }
        MH.countButton(td, String(cell.n), cell.key, post, hint);
      });
    });
    spec.notes.forEach(function (note) { L.DomUtil.create("p", "mh-ledger-note", details).textContent = note; });
    return control;
  };

  // Fit a map to a view's fit (its JSON): its bounds, no closer than its maxZoom, with its padding; remember the
  // view it gave, to know whether the reader has moved since.
  function fitTo(map, key) {
    // Leaflet drops a new view asked for during a zoom animation (streamlit-folium's own, say): after it, then.
    if (map._animatingZoom) { map.once("zoomend", function () { fitTo(map, key); }); return; }
    var fit = JSON.parse(key), clear = MH.clearance(map), topLeft = fit.paddingTopLeft || [8, 8];
    var bottomRight = fit.paddingBottomRight || [8, 8];
    map.invalidateSize({pan: false});  // its size as the page has laid it out now, not as first measured
    map.fitBounds(fit.bounds, {maxZoom: fit.maxZoom, animate: false,
                               paddingTopLeft: [Math.max(topLeft[0], clear.left), Math.max(topLeft[1], clear.top)],
                               paddingBottomRight: [Math.max(bottomRight[0], clear.right),
                                                    Math.max(bottomRight[1], clear.bottom)]});
    if (MH.narrow(map)) {  // a phone's frame is narrower than tall: what it fits sits just under the headline
      var top = map.latLngToContainerPoint(L.latLngBounds(fit.bounds).getNorthWest()).y;
      var want = Math.max(topLeft[1], clear.top);
      if (top > want + 4) { map.panBy([0, top - want], {animate: false}); }
    }
    map._mhFitted = {key: key, center: map.getCenter(), zoom: map.getZoom()};
  }

  // What a fitted frame keeps clear of, in px from each edge: the headline over the map, as tall as its sentence
  // runs; on a narrow map (a phone) also the control column on the left and the controls along the bottom, since
  // there the district fills the width and would lie under them (on a wide map it sits between them).
  MH.clearance = function (map) {
    var box = map.getContainer().getBoundingClientRect(), gap = 8, clear = {left: 0, top: 0, right: 0, bottom: 0};
    var head = map.getContainer().querySelector(".mh-headline:not([hidden])");
    if (head && head.offsetHeight) { clear.top = head.getBoundingClientRect().bottom - box.top + gap; }
    if (!MH.narrow(map)) { return clear; }
    map.getContainer().querySelectorAll(".leaflet-left.leaflet-top .leaflet-control").forEach(function (el) {
      clear.left = Math.max(clear.left, el.getBoundingClientRect().right - box.left + gap);
    });
    map.getContainer().querySelectorAll(".leaflet-bottom .leaflet-control").forEach(function (el) {
      if (el.offsetHeight) { clear.bottom = Math.max(clear.bottom, box.bottom - el.getBoundingClientRect().top + gap); }
    });
    return clear;
  };

  // The room a selection may show in: the map but its headline, and on a desktop the details panel that opens
  // over the page's map on the right (static/css/page.css: min(380 px, 36 %) wide, 60 px from the edge);
  // a phone's card pans its feature itself.
  MH.freeRoom = function (width, height, narrow) {
    var right = narrow ? width - 12 : width - 60 - Math.min(380, 0.36 * width) - 16;
    return {left: narrow ? 62 : 56, top: 52, right: Math.max(right, width / 3), bottom: height - 16};
  };

  // How far in a selected feature is brought: its drawing spans `span` px at the map's zoom; one too small to see
  // (under 24 px, never a point) comes in until it is about 48 px, by at most 2 levels, never past maxZoom.
  MH.revealZoom = function (zoom, span, isPoint, maxZoom) {
    if (isPoint || span >= 24) { return zoom; }
    var wanted = zoom + Math.log2(48 / Math.max(span, 1));
    return Math.max(zoom, Math.min(zoom + 2, maxZoom, Math.round(wanted * 10) / 10));  // never out
  };

  // A feature picked on the map, in the table or on the timeline: the map keeps its zoom where the feature can
  // be seen at it and pans it into the free room; the hover and its tooltip are cleared.
  function reveal(map, fit) {
    if (map._animatingZoom) { map.once("zoomend", function () { reveal(map, fit); }); return; }
    map.eachLayer(function (layer) { if (layer.closeTooltip) { layer.closeTooltip(); } });
    var bounds = L.latLngBounds(fit.bounds), zoom = map.getZoom();
    var ne = map.latLngToContainerPoint(bounds.getNorthEast()), sw = map.latLngToContainerPoint(bounds.getSouthWest());
    var span = Math.max(Math.abs(ne.x - sw.x), Math.abs(ne.y - sw.y));
    var point = bounds.getNorthEast().equals(bounds.getSouthWest());
    var size = map.getSize(), room = MH.freeRoom(size.x, size.y, MH.narrow(map));
    var next = MH.revealZoom(zoom, span, point, fit.maxZoom);
    if (next !== zoom) { map.setZoomAround(bounds.getCenter(), next, {animate: false}); }
    var at = map.latLngToContainerPoint(bounds.getCenter());
    if (at.x < room.left || at.x > room.right || at.y < room.top || at.y > room.bottom) {
      map.panBy(at.subtract(L.point((room.left + room.right) / 2, (room.top + room.bottom) / 2)), {animate: false});
    }
  }

  // The view element runs with every view change: before the data has arrived it is kept and applied then.
  MH.planView = function (map, view) {
    map.mhView = view.info;  // this map's view: its camera, its links (never another map's on the same page)
    if (map._mhPlan) { map._mhPlan.apply(view); }
    // Two dates across a divider (minhang-compare.js): its code comes with an export, and is fetched in the
    // app when a view first compares.
    var script = map._mhPlan && map._mhPlan.compareScript;
    if (MH.compare) {
      MH.compare(map, view.compare || null);
    } else if (view.compare && script) {
      MH.loadScript(script).then(function () { if (map.mhView === view.info) { MH.compare(map, view.compare); } });
    }
    // The server fitted its centre and zoom to a laptop-sized map; every map fits the same bounds to its own
    // size (a phone, a wide screen; after streamlit-folium has set the server's view), with fractional zoom,
    // once per new fit, so a reader's own panning is left alone.
    // The frame may still be taking its size when the first view comes (a phone's page sizes it by CSS): while
    // the reader has not moved the map since, a new size of its frame is fitted again.
    var fit = view.fit, key = fit && JSON.stringify(fit);
    if (fit && fit.reveal && key !== map._mhFit) {  // a pick on the map, the table or the timeline: keep the place
      map._mhFit = key;
      setTimeout(function () { reveal(map, fit); }, 0);
    } else if (fit && key !== map._mhFit) {
      map._mhFit = key;
      setTimeout(function () { fitTo(map, key); }, 0);
      if (!map._mhRefit && window.ResizeObserver) {
        map._mhRefit = new ResizeObserver(function () {
          var done = map._mhFitted;
          if (!done || done.key !== map._mhFit) { return; }
          map.invalidateSize({pan: false});
          if (done.zoom === map.getZoom() && done.center.equals(map.getCenter())) { fitTo(map, done.key); }
        });
        map._mhRefit.observe(map.getContainer());
      }
    }
  };
})();
