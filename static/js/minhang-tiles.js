/* Minhang strategy map: a tile basemap's tone and its failure (layers/maps/elements/tiles.py).
 *
 * MH.tileTone(map, options): the tiles start muted (static/css/map.css .mh-tiles-muted: desaturated under a
 * light veil, so the plan's status colours lead); a button switches to full colour and back. When tiles keep
 * failing and none has loaded (a blocked tile server), a notice says so and the offline map's names show over
 * whatever is left (map.mhContextLabels).
 * MH.tilesFailed(loaded, failed, after): whether that many failures with that many loads means a blocked server.
 * Texts are set as textContent.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  MH.tilesFailed = function (loaded, failed, after) { return loaded === 0 && failed >= after; };

  MH.tileTone = function (map, options) {
    var o = options || {}, t = o.texts || {}, box = map.getContainer();
    L.DomUtil.addClass(box, "mh-tiles-muted");
    MH.control(map, o.position || "bottomright", "leaflet-bar mh-tone", function (bar) {
      var button = L.DomUtil.create("a", "mh-tone-button", bar);
      button.href = "#";
      button.setAttribute("role", "button");
      var label = function () {
        var muted = L.DomUtil.hasClass(box, "mh-tiles-muted");
        button.textContent = muted ? t.full || "Full colour" : t.muted || "Muted";
        button.title = button.textContent;
        button.setAttribute("aria-pressed", String(!muted));
      };
      label();
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.preventDefault(e);
        L.DomUtil.toggleClass(box, "mh-tiles-muted");
        label();
      });
    });

    var loaded = 0, failed = 0, said = false;
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      layer.on("tileload", function () { loaded += 1; });
      layer.on("tileerror", function () {
        failed += 1;
        if (said || !MH.tilesFailed(loaded, failed, o.failedAfter || 6)) { return; }
        said = true;
        MH.control(map, "topright", "mh-notice mh-tiles-failed", function (notice) {
          notice.setAttribute("role", "status");
          notice.textContent = t.failed || "";
        });
        if (map.mhContextLabels) { map.mhContextLabels(true); }
        map.fire("mh:tilesfailed");
      });
    });
  };
})();
