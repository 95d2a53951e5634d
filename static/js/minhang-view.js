/* Minhang strategy map: one view on the live map (layers/maps/elements/plan_layer.py PlanView).
 *
 * - MH.planView(map, view): what one view shows, sent with each rerun: the plan's features shown (MH.plan's
 *   apply), the other date of a comparison (MH.compare, its code fetched the first time a view compares), and
 *   the view's frame: fitted to its bounds at the map's own size, or a picked feature brought into view.
 *   The view's camera and links (view.info) are kept on its map (map.mhView), never the page's.
 * - MH.freeRoom(width, height, narrow): the room a selection may show in.
 * - MH.revealZoom(zoom, span, isPoint, maxZoom): how far in a picked feature is brought.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

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
