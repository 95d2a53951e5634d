/* Minhang strategy map: the browser code every map element shares (layers/maps/elements/__init__.py).
 *
 * - MH.fetchJSON(url): one fetch per URL per page, shared by the context layers, the plan data and the
 *   boundaries (which feed both the map and the mini-map).
 * - MH.expand(data): compact published GeoJSON (layers/maps/compact.py) back to plain GeoJSON. Python
 *   encodes, the browser decodes: the one decoder of the compact form is this one (its round trip is
 *   tested against the plain files in the browser, tests/browser/test_browser.py; the format, on hand-made
 *   data, in tests/js/map.test.mjs).
 * - MH.loadScript(url): a script fetched on first use, once.
 * - MH.barButton(box, className, title): a button in a Leaflet bar.
 * - MH.shareLink(map, extra): the page's address for this view, framed where the map is and pinned to the
 *   date it shows (the camera's link, the share control's); MH.linkFor(loc, view, extra) makes it from plain
 *   values.
 * - MH.narrow(map): whether a map is a phone's.
 * - MH.overviewWhenIn(map, control, bounds): the overview map shown only once the reader has zoomed in.
 * - MH.sidePanel(map): an exported map's title, key and legend in a column beside it (a wide page).
 *
 * Each element's own code is in a file of its own, named after it: minhang-page.js (page style),
 * minhang-labels.js (plan labels and the label layer), minhang-context.js (street context),
 * minhang-measure.js (the ruler), minhang-plan.js (plan layer), minhang-camera.js (camera),
 * minhang-share.js (share), minhang-compare.js (two dates, fetched when a view first compares). The Streamlit
 * page around the map has one of its own: minhang-chrome.js (its language, Streamlit's own words in it).
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


  // --- narrow maps (phones) ----------------------------------------------------------------------
  // A map this wide or narrower is a phone's. The width comes from layers/view/phone.py through the page
  // style (MH.page, the first element of every map), as the CSS's phone rules do (static/css/*.css).
  // The scale bar: kilometres always, miles too on the English page (a Chinese reader measures in metres).
  MH.scaleBar = function (map, options) {
    L.control.scale({imperial: !!options.imperial, position: options.position || "bottomleft"}).addTo(map);
  };

  MH.narrow = function (map) { return map.getContainer().clientWidth <= map.mhPhoneMaxWidth; };

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

  // --- an exported map's side panel --------------------------------------------------------------
  // On an exported page wide enough (a PNG, the HTML export on a screen: the page's head then marks the root
  // "mh-has-side" before the map is made, so the map is made at its final size), the title box, the numbered key
  // and the legend leave the map for a column beside it, so nothing of theirs covers the plan or an open popup
  // (static/css/export.css .mh-side). A narrow page keeps them over the map, folded.
  MH.sidePanel = function (map, selectors) {
    if (!document.documentElement.classList.contains("mh-has-side")) { return null; }
    var side = document.createElement("aside");
    side.className = "mh-side";
    (selectors || [".mh-title", ".mh-key", ".mh-legend:not(.mh-key)"]).forEach(function (selector) {
      var el = map.getContainer().querySelector(selector);
      if (el) { side.appendChild(el); }
    });
    document.body.insertBefore(side, document.body.firstChild);
    return side;
  };
})();
