/* Minhang strategy map: the reader door's camera (layers/export/door.py), fetched with the camera's own code once the
 * map can be tapped. The app words a view for its camera on the server (layers/view/words.py snapshot_info); the
 * door has no server, so this ports it, from the rules (minhang-rules.js) and the camera's words
 * (door.py camera_words: the filters' names and values, the basemaps', the dates').
 *
 * - MH.viewInfo(link, rules, shown, words): what the camera writes around a snapshot of the link's view: title,
 *   subtitle, the filter summary (words.filter_summary), the story (MH.story), the day, the basemap, the file's name
 *   (words.view_name, map_parts) and the short citation (cite.short_citation). tests/export/test_door_rules.py holds
 *   it to snapshot_info over hundreds of links.
 * - MH.doorCamera(map, link, rules, shown, options): the camera control (MH.camera) on the door's map, the view's
 *   words on the map (map.mhView) as MH.planView puts the app's there.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  // words._slug: ASCII letters and digits, the rest one "-", cut to ``limit``.
  function slug(text, limit) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    return ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, limit).replace(/^-+|-+$/g, "");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  function narrows(link, f) {
    var chosen = link.lists[f.key];
    return chosen !== null && chosen.length !== f.values.length;
  }

  // words.asof_summary: whose statuses a map shows.
  function summaryOf(when, rules, w) {
    var kind = when === rules.dates.plan ? "plan" : when === rules.dates.latest ? "latest" : "date";
    return fill(w["asof_summary_" + kind], {date: when});
  }

  // words.filter_summary.
  function filterSummary(link, rules, shown, w) {
    var bits = rules.lists.filter(function (f) { return narrows(link, f); }).map(function (f) {
      var labels = link.lists[f.key].map(function (v) { return w.values[f.key][v]; });
      return w.titles[f.key] + ": " + (labels.join(", ") || "\u2014");
    });
    bits.push(summaryOf(link.asof, rules, w));
    if (link.since) { bits.push(fill(w.summary_since, {since: link.since})); }
    if (link.compare) { bits.push(fill(w.summary_compare, {other: summaryOf(link.compare, rules, w)})); }
    if (link.q) { bits.push("\u201c" + link.q + "\u201d"); }
    if (link.near !== null) { bits.push(fill(w.summary_near, {r: MH.metresText(link.near, link.lang)})); }
    bits.push(w.basemaps[link.basemap]);
    bits.push(shown.matches.length + " " + (link.lang === "en" ? "features" : "\u4e2a\u8981\u7d20"));
    return bits.join(" \u00b7 ");
  }

  // words.view_name (map_parts): the file's name, always safe.
  function viewName(link, rules) {
    var parts = ["minhang"], dates = rules.dates;
    rules.lists.forEach(function (f) {
      if (narrows(link, f)) { parts.push(link.lists[f.key].map(function (v) { return v.replace(/_/g, ""); }).join("-") || "none"); }
    });
    if (link.asof !== dates.latest) { parts.push("asof-" + link.asof); }
    if (link.since) { parts.push("since-" + link.since); }
    if (link.compare) { parts.push("vs-" + link.compare); }
    if (link.q) { parts.push("q-" + (slug(link.q, 30) || "search")); }
    if (link.near !== null) { parts.push("near-" + link.near + "m"); }
    if (link.feature) { parts.push(slug(link.feature, 40)); }
    if (link.basemap !== rules.basemaps[0]) { parts.push(link.basemap); }
    if (link.lang !== rules.languages[0]) { parts.push(link.lang); }
    parts.push(dates.today);
    return parts.filter(Boolean).join("-").slice(0, 150).replace(/^-+|-+$/g, "");
  }

  MH.viewInfo = function (link, rules, shown, words) {
    var w = words, dates = rules.dates, pinned = link.asof === dates.latest ? dates.today : link.asof;
    var asofWords = pinned === dates.plan ? w.asof_summary_plan : fill(w.asof_summary_date, {date: pinned});
    return {title: rules.title[link.lang], subtitle: w.subtitle, summary: filterSummary(link, rules, shown, w),
            progress: MH.story(link, rules, shown), date: dates.today, basemap: w.basemaps[link.basemap],
            filename: viewName(link, rules), pinned: pinned, pinnedText: summaryOf(pinned, rules, w),
            cite: fill(w.cite_short, {title: rules.title[link.lang], asof: asofWords, today: dates.today})};
  };

  MH.doorCamera = function (map, link, rules, shown, options) {
    return MH.fetchJSON(options.words).then(function (words) {
      map.mhView = MH.viewInfo(link, rules, shown, words);
      MH.camera(map, options.camera);
    });
  };
})();
