/* Minhang strategy map: the share control (layers/maps/elements/share.py).
 *
 * MH.share(map, options): a button under the camera; its panel offers this view's link pinned to the date
 * it shows (map.mhView.pinned), the same link following the latest report, the pinned link to the reader door
 * (options.door: its address from the app's root; layers/export/door.py), and an <iframe> snippet of the map
 * alone (embed=true). Each is read-only text the reader copies (a button copies it where the browser lets
 * us). Links come from MH.shareLink (minhang-map.js); every text is set as textContent or a value.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 24 24" fill="none" ' +
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' +
    '<circle cx="18" cy="5" r="3"/><circle cx="6" cy="12" r="3"/><circle cx="18" cy="19" r="3"/>' +
    '<path d="M8.6 13.5l6.8 4M15.4 6.5l-6.8 4"/></svg>';

  function embedSnippet(url, size, title) {
    var frame = document.createElement("iframe");  // the browser escapes the attributes it serialises
    frame.setAttribute("src", url);
    frame.setAttribute("width", String(size[0]));
    frame.setAttribute("height", String(size[1]));
    frame.setAttribute("style", "border:0");
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("title", title);
    return frame.outerHTML;
  }

  MH.share = function (map, options) {
    var o = options || {}, t = o.texts || {}, size = o.embedSize || ["100%", "420"];
    MH.control(map, o.position || "topleft", "leaflet-bar mh-share", function (box) {
      var button = MH.barButton(box, "mh-share-button", t.tooltip || "Share this view");
      button.innerHTML = ICON;  // our own constant markup
      var menu = L.DomUtil.create("div", "mh-camera-menu mh-share-menu", box);
      menu.hidden = true;
      L.DomUtil.create("div", "mh-camera-heading", menu).textContent = t.heading || "Share this view";
      var fields = {};
      var kinds = [["pinned", "input"], ["latest", "input"]].concat(o.door ? [["door", "input"]] : [], [["embed", "textarea"]]);
      kinds.forEach(function (pair) {
        var label = L.DomUtil.create("label", "mh-share-label", menu);
        var caption = L.DomUtil.create("span", "", label);
        var field = L.DomUtil.create(pair[1], "mh-share-" + pair[0], label);
        field.readOnly = true;
        if (pair[1] === "textarea") { field.rows = 3; }
        var copy = L.DomUtil.create("button", "mh-share-copy", label);
        copy.type = "button";
        copy.textContent = t.copy || "Copy";
        L.DomEvent.on(field, "focus", function () { field.select(); });
        L.DomEvent.on(copy, "click", function (e) {
          L.DomEvent.preventDefault(e);
          field.select();
          var done = function () { copy.textContent = t.copied || "Copied"; };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
          } else { document.execCommand("copy"); done(); }
        });
        fields[pair[0]] = {field: field, caption: caption, copy: copy};
      });
      function refresh() {
        var view = map.mhView || {};
        fields.pinned.caption.textContent = (t.pinned || "Link ({asof})").replace("{asof}", view.pinnedText || "");
        fields.latest.caption.textContent = t.latest || "Link that follows the latest report";
        fields.embed.caption.textContent = t.embed || "Embed the map in a page";
        fields.pinned.field.value = MH.shareLink(map);
        fields.latest.field.value = MH.shareLink(map, {asof: null});
        fields.embed.field.value = embedSnippet(MH.shareLink(map, {embed: "true"}), size, o.title || "");
        if (fields.door) {
          // The door beside the app (under its root), on the same view: the pinned link's parameters.
          var pinned = new URL(fields.pinned.field.value);
          fields.door.caption.textContent = t.door || "Reader's link";
          fields.door.field.value = new URL(o.door, pinned.origin + pinned.pathname.replace(/\/?$/, "/")).href + pinned.search;
        }
        Object.keys(fields).forEach(function (k) { fields[k].copy.textContent = t.copy || "Copy"; });
      }
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.preventDefault(e);
        menu.hidden = !menu.hidden;
        if (!menu.hidden) { refresh(); }
      });
      map.on("moveend mh:plan", function () { if (!menu.hidden) { refresh(); } });
    });
  };
}());
