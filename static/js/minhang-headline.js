/* Minhang strategy map: the words over and beside the map that count the view (layers/view/rollup.py).
 *
 * - MH.headline(map, spec, post, hint): the story over the map, one sentence of how far the plan has come.
 * - MH.ledger(map, control, spec, post, hint): the promises' summary beside the map, a table of verdicts.
 * - MH.countButton(parent, text, key, post, hint): a count in either; with ``post`` (in the app) a button that
 *   tells the page which count was picked (MH.post: {headline: key, at: when}), and the page shows what it counts.
 *
 * Every text is set as textContent.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // The story over the map (layers/view/rollup.py story): one sentence of how far the plan has come, of the
  // view's matches as of its date; an embedded map's title before it. Its box is made once per map; spec null
  // hides it. In the app each count in it is a button (layers/view/rollup.py story_view).
  MH.headline = function (map, spec, post, hint) {
    var box = map._mhHeadline;
    if (!box) {
      box = map._mhHeadline = L.DomUtil.create("div", "mh-headline", map.getContainer());
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
    }
    box.textContent = "";
    box.hidden = !spec;
    if (!spec) { return box; }
    if (spec.title) { L.DomUtil.create("b", "mh-headline-title", box).textContent = spec.title; }
    (spec.parts || []).forEach(function (part) {
      if (part.key) {
        MH.countButton(box, part.text, part.key, post, hint);
      } else {
        box.appendChild(document.createTextNode(part.text));
      }
    });
    return box;
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
    // Under the layer control; on a phone at the bottom, clear of the story, as the legend is.
    control = control || MH.control(map, MH.narrow(map) ? "bottomright" : "topright", "mh-ledger leaflet-control");
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
})();
