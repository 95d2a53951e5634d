/* Minhang strategy map: a link's view decided in the browser by the app's own rules, for the reader door, which has
 * no server to ask. Each function names the Python it ports: layers/view/spec.py (from_query_params and its
 * helpers), layers/view/filters.py (shown_by, the search, near_statuses), layers/view/changes.py (differing),
 * layers/view/rollup.py (story, near_story) and layers/maps/live.py (rings).
 *
 * The rules come from Python as data (layers/export/door.py view_rules): the parameters and their limits, the list
 * filters, each feature's id, kind and field values as of the latest report and, for statuses and verdicts, as of
 * every day they changed, each feature's search words, the words of the notices and the story in each language,
 * and the stations with each feature's straight-line distances to them (live.py near_rules).
 * tests/export/test_door_rules.py holds these functions to the Python over hundreds of generated links.
 *
 * - MH.parseLink(search, rules): {lists: {key: values or null}, q, near, basemap, lang, feature, center, zoom,
 *   asof, since, compare, notices: [{key, values}]}: FilterSpec.from_query_params.
 * - MH.shownBy(link, rules): {ids: the region outlines on, then the matches, in the data's order; matches;
 *   selected; ringed: the matches whose status differs on the since day, else the compare date; near: with
 *   near=, each match's best station status}.
 * - MH.nearRings(link, rules, shown, near, datum): with near=, the rings the map draws round stations (live.rings).
 * - MH.metresText(m, lang): a distance as the page writes it (near.metres_text).
 * - MH.fieldAt(rules, field, i, when): feature i's value of a field as of an asof value.
 * - MH.narrowed(link, rules): whether a search, a distance from stations or a list filter leaves some of the plan
 *   out.
 * - MH.story(link, rules, shown): the sentence over the map, as the app words it.
 * - MH.noticeText(notice, words): a notice in the page's words, its values put in (Notice.text).
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};
  // Python's whitespace (str.strip, str.split): JavaScript's trim() and \s differ at \x1c-\x1f, \x85 and \ufeff.
  var SPACE = "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

  function strip(text) {
    var a = 0, b = text.length;
    while (a < b && SPACE.indexOf(text.charAt(a)) >= 0) { a++; }
    while (b > a && SPACE.indexOf(text.charAt(b - 1)) >= 0) { b--; }
    return text.slice(a, b);
  }

  function words(text) {
    var out = [], word = "";
    Array.from(text).forEach(function (ch) {
      if (SPACE.indexOf(ch) >= 0) { if (word) { out.push(word); } word = ""; } else { word += ch; }
    });
    return word ? out.concat([word]) : out;
  }

  // Whether a code point lies in one of the rules' [first, last] ranges (sorted).
  function among(cp, ranges) {
    var lo = 0, hi = ranges.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cp < ranges[mid][0]) { hi = mid - 1; } else if (cp > ranges[mid][1]) { lo = mid + 1; } else { return true; }
    }
    return false;
  }

  function hex(cp, width) { return ("0000000" + cp.toString(16)).slice(-width); }

  // Python's repr of a string (spec._show quotes a value with it).
  function pyRepr(text, unprintable) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    return quote + Array.from(text).map(function (ch) {
      var cp = ch.codePointAt(0);
      if (ch === quote || ch === "\\") { return "\\" + ch; }
      if (ch === "\t") { return "\\t"; }
      if (ch === "\n") { return "\\n"; }
      if (ch === "\r") { return "\\r"; }
      if (cp === 32 || !among(cp, unprintable)) { return ch; }
      return cp < 0x100 ? "\\x" + hex(cp, 2) : cp < 0x10000 ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
    }).join("") + quote;
  }

  // spec._show: a value quoted for a notice, shortened.
  function show(value, rules) {
    var chars = Array.from(value);
    return pyRepr(chars.length <= 40 ? value : chars.slice(0, 40).join("") + "\u2026", rules.text.unprintable);
  }

  // spec._clean_text: control, format and lone surrogate characters dropped, then stripped.
  function clean(text, rules) {
    return strip(Array.from(text).filter(function (ch) { return !among(ch.codePointAt(0), rules.text.dropped); })
      .join(""));
  }

  // Python's float() of a stripped text: NaN where it raises (null), else the number.
  function pyFloat(text) {
    var digits = "\\d(?:_?\\d)*";
    var number = new RegExp("^[+-]?(?:" + digits + "(?:\\.(?:" + digits + ")?)?|\\." + digits + ")(?:[eE][+-]?" +
      digits + ")?$");
    var t = strip(text);
    if (number.test(t)) { return Number(t.replace(/_/g, "")); }
    var word = t.toLowerCase().replace(/^[+-]/, "");
    if (word === "inf" || word === "infinity") { return t.charAt(0) === "-" ? -Infinity : Infinity; }
    return word === "nan" ? NaN : null;
  }

  function special(x) { return x !== x ? "nan" : x > 0 ? "inf" : "-inf"; }

  // Python's format(x, "g") and format(x, ".4f").
  function trimZeros(text) { return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, ""); }
  function formatG(x) {
    if (!isFinite(x)) { return special(x); }
    if (x === 0) { return 1 / x < 0 ? "-0" : "0"; }
    var parts = x.toExponential(5).split("e"), exp = Number(parts[1]), digits = String(Math.abs(exp));
    if (exp >= -4 && exp < 6) { return trimZeros(x.toFixed(5 - exp)); }
    return trimZeros(parts[0]) + "e" + (exp < 0 ? "-" : "+") + (digits.length < 2 ? "0" + digits : digits);
  }
  function fixed4(x) { return isFinite(x) ? x.toFixed(4) : special(x); }

  // Python's round(x, places): to the nearest (toFixed rounds the exact binary value), and a true tie, which only
  // a value of odd / 2^(places + 1) is, to the even digit.
  function pyRound(x, places) {
    if (!isFinite(x)) { return x; }
    var halves = x * Math.pow(2, places + 1);
    if (Math.floor(halves) === halves && Math.abs(halves) % 2 === 1) {
      var scaled = x * Math.pow(10, places), floor = Math.floor(scaled);
      return (floor % 2 === 0 ? floor : floor + 1) / Math.pow(10, places);
    }
    return Number(x.toFixed(places));
  }

  // --- dates (layers/data/asof.py) -------------------------------------------------------------------------
  function validDay(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) { return false; }
    var y = Number(text.slice(0, 4)), m = Number(text.slice(5, 7)), d = Number(text.slice(8, 10));
    var last = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= last[m - 1];
  }

  // parse_asof: "plan", "latest" or a date from the plan's date to the rules' day; null otherwise.
  function parseAsof(text, dates) {
    var value = strip(text).toLowerCase();
    if (value === dates.plan || value === dates.latest) { return value; }
    return validDay(value) && value >= dates.first && value <= dates.today ? value : null;
  }
  function dayOf(value, dates) {
    return value === dates.plan ? dates.first : value === dates.latest ? dates.today : value;
  }
  function isDate(value, dates) { return value !== dates.plan && value !== dates.latest; }

  function notice(notices, key, values) { notices.push({key: key, values: values || {}}); }

  function dateNotice(notices, key, name, text, dates) {
    notice(notices, key, {key: name, value: text, plan: dates.plan, latest: dates.latest, form: dates.form,
                          first: dates.first});
  }

  // _parse_time: asof, then since and compare, each against the date shown.
  function parseTime(raw, link, rules) {
    var dates = rules.dates, notices = link.notices;
    if ("asof" in raw) {
      var day = parseAsof(raw.asof, dates);
      if (day === null) { dateNotice(notices, "bad_asof", "asof", show(raw.asof, rules), dates); } else { link.asof = day; }
    }
    if ("since" in raw) {
      var since = parseAsof(raw.since, dates);
      if (since === null || !isDate(since, dates)) {
        dateNotice(notices, "bad_since", "since", show(raw.since, rules), dates);
      } else if (!(since < dayOf(link.asof, dates))) {
        notice(notices, "since_after", {key: "since", day: since, shown: link.asof});
      } else {
        link.since = since;
      }
    }
    if ("compare" in raw) {
      var other = parseAsof(raw.compare, dates);
      if (other === null || other === dates.latest) {
        dateNotice(notices, "bad_compare", "compare", show(raw.compare, rules), dates);
      } else if (other === link.asof) {
        notice(notices, "compare_same", {key: "compare", day: other});
      } else {
        link.compare = other;
      }
    }
  }

  // _parse_frame: center=LAT,LON and zoom=Z, both valid, or neither.
  function parseFrame(raw, link, rules) {
    if (!("center" in raw) && !("zoom" in raw)) { return; }
    var parts = (raw.center || "").split(",").map(strip), v = rules.view;
    var lat = parts.length === 2 ? pyFloat(parts[0]) : null, lon = parts.length === 2 ? pyFloat(parts[1]) : null;
    var zoom = pyFloat(strip(raw.zoom || ""));
    if (lat === null || lon === null || zoom === null) {
      notice(link.notices, "bad_view", {center: "'center'", latlon: "LAT,LON", zoom: "'zoom'"});
      return;
    }
    zoom = pyRound(zoom, 1);
    if (!(v.bounds[0] <= lat && lat <= v.bounds[1] && v.bounds[2] <= lon && lon <= v.bounds[3])) {
      notice(link.notices, "view_far", {center: fixed4(lat) + "," + fixed4(lon), order: "lat, lon"});
      return;
    }
    if (!(v.zoom[0] <= zoom && zoom <= v.zoom[1])) {
      notice(link.notices, "view_zoom", {zoom: formatG(zoom), low: v.zoom[0], high: v.zoom[1]});
      return;
    }
    link.center = [pyRound(lat, 5), pyRound(lon, 5)];
    link.zoom = zoom;
  }

  function byCodePoint(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) { return x[i].codePointAt(0) - y[i].codePointAt(0); }
    }
    return x.length - y.length;
  }

  // _single_values: one string per known parameter, the last of repeated keys; unknown, repeated and oversized
  // parameters noted.
  function single(search, rules, notices) {
    var seen = {}, out = {};
    new URLSearchParams(search).forEach(function (value, key) {
      if (!Object.prototype.hasOwnProperty.call(seen, key)) { seen[key] = []; }
      seen[key].push(value);
    });
    Object.keys(seen).sort(byCodePoint).forEach(function (key) {
      if (rules.params.indexOf(key) < 0) { notice(notices, "unknown_param", {name: show(key, rules)}); }
    });
    rules.params.forEach(function (key) {
      var values = Object.prototype.hasOwnProperty.call(seen, key) ? seen[key] : null;
      if (!values) { return; }
      if (values.length > 1) { notice(notices, "repeated", {key: show(key, rules), n: values.length}); }
      var value = values[values.length - 1], n = Array.from(value).length;
      if (n > rules.maxParam) { notice(notices, "too_long", {key: show(key, rules), n: n}); return; }
      out[key] = value;
    });
    return out;
  }

  // _parse_list: a list filter's values; null keeps the default (every value).
  function list(raw, f, rules, notices) {
    var parts = raw.split(",").map(function (p) { return strip(p).toLowerCase(); }).filter(Boolean);
    if (!parts.length) {
      if (raw === "") { return []; }  // an explicit empty list: nothing of this kind
      notice(notices, "empty_list", {key: show(f.key, rules)});
      return null;
    }
    var known = parts.filter(function (p) { return f.values.indexOf(p) >= 0; });
    var unknown = parts.filter(function (p) { return f.values.indexOf(p) < 0; });
    if (unknown.length) {
      notice(notices, "unknown_values", {key: f.key, values: unknown.slice(0, 5).map(function (u) { return show(u, rules); })
        .join(", "), expected: f.values.join(", ")});
    }
    if (!known.length) { return null; }
    return f.values.filter(function (v) { return known.indexOf(v) >= 0; });
  }

  MH.parseLink = function (search, rules) {
    var notices = [], raw = single(search, rules, notices);
    var link = {lists: {}, q: "", near: null, basemap: rules.basemaps[0], lang: rules.languages[0], feature: null, center: null,
                zoom: null, asof: rules.dates.latest, since: null, compare: null, notices: notices};
    rules.lists.forEach(function (f) { link.lists[f.key] = f.key in raw ? list(raw[f.key], f, rules, notices) : null; });
    if ("q" in raw) {
      var q = Array.from(clean(raw.q, rules));
      if (q.length > rules.maxQuery) { notice(notices, "q_cut", {n: rules.maxQuery}); }
      link.q = q.slice(0, rules.maxQuery).join("");
    }
    if ("near" in raw) {  // near=500|600|1000 (or "600m")
      var near = strip(strip(raw.near).toLowerCase().replace(/m$/, ""));
      if (rules.near.words.indexOf(near) >= 0) {
        link.near = Number(near);
      } else {
        notice(notices, "unknown_value", {key: "near", value: show(strip(raw.near), rules),
                                          allowed: rules.near.words.join(", ")});
      }
    }
    [["basemap", rules.basemaps], ["lang", rules.languages]].forEach(function (pair) {
      if (!(pair[0] in raw)) { return; }
      var value = strip(raw[pair[0]]).toLowerCase();
      if (pair[1].indexOf(value) >= 0) {
        link[pair[0]] = value;
      } else {
        notice(notices, "unknown_value", {key: pair[0], value: show(value, rules), allowed: pair[1].join(", ")});
      }
    });
    if ("feature" in raw) {
      var fid = strip(raw.feature);
      if (new RegExp(rules.idPattern).test(fid) && rules.ids.indexOf(fid) >= 0) {
        link.feature = fid;
      } else {
        notice(notices, "unknown_feature", {value: show(fid, rules)});
      }
    }
    parseFrame(raw, link, rules);
    parseTime(raw, link, rules);
    return link;
  };

  // Feature i's value of ``field`` as of ``when`` ("plan", "latest" or a date): statuses and verdicts change
  // with the date (the rules' steps: the last change on or before it), the rest does not.
  MH.fieldAt = function (rules, field, i, when) {
    var dates = rules.dates;
    if (!(field in dates.steps) || when === dates.latest) { return rules.fields[field][i]; }
    if (when === dates.plan) { return dates.atPlan[field][i]; }
    var value = null;
    dates.steps[field][i].forEach(function (step) { if (dates.days[step[0]] <= when) { value = step[1]; } });
    return value;
  };

  // filters.normalise: NFKC and case folded (upper then lower case folds "ß" and final sigma as casefold does).
  function normalise(text) { return text.normalize("NFKC").toUpperCase().toLowerCase(); }

  // filters._found of one feature's search words: every word of the search, a Latin word at a word's start.
  function found(text, q) {
    return words(normalise(q)).every(function (w) {
      if (!/[a-z]/.test(w)) { return text.indexOf(w) >= 0; }
      for (var at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
        if (at === 0 || !/[a-z0-9]/.test(text.charAt(at - 1))) { return true; }
      }
      return false;
    });
  }

  // Whether the link leaves out some values of a list filter (FilterSpec.narrows): one left open (the default, or
  // every value named) lets everything through.
  function narrows(link, f) {
    var chosen = link.lists[f.key];
    return chosen !== null && chosen.length !== f.values.length;
  }

  MH.narrowed = function (link, rules) {
    return !!link.q || link.near !== null || rules.lists.some(function (f) { return narrows(link, f); });
  };

  // stations.best: the most advanced of some stations' statuses (open, under construction, planned), or null.
  function best(statuses, order) {
    var ranks = statuses.map(function (s) { return order.indexOf(s); }).filter(function (r) { return r >= 0; });
    return ranks.length ? order[Math.min.apply(null, ranks)] : null;
  }

  // Station.status: a station's status as of ``when``: the plan's station's own, else the best of its plan lines'
  // and, where it serves a line the plan does not list, open.
  function stationStatus(rules, k, when) {
    var near = rules.near, basis = near.basis[k], statusOf = function (fid) {
      if (fid === 1) { return "open"; }  // a line the plan does not list
      var i = rules.ids.indexOf(fid);
      return i < 0 ? null : near.classes[MH.fieldAt(rules, "status", i, when)] || null;
    };
    return typeof basis === "string" ? statusOf(basis) : best(basis.map(statusOf), near.order);
  }

  // Whether a feature's station ([its index, the first of the distances it lies within]) lies within ``metres``.
  function within(rules, pair, metres) { return Number(rules.near.words[pair[1]]) <= metres; }

  // filters.near_statuses of feature i: the best status, as of the link's date, of its stations within the
  // link's distance (null: none).
  function nearStatus(rules, i, link) {
    return best(rules.near.nearby[i].filter(function (pair) { return within(rules, pair, link.near); }).map(function (pair) {
      return stationStatus(rules, pair[0], link.asof);
    }), rules.near.order);
  }

  // live.rings (near.catchments): the stations within the link's distance of a match, with their status, as the
  // map draws them: [lat, lon, status]. ``near``: the stations' centres and the rings' look (live.near_centres),
  // ``datum``: the basemap's ("wgs84", "gcj02").
  MH.nearRings = function (link, rules, shown, near, datum) {
    if (link.near === null) { return null; }
    var wanted = {}, rings = [];
    shown.matches.forEach(function (fid) {
      rules.near.nearby[rules.ids.indexOf(fid)].forEach(function (pair) {
        if (within(rules, pair, link.near)) { wanted[pair[0]] = true; }
      });
    });
    rules.near.basis.forEach(function (b, k) {
      var status = wanted[k] ? stationStatus(rules, k, link.asof) : null;
      if (status !== null) { rings.push(near[datum][k].concat([status])); }
    });
    return {r: link.near, colours: near.colours, dash: near.dash, rings: rings};
  };

  // near.metres_text: "1,000 m" / "1000米".
  MH.metresText = function (m, lang) {
    return lang === "en" ? String(m).replace(/\B(?=(\d{3})+(?!\d))/g, ",") + " m" : m + "\u7c73";
  };

  MH.shownBy = function (link, rules) {
    var regions = link.lists.regions || rules.lists.filter(function (f) { return f.key === "regions"; })[0].values;
    var outlines = [], matches = [], ringed = [], near = {}, against = link.since || link.compare;
    rules.ids.forEach(function (fid, i) {
      if (rules.kinds[i] === "region") {
        if (regions.indexOf(rules.fields.region[i]) >= 0) { outlines.push(fid); }
        return;
      }
      var passes = found(rules.search[i], link.q) && rules.lists.every(function (f) {
        return !narrows(link, f) || link.lists[f.key].indexOf(MH.fieldAt(rules, f.field, i, link.asof)) >= 0;
      });
      var close = passes && link.near !== null ? nearStatus(rules, i, link) : null;
      if (!passes || (link.near !== null && close === null)) { return; }
      matches.push(fid);
      if (link.near !== null) { near[fid] = close; }
      // changes.differing: what the view rings, against the since day, else the compare date.
      if (against && MH.fieldAt(rules, "status", i, against) !== MH.fieldAt(rules, "status", i, link.asof)) {
        ringed.push(fid);
      }
    });
    return {ids: outlines.concat(matches), matches: matches, selected: link.feature, ringed: ringed, near: near};
  };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  MH.noticeText = function (n, words) { return fill(words["notice_" + n.key], n.values); };

  // rollup.story: how many of the projects the plan adds are open, how its promises stand, and the places already
  // open in 2023, counted apart; led by the date (words.headline_lead).
  MH.story = function (link, rules, shown) {
    var w = rules.words[link.lang], dates = rules.dates, whole = !MH.narrowed(link, rules), atPlan = link.asof === dates.plan;
    var added = 0, opened = 0, existing = 0, v = {kept: 0, under_way: 0, no_news: 0, not_kept: 0}, promised = 0;
    shown.matches.forEach(function (fid) {
      var i = rules.ids.indexOf(fid), verdict = MH.fieldAt(rules, "promise", i, link.asof);
      if (rules.fields.plan_part[i] === rules.existing) { existing++; } else {
        added++;
        if (rules.open.indexOf(MH.fieldAt(rules, "status", i, link.asof)) >= 0) { opened++; }
      }
      if (verdict === null || verdict === rules.noPromise) { return; }
      promised++;
      var key = verdict === "kept_on_time" || verdict === "kept_late" ? "kept" : verdict;
      if (key in v) { v[key]++; }
    });
    var pin = link.asof === dates.latest ? dates.today : link.asof;
    var out = [pin === dates.plan ? w.story_lead_plan : fill(w.story_lead_date, {date: pin})];
    if (!shown.matches.length) { return out.concat([w.story_none, w.story_end]).join(""); }  // says nothing matches
    var scope = whole ? w.story_scope_plan : w.story_scope_shown;
    if (added) { out.push(atPlan ? fill(w.story_projects, {n: added}) : fill(w.story_open, {open: opened, n: added, scope: scope})); }
    if (promised) {
      if (added) { out.push(w.story_sep); }
      if (atPlan) { out.push(fill(w.story_due, {n: promised})); } else {
        out.push(fill(w.story_promises, {n: promised, owner: whole ? w.story_owner_plan : w.story_owner_shown}));
        var clauses = ["kept", "under_way", "no_news", "not_kept"].filter(function (k) { return v[k]; });
        clauses.forEach(function (k, i) {
          if (i) { out.push(i === clauses.length - 1 ? w.story_and : w.story_comma); }
          out.push(fill(w["story_" + k], {n: v[k]}));
        });
      }
    }
    if (existing) { out.push(w.story_then, existing === 1 ? w.story_existing_one : fill(w.story_existing, {n: existing})); }
    out.push(w.story_end);
    return (link.near === null ? out : out.concat(nearStory(link, shown, w))).join("");
  };

  // rollup.near_story: how many places lie within the distance of a station, by their stations' best status.
  function nearStory(link, shown, w) {
    var counts = {open: 0, building: 0, planned: 0}, n = 0;
    shown.matches.forEach(function (fid) { if (shown.near[fid] in counts) { counts[shown.near[fid]]++; n++; } });
    var out = [w.near_gap, fill(n === 1 ? w.near_lead_one : w.near_lead, {n: n, r: MH.metresText(link.near, link.lang)})];
    var clauses = ["open", "building", "planned"].filter(function (k) { return counts[k]; });
    clauses.forEach(function (k, i) {
      if (i) { out.push(i === clauses.length - 1 ? w.story_and : w.story_comma); }
      out.push(fill(w["near_" + k], {n: counts[k]}));
    });
    return out.concat([w.story_end]);
  }
})();
