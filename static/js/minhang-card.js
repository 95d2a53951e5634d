/* Minhang strategy map: what a tap or a click on a plan feature opens (minhang-plan.js binds it).
 *
 * - MH.cards(map, plan, texts): for the plan drawn on ``map`` (its layers, which are shown, its data), a phone's
 *   card (open(i), close()) and the "which one?" list where several features lie under the pointer (which(i,
 *   point)). What shows is kept on the plan: plan.carded (the id whose card shows), plan.sheet, plan.chooser.
 * - MH.near(map, layers, on, point, reach): the shown features within reach of a point, nearest first.
 *
 * On a narrow map (a phone) a tap on a feature opens a card at the map: its tooltip (name, category,
 * status), the plan's sentence and a link down to the page's details panel. A pick in the list or the card's
 * close button tells the page (MH.post). Tooltips are HTML escaped on the server (layers/view/details.py
 * tooltip_html); names and the plan's sentence are set as text.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // The page's details panel (a CSS selector), in the Streamlit page around the map's frame (same origin).
  function showDetails(selector) {
    try {
      var panel = window.parent.document.querySelector(selector);
      if (panel) { panel.scrollIntoView({behavior: "smooth", block: "start"}); }
    } catch (e) { /* a page we cannot reach: the card is all there is */ }
  }

  // A phone's card: a sheet along the map's foot, over the controls there (hidden while it shows, so none
  // lies over it), its link to the full details always in view. Short: the tooltip's lines (names, status
  // with its date, last checked), then the plan's sentence, clamped to two lines (English on the English
  // page, our translation), the rest a tap away. ``onClose`` runs when its close button is pressed.
  function card(feature, texts, onClose) {
    var p = feature.properties, div = L.DomUtil.create("div", "mh-card");
    var close = L.DomUtil.create("button", "mh-card-close", div);
    close.type = "button";
    close.textContent = "\u00d7";
    close.title = texts.close || "";
    close.setAttribute("aria-label", texts.close || "");
    L.DomEvent.on(close, "click", function (e) { L.DomEvent.stop(e); onClose(); });
    L.DomUtil.create("div", "mh-card-tip", div).innerHTML = p.tip;  // escaped on the server
    if (p.pv) { L.DomUtil.create("div", "mh-card-verdict", div).textContent = p.pv; }  // the door's: the promise's verdict
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
    if (texts.cards) { reports(div, p, texts); }
    if (texts.details) {
      var more = L.DomUtil.create("a", "mh-card-more", div);
      more.href = "#";
      more.textContent = (texts.fullDetails || "Details") + " \u2193";
      L.DomEvent.on(more, "click", function (e) { L.DomEvent.preventDefault(e); showDetails(texts.details); });
    }
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  }

  // The reader door's card (texts.cards: a file per feature, "{id}" in its address): a button that fetches its
  // facts (as of the date shown: p.day, MH.datedPlan's) and its reports with their quotes (escaped on the server,
  // layers/view/details.py, as the tooltip) and shows them in the card.
  function reports(div, p, texts) {
    var button = L.DomUtil.create("button", "mh-card-reports", div), more = L.DomUtil.create("div", "mh-card-extra", div);
    button.type = "button";
    button.textContent = texts.reports || "More";
    L.DomEvent.on(button, "click", function (e) {
      L.DomEvent.stop(e);
      button.disabled = true;
      MH.fetchJSON(texts.cards.replace("{id}", encodeURIComponent(p.id))).then(function (c) {
        var facts = c.facts;
        if (p.day === "plan") { facts = c.plan || facts; } else if (p.day) {
          c.steps.forEach(function (step) { if (step[0] <= p.day) { facts = step[1]; } });
        }
        more.innerHTML = facts + c.events;  // escaped on the server
        button.remove();
      }).catch(function () { button.disabled = false; });
    });
  }

  // Where a feature's card keeps it in view: a point's place, a line's or an area's label point, else its middle.
  function anchor(layer) {
    if (layer.getLatLng) { return layer.getLatLng(); }
    var lp = layer.feature.properties.lp;
    return lp ? L.latLng(lp[0], lp[1]) : layer.getBounds().getCenter();
  }

  // The "which one?" list: a button per feature of ``near`` (the one ``clicked`` marked current); ``pick(i)`` runs
  // on a tap.
  function whichList(layers, near, clicked, texts, pick) {
    var box = L.DomUtil.create("div", "mh-which");
    L.DomUtil.create("div", "mh-which-title", box).textContent =
      (texts.whichOne || "Which one? {n} here").replace("{n}", near.length);
    near.forEach(function (i) {
      var p = layers[i].feature.properties, item = L.DomUtil.create("button", "mh-which-item", box);
      item.type = "button";
      item.textContent = p.label || p.id;
      if (i === clicked) { item.setAttribute("aria-current", "true"); }
      L.DomEvent.on(item, "click", function (e) { L.DomEvent.stop(e); pick(i); });
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  }

  MH.cards = function (map, plan, texts) {
    // The card's close button: the page deselects it too (layers/view/selection.py card_closed), so feature=
    // leaves the address.
    function closed() {
      var id = plan.carded;
      closeCard();
      if (texts.details && MH.inApp()) { MH.post({closed: id, at: Date.now()}); }
    }

    function closeCard() {
      if (plan.sheet) { plan.sheet.remove(); plan.sheet = null; }
      L.DomUtil.removeClass(map.getContainer(), "mh-carded");
      plan.carded = null;
    }

    function openCard(i) {
      var layer = plan.layers[i];
      closeCard();
      plan.carded = layer.feature.properties.id;
      if (layer.closeTooltip) { layer.closeTooltip(); }
      plan.sheet = card(layer.feature, texts, closed);
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
      var box = whichList(plan.layers, near, clicked, texts, function (i) {
        var id = plan.layers[i].feature.properties.id;
        if (plan.chooser) { map.closePopup(plan.chooser); plan.chooser = null; }
        if (MH.narrow(map)) { openCard(i); }
        if (MH.inApp()) { MH.post({last_active_drawing: {id: id, properties: {id: id}}}); }
      });
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

    return {open: openCard, close: closeCard, which: which};
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
})();
