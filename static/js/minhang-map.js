/* Minhang strategy map: the browser code every map element shares (layers/maps/elements/__init__.py).
 *
 * - MH.fetchJSON(url): one fetch per URL per page, shared by the context layers, the plan data and the
 *   boundaries (which feed both the map and the mini-map).
 * - MH.expand(data): compact published GeoJSON (layers/maps/compact.py) back to plain GeoJSON. Python
 *   encodes, the browser decodes: the one decoder of the compact form is this one (its round trip is
 *   tested against the plain files in the browser, tests/browser/test_browser.py; the format, on hand-made
 *   data, in tests/js/map.test.mjs).
 * - MH.loadScript(url): a script fetched on first use, once.
 * - MH.control(map, position, className, build): the one way a map control is made; MH.barButton(box,
 *   className, title): a button in a Leaflet bar.
 * - MH.htmlControl(map, options), MH.layerControl(map, layers, options, title), MH.miniMap(map, options): the
 *   legend and title boxes, the layer control and the overview map, each one call from its Python element.
 * - MH.shareLink(map, extra): the page's address for this view, framed where the map is and pinned to the
 *   date it shows (the camera's link, the share control's); MH.linkFor(loc, view, extra) makes it from plain
 *   values.
 * - MH.scaleBar(map, options), MH.attribution(map, options): the scale bar, a line of credit.
 * - MH.narrow(map): whether a map is a phone's; MH.clearance(map): what a frame keeps clear of.
 * - MH.overviewWhenIn(map, control, bounds): the overview map shown only once the reader has zoomed in.
 *
 * Each element's own code is in a file of its own, named after it; layers/maps/assets.py BROWSER_MODULES lists
 * them from the floor up, with what each uses (tests/maps/test_browser_modules.py holds it).
 * Data text reaches the page only through textContent, never as HTML.
 * The pure functions (MH.expand, MH.linkFor and those of the other files) have unit tests under Node,
 * tests/js (node --test tests/js/*.test.mjs).
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

  // --- compact GeoJSON (layers/maps/compact.py) --------------------------------------------------
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

  // The page's own parameters, the map's centre and zoom, and "asof" pinned to the date shown (map.mhView.pinned,
  // layers/data/asof.py pinned): a link shared today shows the same statuses next month. ``extra`` adds or,
  // with a null value, removes parameters. MH.linkFor makes it from the page's location (or any URL: its
  // origin, path and query) and {center: {lat, lng}, zoom, pinned}; MH.shareLink asks the map.
  MH.linkFor = function (loc, view, extra) {
    var params = new URLSearchParams(loc.search);
    params.set("center", view.center.lat.toFixed(5) + "," + view.center.lng.toFixed(5));
    params.set("zoom", String(Math.round(view.zoom * 10) / 10));  // fractional zoom, to a tenth (zoomSnap)
    if (view.pinned) { params.set("asof", view.pinned); }
    Object.keys(extra || {}).forEach(function (key) {
      if (extra[key] === null) { params.delete(key); } else { params.set(key, extra[key]); }
    });
    return loc.origin + loc.pathname + "?" + params.toString();
  };
  MH.shareLink = function (map, extra) {
    var loc;
    try { loc = window.parent.location; } catch (e) { loc = window.location; }
    return MH.linkFor(loc, {center: map.getCenter(), zoom: map.getZoom(), pinned: map.mhView && map.mhView.pinned}, extra);
  };

  // --- controls -------------------------------------------------------------------------------
  // The one way a map control is made: a box (a div of ``className``) in a corner (``position``), filled by
  // ``build(box)`` as the control is added; a click or a wheel turn over it stays off the map. Returns the control.
  MH.control = function (map, position, className, build) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var box = L.DomUtil.create("div", className);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      if (build) { build(box); }
      return box;
    };
    return control.addTo(map);
  };

  // Fixed HTML in a control (the legend, the title box, the key; escaped on the server). ``foldNarrow``: on a
  // phone, where the legend would cover half the map, every <details> in it starts folded to its title.
  MH.htmlControl = function (map, options) {
    return MH.control(map, options.position, options.className, function (box) {
      box.innerHTML = options.html;
      if (options.foldNarrow && MH.narrow(map)) {
        box.querySelectorAll("details").forEach(function (d) { d.open = false; });
      }
    });
  };

  // Leaflet's layer control (layers: {base: {name: layer}, overlays: {name: layer}}), its toggle titled in the
  // map's language and named so for a screen reader (Leaflet gives it a title only, in English).
  MH.layerControl = function (map, layers, options, title) {
    var control = L.control.layers(layers.base, layers.overlays, options).addTo(map);
    var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    toggle.title = title;
    toggle.setAttribute("aria-label", title);
    return control;
  };

  // The overview map (Leaflet-MiniMap) over the district's outline, so it works offline: the outline given
  // (options.outline) or fetched with the map's boundaries (options.outlineUrl), under the tiles when there are
  // any (options.tileUrl), shown once the reader has zoomed in (options.district, MH.overviewWhenIn).
  MH.miniMap = function (map, options) {
    var layers = options.tileUrl ? [L.tileLayer(options.tileUrl, options.tileOptions)] : [];
    var outline = L.geoJson(options.outline, {interactive: false,
      style: {color: "#495057", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}});
    if (options.outlineUrl) {
      MH.fetchJSON(options.outlineUrl).then(MH.expand).then(function (d) { outline.addData(d.minhang); });
    }
    layers.push(outline);
    var control = new L.Control.MiniMap(L.layerGroup(layers), options.options);
    map.addControl(control);
    MH.overviewWhenIn(map, control, options.district);
    return control;
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


  // A line of credit (HTML, escaped on the server) in the map's attribution control.
  MH.attribution = function (map, options) { map.attributionControl.addAttribution(options.text); };

  // The scale bar: kilometres always, miles too on the English page (a Chinese reader measures in metres).
  MH.scaleBar = function (map, options) {
    L.control.scale({imperial: !!options.imperial, position: options.position || "bottomleft"}).addTo(map);
  };

  // --- narrow maps (phones) ----------------------------------------------------------------------
  // A map this wide or narrower is a phone's. The width comes from layers/view/phone.py through the page
  // style (MH.page, the first element of every map), as the CSS's phone rules do (static/css/*.css).
  MH.narrow = function (map) { return map.getContainer().clientWidth <= map.mhPhoneMaxWidth; };

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

  // --- the overview map -------------------------------------------------------------------------
  // The overview map (Leaflet-MiniMap) says where a close view is; over the whole district it says nothing and
  // covers a corner of it. It waits until the reader zooms in: shown while the map shows under half of the
  // district's box (bounds: [[south, west], [north, east]]).
  MH.overviewWhenIn = function (map, control, bounds) {
    var district = L.latLngBounds(bounds), shown = null;
    function area(b) { return Math.max(0, b.getEast() - b.getWest()) * Math.max(0, b.getNorth() - b.getSouth()); }
    function check() {
      var el = control.getContainer(), view = map.getBounds();
      if (!el) { return; }
      var common = L.latLngBounds([Math.max(view.getSouth(), district.getSouth()), Math.max(view.getWest(), district.getWest())],
                                  [Math.min(view.getNorth(), district.getNorth()), Math.min(view.getEast(), district.getEast())]);
      var inside = view.intersects(district) ? area(common) : 0;
      var want = inside < 0.5 * area(district);
      if (want === shown) { return; }
      shown = want;
      el.style.display = want ? "" : "none";
      if (want && control._miniMap) { control._miniMap.invalidateSize({pan: false}); }
    }
    map.on("zoomend moveend resize", check);
    check();
  };
})();
