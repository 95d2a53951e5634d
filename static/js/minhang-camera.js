/* Minhang strategy map: the camera control. A PNG of the map exactly as the reader framed it, made in
 * the browser (dom-to-image-more), with a title band and a footer drawn onto the image, never onto the
 * live map. Nothing runs on the server.
 *
 * MH.camera(map, options)  options: {position, texts: {...}, ratios: [1, 2, 4]}
 * map.mhView               what the current view shows (title, subtitle, summary, basemap, date, file
 *                          name), set with every view by MH.planView (the app's and an export's).
 * MH.capture(map, opts)    the capture itself (also used by tests and bench): resolves to
 *                          {blob, width, height, ratio, requestedRatio, map: {x, y, w, h}, failed}.
 * MH.settle(map, ms)       resolves once the map is still and its tiles loaded (bounded).
 * Pure parts (unit tests in tests/js): MH.clampRatio(w, h, ratio) the pixel ratio a canvas can take,
 * MH.fitText(ctx, text, maxWidth) a line cut to fit, MH.whereText(texts, centre, zoom) the footer's place,
 * MH.snapshotName(name, ratio) the file's name, MH.keepStyle(node, property) the CSS copied into the picture.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};
  // Largest canvas Chromium and Firefox allow (per side, and in total pixels); beyond it toBlob fails.
  var MAX_SIDE = 16384, MAX_AREA = 16384 * 16384 / 2;
  var BLANK = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
  // Buttons (and the interactive mini-map) mean nothing on paper: left out of the copy, which also saves
  // ~0.85 s of cloning. The legend, when it goes beside the map, is only made
  // invisible: it shares its corner with the scale bar, and the copy carries each corner's computed offsets.
  var LEFT_OUT = ["leaflet-control-zoom", "leaflet-control-fullscreen", "leaflet-control-layers", "mh-camera",
                  "mh-share", "leaflet-control-measure", "leaflet-popup-pane", "leaflet-control-minimap"];

  function hasClass(node, names) {
    if (!node.classList) { return false; }
    for (var i = 0; i < names.length; i++) { if (node.classList.contains(names[i])) { return true; } }
    return false;
  }

  function waitFor(target, event, ms) {
    return new Promise(function (resolve) {
      var done = false;
      function finish() { if (!done) { done = true; target.off(event, finish); resolve(); } }
      target.on(event, finish);
      setTimeout(finish, ms);
    });
  }

  // A settled map: no pan or zoom under way, every tile layer loaded (bounded), two frames painted.
  MH.settle = function (map, tileTimeout) {
    var steps = [];
    if (map._mhMoving) { steps.push(waitFor(map, "moveend", 3000)); }
    return Promise.all(steps).then(function () {
      var loading = [];
      map.eachLayer(function (layer) {
        if (layer instanceof L.GridLayer && layer.isLoading && layer.isLoading()) {
          loading.push(waitFor(layer, "load", tileTimeout || 5000));
        }
      });
      return Promise.all(loading);
    }).then(function () {
      return new Promise(function (resolve) { requestAnimationFrame(function () { requestAnimationFrame(resolve); }); });
    });
  };

  function track(map) {
    if (map._mhTracked) { return; }
    map._mhTracked = true;
    map.on("movestart zoomstart", function () { map._mhMoving = true; });
    map.on("moveend", function () { map._mhMoving = false; });
  }

  // The ratio asked for, less 1 at a time while the canvas would pass the browser's limits (never under 1).
  MH.clampRatio = function (w, h, ratio) {
    var r = ratio;
    while (r > 1 && (w * r > MAX_SIDE || h * r > MAX_SIDE || w * h * r * r > MAX_AREA)) { r -= 1; }
    return r;
  };

  function dataUrlToBlob(url) {
    var comma = url.indexOf(",");
    if (comma < 0 || url.slice(0, comma).indexOf("image/png") < 0) { return null; }
    var bytes = atob(url.slice(comma + 1)), out = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { out[i] = bytes.charCodeAt(i); }
    return new Blob([out], {type: "image/png"});
  }

  // A line as the context measures it: whole if it fits, else cut and ended with an ellipsis.
  var fitText = MH.fitText = function (ctx, text, maxWidth) {
    if (ctx.measureText(text).width <= maxWidth) { return text; }
    while (text.length > 1 && ctx.measureText(text + "…").width > maxWidth) { text = text.slice(0, -1); }
    return text + "…";
  };

  // The footer's place: centre and zoom in words, then as the share link's parameters.
  MH.whereText = function (texts, centre, zoom) {
    var lat = centre.lat.toFixed(5), lng = centre.lng.toFixed(5);
    return (texts.centre || "Centre") + " " + lat + ", " + lng + " · " + (texts.zoom || "zoom") + " " + zoom
      + " · center=" + lat + "," + lng + "&zoom=" + zoom;
  };

  // The PNG's name: the view's (map.mhView.filename), its pixel ratio when above 1.
  MH.snapshotName = function (name, ratio) { return (name || "minhang-map") + (ratio > 1 ? "@" + ratio + "x" : "") + ".png"; };

  // CSS properties that never change a still picture of this map: motion, scrolling, interaction,
  // printing, grids, masks, logical duplicates of the physical box properties, typography it does not use.
  // dom-to-image-more reads every computed property (479 in Chromium) of every cloned node: copying the
  // ~150 that matter takes a quarter of a district capture off. Kept on purpose: columns and list-style
  // (an export's numbered key), SVG geometry and paint.
  var STILL = new RegExp("^(-webkit-)?(animation|transition|scroll|overscroll|scrollbar|break-|page|row-rule|rule-|" +
    "speak|caret|cursor|pointer-events|user-|touch-action|will-change|contain|container|content-visibility|offset|" +
    "perspective|backface|text-emphasis|ruby|math|counter|quotes|resize|orphans|widows|tab-size|hyphen|marker|" +
    "view-|anchor|position-|inset-|app-region|highlight|tap-highlight|locale|rtl-ordering|print|text-security|" +
    "line-break|interpolate-size|field-sizing|reading-|timeline|trigger|interest-|overlay|interactivity|" +
    "dynamic-range|initial-letter|shape-(image|margin|outside)|color-interpolation|color-rendering|" +
    "buffered-rendering|accent-color|outline|forced-color|grid|mask|" +
    "box-(align|direction|flex|ordinal|orient|pack|reflect|decoration)|corner-|border-image|" +
    "(border|margin|padding)-(block|inline)|(min-|max-)?(block|inline)-size|overflow-(block|inline|anchor|clip)|" +
    "border-(start|end)-|font-(variant|synthesis|feature|language|palette|optical|size-adjust|kerning)|" +
    "text-(box|spacing|autospace|fit|justify|combine|size-adjust|align-last|orientation|underline)|" +
    "table-layout|caption-side|empty-cells|border-collapse|border-(horizontal|vertical)-spacing|" +
    "image-orientation|object-view-box|frame-sizing|window-drag|margin-trim|color-scheme|baseline-source|" +
    "flood-|lighting-color|stop-|font-smoothing|line-clamp|appearance|flex-line-count|border-shape)");
  MH.keepStyle = function (node, name) { return !STILL.test(name); };

  // dom-to-image-more: inline in an exported map; in the app fetched when the camera is first opened
  // (MH.camera's "library", kept on its map), so the ~10 KB gzipped most readers never use stay off the first load.
  function domToImage(map) {
    if (window.domtoimage) { return Promise.resolve(window.domtoimage); }
    if (!map.mhCameraLibrary) { return Promise.reject(new Error("dom-to-image-more is not loaded")); }
    return MH.loadScript(map.mhCameraLibrary).then(function () { return window.domtoimage; });
  }

  MH.capture = function (map, opts) {
    var o = opts || {}, requested = o.ratio || 1, view = map.mhView || {}, texts = o.texts || {};
    var container = map.getContainer(), failed = [], domtoimage;
    track(map);
    return MH.settle(map, o.tileTimeout).then(function () { return domToImage(map); }).then(function (lib) {
      domtoimage = lib;
      var size = map.getSize(), legend = container.querySelector(".mh-legend:not(.mh-key)");
      var outside = !!(o.legendOutside && legend);
      // A legend folded to its title (as on a phone) goes beside the map open, then folds again.
      var folded = outside ? [].filter.call(legend.querySelectorAll("details"), function (d) { return !d.open; }) : [];
      folded.forEach(function (d) { d.open = true; });
      var refold = function () { folded.forEach(function (d) { d.open = false; }); };
      var legendW = outside ? Math.ceil(legend.getBoundingClientRect().width) + 24 : 0;
      var pad = 16, titleH = view.progress ? 96 : 78, footH = 30;
      var fullW = size.x + legendW + 2 * pad, fullH = titleH + size.y + footH;
      var ratio = MH.clampRatio(fullW, fullH, requested);
      var filter = function (node) { return !hasClass(node, LEFT_OUT); };
      var hide = function (clone) {
        // The bottom corners lose controls (the mini-map): pin them to the bottom again, since the copy
        // carries the computed top offset they had with those controls in place.
        // Their computed height is copied too: with the mini-map gone, the attribution would hang that high.
        clone.querySelectorAll(".leaflet-bottom").forEach(function (corner) {
          corner.style.top = "auto";
          corner.style.height = "auto";
        });
        // A legend taller than its box scrolls; a picture of it shows no scroll bars (nor does the live map).
        clone.querySelectorAll(".mh-legend").forEach(function (el) { el.style.scrollbarWidth = "none"; });
        if (!outside) { return; }
        clone.querySelectorAll(".mh-legend:not(.mh-key)").forEach(function (el) {
          el.style.setProperty("visibility", "hidden", "important");
        });
      };
      // No web fonts to embed (the page uses system fonts), so skip looking for them.
      var common = {imagePlaceholder: BLANK, cacheBust: false, httpTimeout: 8000, disableEmbedFonts: true,
                    filterStyles: MH.keepStyle, onImageError: function (e) { failed.push(e.url); }};
      var jobs = [domtoimage.toCanvas(container, Object.assign({filter: filter, onclone: hide, scale: ratio, width: size.x,
                                                                height: size.y}, common))];
      if (outside) {
        // The legend alone, open, at its own size.
        jobs.push(domtoimage.toCanvas(legend, Object.assign({scale: ratio}, common)));
      }
      var done = Promise.all(jobs);
      done.then(refold, refold);
      return done.then(function (canvases) {
        var out = document.createElement("canvas");
        out.width = Math.round(fullW * ratio);
        out.height = Math.round(fullH * ratio);
        var ctx = out.getContext("2d");
        ctx.scale(ratio, ratio);
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, fullW, fullH);
        // Title band.
        var font = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
        ctx.fillStyle = "#1b1e21";
        ctx.font = "700 20px " + font;
        ctx.textBaseline = "top";
        ctx.fillText(fitText(ctx, view.title || "", fullW - 2 * pad), pad, 10);
        ctx.font = "13px " + font;
        ctx.fillStyle = "#495057";
        ctx.fillText(fitText(ctx, [view.subtitle, view.date].filter(Boolean).join(" · "), fullW - 2 * pad), pad, 36);
        ctx.fillText(fitText(ctx, view.summary || "", fullW - 2 * pad), pad, 55);
        if (view.progress) {  // how far what it shows has come, by the plan's groups
          ctx.fillText(fitText(ctx, view.progress, fullW - 2 * pad), pad, 74);
        }
        // The map, as framed, at the band's left edge (legend beside it when asked).
        var mapX = pad, mapY = titleH;
        ctx.drawImage(canvases[0], mapX, mapY, size.x, size.y);
        ctx.strokeStyle = "#adb5bd";
        ctx.lineWidth = 1;
        ctx.strokeRect(mapX - 0.5, mapY - 0.5, size.x + 1, size.y + 1);
        if (outside) {
          var lc = canvases[1];
          ctx.drawImage(lc, mapX + size.x + 24, mapY, lc.width / ratio, lc.height / ratio);
        }
        // Footer: the short citation (layers/view/cite.py), centre and zoom (the share link's parameters), tiles that refused. The credits are on the
        // map itself, as the reader saw them: printed once.
        var centre = map.getCenter(), zoom = map.getZoom(), where = MH.whereText(texts, centre, zoom);
        ctx.font = "11px " + font;
        ctx.fillStyle = "#495057";
        var footY = mapY + size.y + 8;
        var notice = failed.length ? " · " + (texts.tiles || "{n} tiles could not be embedded; the offline basemap shows there")
          .replace("{n}", failed.length) : "";
        ctx.fillText(fitText(ctx, [view.cite, where + notice].filter(Boolean).join(" · "), fullW - 2 * pad), pad, footY);
        var result = {width: out.width, height: out.height, ratio: ratio, requestedRatio: requested,
                      map: {x: mapX * ratio, y: mapY * ratio, w: size.x * ratio, h: size.y * ratio},
                      failed: failed.length, centre: [centre.lat, centre.lng], zoom: zoom};
        // toDataURL, not toBlob: the same PNG encoder, but toBlob's callback can come a second or more
        // late (measured in headless Chromium: 0.4-2.6 s against 0.07-0.13 s; bench/bench_camera.py).
        var blob = dataUrlToBlob(out.toDataURL("image/png"));
        if (!blob) { throw new Error("the browser could not encode the image"); }
        result.blob = blob;
        map.mhLastCapture = result;
        return result;
      });
    });
  };

  function download(blob, name) {
    var url = URL.createObjectURL(blob), a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 24 24" fill="none" ' +
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' +
    '<path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z"/>' +
    '<circle cx="12" cy="13.5" r="3.5"/></svg>';

  MH.camera = function (map, options) {
    var o = options || {}, t = o.texts || {}, ratios = o.ratios || [1, 2, 4];
    map.mhCameraLibrary = o.library || null;
    track(map);
    MH.control(map, o.position || "topleft", "leaflet-bar mh-camera", function (box) {
      var button = MH.barButton(box, "mh-camera-button", t.tooltip || "Snapshot: download this view as PNG");
      button.innerHTML = ICON;  // our own constant markup; data text is only ever set as textContent
      var menu = L.DomUtil.create("div", "mh-camera-menu", box);
      menu.hidden = true;
      var heading = L.DomUtil.create("div", "mh-camera-heading", menu);
      heading.textContent = t.heading || "Snapshot of this view";
      var row = L.DomUtil.create("div", "mh-camera-ratios", menu);
      ratios.forEach(function (r, i) {
        var label = L.DomUtil.create("label", "", row), input = L.DomUtil.create("input", "", label);
        input.type = "radio";
        input.name = "mh-ratio";
        input.value = String(r);
        input.checked = o.ratio ? r === o.ratio : i === 0;  // the default the map gives (2×), else the first
        label.appendChild(document.createTextNode(" " + r + "×"));
      });
      var legendLabel = L.DomUtil.create("label", "mh-camera-option", menu);
      var legendBox = L.DomUtil.create("input", "", legendLabel);
      legendBox.type = "checkbox";
      legendBox.name = "mh-legend-outside";
      legendLabel.appendChild(document.createTextNode(" " + (t.legendOutside || "Legend beside the map")));
      var go = L.DomUtil.create("button", "mh-camera-go", menu);
      go.type = "button";
      go.textContent = t.download || "Download PNG";
      var status = L.DomUtil.create("div", "mh-camera-status", menu);
      var linkLabel = L.DomUtil.create("div", "mh-camera-heading", menu);
      linkLabel.textContent = t.link || "Link to this view";
      var link = L.DomUtil.create("input", "mh-camera-link", menu);
      link.readOnly = true;
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.preventDefault(e);
        menu.hidden = !menu.hidden;
        link.value = MH.shareLink(map);
        if (!menu.hidden) { domToImage(map).catch(function () { /* said when the snapshot is asked for */ }); }
      });
      map.on("moveend", function () { if (!menu.hidden) { link.value = MH.shareLink(map); } });
      L.DomEvent.on(link, "focus", function () { link.select(); });
      L.DomEvent.on(go, "click", function () {
        var ratio = +(menu.querySelector("input[name=mh-ratio]:checked") || {value: 1}).value;
        go.disabled = true;
        status.textContent = t.working || "Preparing…";
        var started = performance.now();
        MH.capture(map, {ratio: ratio, legendOutside: legendBox.checked, texts: t}).then(function (shot) {
          var name = MH.snapshotName(map.mhView && map.mhView.filename, shot.ratio);
          download(shot.blob, name);
          var msg = (t.done || "Saved {name} ({w} × {h})").replace("{name}", name).replace("{w}", shot.width)
            .replace("{h}", shot.height);
          if (shot.ratio < shot.requestedRatio) {
            msg += " · " + (t.clamped || "reduced to {r}× (browser limit)").replace("{r}", shot.ratio);
          }
          status.textContent = msg;
          map.fire("mh:snapshot", {name: name, ms: performance.now() - started, shot: shot});
        }).catch(function (err) {
          status.textContent = (t.failed || "Snapshot failed: {e}").replace("{e}", String(err && err.message || err));
        }).then(function () { go.disabled = false; });
      });
    });
  };
})();
