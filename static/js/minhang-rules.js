/* Minhang strategy map: a link's view decided in the browser by the app's own rules (layers/view/spec.py
 * from_query_params, layers/view/filters.py shown_by), for the reader door, which has no server to ask.
 *
 * The rules come from Python as data (layers/export/door.py view_rules): the parameters the app reads, its list
 * filters (LIST_FILTERS: key, data field, allowed values), each feature's id, kind and field values, the known ids.
 * tests/export/test_door_rules.py holds these functions to the Python over hundreds of generated links.
 *
 * - MH.parseLink(search, rules): {lists: {key: values or null}, lang, feature, notices: [{key}], asks: [names]}.
 *   ``asks``: the parameters the door does not decide yet (a search, a date, a framing, a basemap): it then says
 *   so and links to the app, which does.
 * - MH.shownBy(link, rules): {ids: the region outlines on, then the matches, in the data's order; selected}.
 * - MH.narrowed(link, rules): whether its list filters leave some of the plan out.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};
  var DECIDED = ["lang", "feature"];  // with the list filters: what the door decides itself

  // One string per known parameter: the last of repeated keys; an unknown parameter, a repeated or an oversized
  // one noted (_single_values).
  function single(search, rules, notices) {
    var seen = {}, out = {};
    new URLSearchParams(search).forEach(function (value, key) { (seen[key] = seen[key] || []).push(value); });
    Object.keys(seen).sort().forEach(function (key) {
      if (rules.params.indexOf(key) < 0) { notices.push({key: "unknown_param"}); }
    });
    rules.params.forEach(function (key) {
      var values = seen[key];
      if (!values) { return; }
      if (values.length > 1) { notices.push({key: "repeated"}); }
      var value = values[values.length - 1];
      if (Array.from(value).length > rules.maxParam) { notices.push({key: "too_long"}); return; }
      out[key] = value;
    });
    return out;
  }

  // A list filter's values (_parse_list): null keeps the default (every value).
  function list(raw, universe, notices) {
    var parts = raw.split(",").map(function (p) { return p.trim().toLowerCase(); }).filter(Boolean);
    if (!parts.length) {
      if (raw === "") { return []; }  // an explicit empty list: nothing of this kind
      notices.push({key: "empty_list"});
      return null;
    }
    var known = parts.filter(function (p) { return universe.indexOf(p) >= 0; });
    if (known.length < parts.length) { notices.push({key: "unknown_values"}); }
    if (!known.length) { return null; }
    return universe.filter(function (v) { return known.indexOf(v) >= 0; });
  }

  MH.parseLink = function (search, rules) {
    var notices = [], raw = single(search, rules, notices), lists = {}, link = {lang: "en", feature: null};
    rules.lists.forEach(function (f) { lists[f.key] = f.key in raw ? list(raw[f.key], f.values, notices) : null; });
    if ("lang" in raw) {
      var lang = raw.lang.trim().toLowerCase();
      if (rules.languages.indexOf(lang) >= 0) { link.lang = lang; } else { notices.push({key: "unknown_value"}); }
    }
    if ("feature" in raw) {
      var fid = raw.feature.trim();
      if (new RegExp(rules.idPattern).test(fid) && rules.ids.indexOf(fid) >= 0) {
        link.feature = fid;
      } else {
        notices.push({key: "unknown_feature"});
      }
    }
    link.lists = lists;
    link.notices = notices;
    link.asks = Object.keys(raw).filter(function (key) {
      return DECIDED.indexOf(key) < 0 && !rules.lists.some(function (f) { return f.key === key; });
    });
    return link;
  };

  // Whether the link leaves out some values of a list filter: one left open (the default, or every value named)
  // lets everything through (FilterSpec.narrows).
  function narrows(link, f) {
    var chosen = link.lists[f.key];
    return chosen !== null && chosen.length !== f.values.length;
  }

  // Whether the link leaves some of the plan out by its list filters (FilterSpec.narrowed, a search aside).
  MH.narrowed = function (link, rules) {
    return rules.lists.some(function (f) { return narrows(link, f); });
  };

  MH.shownBy = function (link, rules) {
    var regions = link.lists.regions || rules.lists.filter(function (f) { return f.key === "regions"; })[0].values;
    var outlines = [], matches = [];
    rules.ids.forEach(function (fid, i) {
      if (rules.kinds[i] === "region") {
        if (regions.indexOf(rules.fields.region[i]) >= 0) { outlines.push(fid); }
        return;
      }
      var passes = rules.lists.every(function (f) {
        return !narrows(link, f) || link.lists[f.key].indexOf(rules.fields[f.field][i]) >= 0;
      });
      if (passes) { matches.push(fid); }
    });
    return {ids: outlines.concat(matches), selected: link.feature};
  };
})();
