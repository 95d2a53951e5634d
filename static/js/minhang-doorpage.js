/* Minhang strategy map: the reader door's own page (layers/export/door.py), inlined in it so that it runs before
 * anything paints. The link's view is decided by the app's rules (MH.parseLink, MH.shownBy: minhang-rules.js).
 *
 * - MH.doorLang(rules): in the head, the page's language from its address, as the app reads it (static/css/door.css
 *   then shows the words in it).
 * - MH.doorPage(rules): right after the poster: the poster keeps what the link's view draws (the region outlines on,
 *   the matches, the selection); a view that narrows says how many places it shows in place of the whole plan's
 *   story; parameters that were not understood, or that the door leaves to the app (a search, a date, a framing),
 *   are said; the explore links carry the address to the app, and the features' names are in the page's language.
 *   Returns the link (MH.door draws the same on the map).
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  MH.doorLang = function (rules) {
    document.documentElement.lang = MH.parseLink(location.search, rules).lang;
  };

  // Show or hide what the page has of ``selector`` (a feature's page has no poster, story or notices).
  function show(selector, on) {
    document.querySelectorAll(selector).forEach(function (el) { el.hidden = !on; });
  }

  MH.doorPage = function (rules) {
    var query = location.search, link = MH.parseLink(query, rules), shown = MH.shownBy(link, rules), keep = {};
    shown.ids.concat(shown.selected ? [shown.selected] : []).forEach(function (id) { keep[id] = true; });
    document.querySelectorAll(".mh-poster [data-feature]").forEach(function (el) {
      if (!keep[el.getAttribute("data-feature")]) { el.remove(); }
    });
    if (MH.narrowed(link, rules)) {
      var matches = shown.ids.filter(function (id) { return rules.kinds[rules.ids.indexOf(id)] !== "region"; });
      var total = rules.kinds.filter(function (kind) { return kind !== "region"; }).length;
      document.querySelectorAll(".mh-matching [data-template]").forEach(function (el) {
        el.textContent = el.getAttribute("data-template").replace("{n}", matches.length).replace("{total}", total);
      });
      show(".mh-story:not(.mh-matching)", false);
      show(".mh-matching", true);
    }
    show("#mh-ignored", link.notices.length > 0);
    show("#mh-asks", link.asks.length > 0);
    // The explore links, wherever they are (the door's below the poster, parsed after this runs).
    function carry() {
      document.querySelectorAll(".mh-explore, .mh-explore-asks").forEach(function (a) {
        var href = a.getAttribute("href");
        a.href = !query ? href : href.indexOf("?") < 0 ? href + query : href + "&" + query.slice(1);
      });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", carry); } else { carry(); }
    if (link.lang === "zh") {
      document.querySelectorAll("title[data-other]").forEach(function (e) { e.textContent = e.getAttribute("data-other"); });
    }
    return link;
  };
})();
