/* Minhang strategy map: the ruler (layers/maps/elements/measure.py), its plugin fetched on first use.
 *
 * - MH.lazyMeasure(map, options, url, title): a stand-in with the plugin's look until the reader opens it,
 *   titled ``title`` (in the map's language; the plugin's own button keeps it once loaded).
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // leaflet-measure, fetched when the reader first opens the ruler: until then a stand-in with the
  // plugin's look holds its place in the corner.
  MH.lazyMeasure = function (map, options, url, title) {
    var stub = MH.control(map, options.position || "topright", "leaflet-control-measure leaflet-bar", function (box) {
      var toggle = MH.barButton(box, "leaflet-control-measure-toggle", title || "Measure distances and areas");
      toggle.textContent = toggle.title;  // hidden by the plugin's CSS, as on its own button
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
          // The plugin's button, titled as the stand-in was (its own translation words it differently).
          var own = real.getContainer().querySelector(".leaflet-control-measure-toggle");
          if (own && title) {
            own.title = title;
            own.textContent = title;
            own.setAttribute("aria-label", title);
          }
          real._expand();
          map.fire("mh:measure");
        }, function () { box._mhOpening = false; });
      };
      L.DomEvent.on(toggle, "click", open);
      L.DomEvent.on(box, "mouseenter", open);
    });
  };
})();
