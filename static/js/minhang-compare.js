/* Minhang strategy map: two dates on one map (compare= in a link; layers/view/words.py compare_info).
 *
 * MH.compare(map, spec): the plan as of the other date is drawn into panes of its own ("mhCompare",
 * "mhCompareMarkers"), the features the view shows and no others. A divider across the map shows that
 * date left of it and the date shown right of it: each side's panes are clipped to their side (CSS clip
 * on the pane, in layer coordinates, as leaflet-side-by-side clips tiles; it cannot clip vector layers,
 * so we clip the panes they are drawn in). The divider drags by mouse, pen or touch (pointer events).
 * Each side is labelled with its date. spec null: no comparison (everything unclipped).
 * MH.dividerLayout(width, x): where the divider stands on a map that wide, and each side's label room.
 * Labels are set as textContent.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};
  var MAIN = ["overlayPane", "markerPane"], OTHER = ["mhCompare", "mhCompareMarkers"];
  // The divider's styles come with its code (the map's CSS travels with every rerun; a comparison is rare):
  // the bar, its handle (drag it), and each side's date.
  var CSS = ".mh-divider { position: absolute; top: 0; bottom: 0; width: 0; z-index: 800; pointer-events: none; } .mh-divider::before { content: \"\"; position: absolute; top: 0; bottom: 0; left: -2px; width: 4px; background: #212529; opacity: .8; } .mh-divider-handle { position: absolute; top: 50%; left: -16px; width: 32px; height: 32px; margin-top: -16px; border-radius: 50%; background: #fff; border: 3px solid #212529; cursor: ew-resize; pointer-events: auto; touch-action: none; box-sizing: border-box; } .mh-divider-label { position: absolute; top: 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; box-sizing: border-box; background: rgba(255,255,255,.92); padding: 2px 8px; border-radius: 4px; font: 600 12px/18px system-ui, sans-serif; color: #212529; box-shadow: 0 1px 3px rgba(0,0,0,.3); } .mh-divider-left { right: 8px; } .mh-divider-right { left: 8px; }";

  function styles() {
    if (document.getElementById("mh-compare-css")) { return; }
    var style = document.createElement("style");
    style.id = "mh-compare-css";
    style.textContent = CSS;
    document.head.appendChild(style);
  }

  function panes(map) {
    if (!map.getPane("mhCompare")) {
      map.createPane("mhCompare").style.zIndex = 401;         // just over the plan's areas and lines
      map.createPane("mhCompareMarkers").style.zIndex = 601;  // just over the plan's symbols
    }
  }

  function build(map, state, data) {
    var icons = MH.symbolIcons(data);  // minhang-labels.js
    state.layer = L.geoJSON(data, {
      pane: "mhCompare", interactive: false,
      style: function (f) { return data.styles[f.properties.s]; },
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, {icon: icons[f.properties.category], pane: "mhCompareMarkers", interactive: false,
                                 keyboard: false});
      }
    });
    state.byId = {};
    state.layer.eachLayer(function (layer) { state.byId[layer.feature.properties.id] = layer; });
  }

  // The other date's features the view shows: those the main plan shows (by id).
  function filter(map, state) {
    var plan = map._mhPlan;
    if (!state.layer || !plan || !plan.ready) { return; }
    Object.keys(state.byId).forEach(function (fid) {
      var i = plan.index[fid], want = i !== undefined && plan.on[i], layer = state.byId[fid];
      if (want && !state.group.hasLayer(layer)) { state.group.addLayer(layer); }
      if (!want && state.group.hasLayer(layer)) { state.group.removeLayer(layer); }
    });
    map.fire("mh:compare", {shown: state.group.getLayers().length});
  }

  // The divider asked to stand at x (null: the middle) on a map `width` px wide: where it stands, on the map,
  // and its labels (left, right): each fits its side (ellipsis on a narrow one), left out under 40 px of room.
  MH.dividerLayout = function (width, x) {
    var at = Math.max(0, Math.min(width, x == null ? width / 2 : x));
    return {x: at, labels: [at, width - at].map(function (side) {
      var room = side - 16;
      return {maxWidth: Math.max(0, room), hidden: room < 40};
    })};
  };

  function clip(map, state) {
    var size = map.getSize(), layout = MH.dividerLayout(size.x, state.x), x = state.x = layout.x;
    var nw = map.containerPointToLayerPoint([0, 0]), se = map.containerPointToLayerPoint(size);
    var cut = map.containerPointToLayerPoint([x, 0]).x;
    var rect = function (l, r) { return "rect(" + [nw.y, r, se.y, l].map(function (v) { return v + "px"; }).join(", ") + ")"; };
    OTHER.forEach(function (name) { map.getPane(name).style.clip = rect(nw.x, cut); });
    MAIN.forEach(function (name) { map.getPane(name).style.clip = rect(cut, se.x); });
    state.bar.style.left = x + "px";
    // The labels sit under the story over the map, however many lines it runs to, never over it.
    var head = map.getContainer().querySelector(".mh-headline:not([hidden])");
    var top = head && head.offsetHeight ? head.offsetTop + head.offsetHeight + 6 : 8;
    state.labels.forEach(function (label, i) {
      label.style.top = top + "px";
      label.style.maxWidth = layout.labels[i].maxWidth + "px";
      label.style.display = layout.labels[i].hidden ? "none" : "";
    });
    state.clipX = x;
  }

  function divider(map, state, spec) {
    styles();
    var bar = state.bar = L.DomUtil.create("div", "mh-divider", map.getContainer());
    var handle = L.DomUtil.create("div", "mh-divider-handle", bar);
    handle.setAttribute("role", "slider");
    handle.setAttribute("aria-label", spec.left + " | " + spec.right);
    var left = L.DomUtil.create("div", "mh-divider-label mh-divider-left", bar);
    var right = L.DomUtil.create("div", "mh-divider-label mh-divider-right", bar);
    left.textContent = "\u2190 " + spec.left;
    right.textContent = spec.right + " \u2192";
    state.labels = [left, right];
    L.DomEvent.disableClickPropagation(bar);
    var dragging = false;
    L.DomEvent.on(handle, "pointerdown", function (e) {
      dragging = true;
      handle.setPointerCapture(e.pointerId);
      map.dragging.disable();
      L.DomEvent.stop(e);
    });
    L.DomEvent.on(handle, "pointermove", function (e) {
      if (!dragging) { return; }
      var box = map.getContainer().getBoundingClientRect();
      state.x = e.clientX - box.left;
      clip(map, state);
    });
    var stop = function (e) {
      if (!dragging) { return; }
      dragging = false;
      try { handle.releasePointerCapture(e.pointerId); } catch (err) { /* already released */ }
      map.dragging.enable();
    };
    L.DomEvent.on(handle, "pointerup", stop);
    L.DomEvent.on(handle, "pointercancel", stop);
  }

  function remove(map, state) {
    if (state.bar) { state.bar.remove(); }
    if (state.group) { state.group.remove(); }
    MAIN.concat(OTHER).forEach(function (name) { var p = map.getPane(name); if (p) { p.style.clip = ""; } });
    map.off("move zoom resize viewreset", state.onMove);
    map.off("mh:plan", state.onPlan);
  }

  MH.compare = function (map, spec) {
    var key = spec ? JSON.stringify([spec.source && spec.source.url || spec.source, spec.left, spec.right]) : null;
    var state = map._mhCompare;
    if (state && state.key === key) { filter(map, state); return; }
    if (state) { remove(map, state); map._mhCompare = null; }
    if (!spec) { return; }
    panes(map);
    state = map._mhCompare = {key: key, x: null, group: L.layerGroup().addTo(map)};
    state.onMove = function () { clip(map, state); };
    state.onPlan = function () { filter(map, state); clip(map, state); };  // a new view, a new story's height
    divider(map, state, spec);
    clip(map, state);
    map.on("move zoom resize viewreset", state.onMove);
    map.on("mh:plan", state.onPlan);
    var source = spec.source;
    (typeof source === "string" ? MH.fetchJSON(source) : Promise.resolve(source)).then(function (data) {
      if (map._mhCompare !== state) { return; }
      build(map, state, data);
      filter(map, state);
    }).catch(function (e) { state.error = String(e); });
  };
}());
