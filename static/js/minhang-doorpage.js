/* Minhang strategy map: the reader door's own page script (layers/export/door.py), inlined in its head so that it
 * runs before anything paints. No MH: it needs nothing and gives nothing to the map's modules.
 *
 * - The page's language from its address, by the app's rule: ?lang=zh is Chinese, anything else English
 *   (static/css/door.css shows the words in it; the features' tooltips take their names in it).
 * - The explore links carry the address's parameters to the app (as an address, never as markup).
 * - A link that asks for more than the language: the door draws the default view, and says so over the map.
 */
(function () {
  "use strict";
  var query = location.search, zh = /[?&]lang=zh(&|$)/.test(query);
  document.documentElement.lang = zh ? "zh" : "en";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".mh-explore, .mh-explore-asks").forEach(function (a) {
      var href = a.getAttribute("href");
      a.href = !query ? href : href.indexOf("?") < 0 ? href + query : href + "&" + query.slice(1);
    });
    if (zh) {
      document.querySelectorAll("title[data-other]").forEach(function (e) { e.textContent = e.getAttribute("data-other"); });
    }
    var asks = [], notice = document.getElementById("mh-asks");
    new URLSearchParams(query).forEach(function (value, name) { if (name !== "lang") { asks.push(name); } });
    if (notice) { notice.hidden = !asks.length; }  // the door's own page has it; a feature's page none
  });
})();
