/* Minhang strategy map: the reader door's own page (layers/export/door.py), inlined in it so that it runs before
 * anything paints. The link's view is decided by the app's rules (MH.parseLink, MH.shownBy: minhang-rules.js).
 *
 * - MH.doorLang(rules): in the head, the page's language from its address, as the app reads it (static/css/door.css
 *   then shows the words in it).
 * - MH.doorPage(rules): right after the poster: the poster keeps what the link's view draws (the region outlines on,
 *   the matches, the selection), each in its status as of the link's date (MH.restyle); the story says what the
 *   app's says for the view, and a view that narrows says how many places it shows; a link's mistakes are said in
 *   the app's words; the explore links carry the address to the app, and the features' names are in the page's
 *   language. Returns the link (MH.door draws the same on the map).
 * - MH.filterSheet(link, rules): the filter sheet (door.py filter_sheet) set to the link's view; sent, it opens the
 *   door on the view it asks for: the app's parameters, as its sidebar writes them (FilterSpec.to_query_params),
 *   the link's language, basemap and dates kept, its selection and framing left (a new view is framed anew).
 * - MH.doorShare(link, rules): the share button: this view's address, its date pinned (as the app's share links
 *   are: asof.pinned), handed to the phone's own share sheet, else copied and shown.
 * - MH.restyle(el, status, faded, look): a poster feature drawn in a status (its colour, hollow or filled, an open
 *   line cased, faded where nothing was reported since the plan), as layers/maps/style.py draws it.
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

  MH.restyle = function (el, status, faded, look) {
    var colour = look.palette[status] || look.palette.unknown, hollow = look.hollow.indexOf(status) >= 0;
    var g = el.querySelector("g");
    if (g) {  // a point's symbol (symbol_svg)
      g.setAttribute("fill", hollow ? "#fff" : colour);
      g.setAttribute("stroke", hollow ? colour : "#fff");
      g.setAttribute("stroke-width", hollow ? "2.4" : "1.6");
    } else {
      el.setAttribute("stroke", colour);
      if (el.getAttribute("fill") !== "none") { el.setAttribute("fill", colour); }
      el.classList.toggle("mh-line-open", el.classList.contains("mh-line") && look.open.indexOf(status) >= 0);
    }
    el.style.opacity = faded ? String(look.faded) : "";
  };

  // Each notice as the app's page words it (words.notices_html): a sentence, what the link held in it as code.
  function notices(link, rules) {
    var box = document.getElementById("mh-notices"), words = rules.words[link.lang];
    if (!box || !link.notices.length) { return; }
    var lead = document.createElement("p"), list = document.createElement("ul");
    lead.textContent = words.url_notice;
    link.notices.forEach(function (n) {
      var item = document.createElement("li");
      words["notice_" + n.key].split(/(\{\w+\})/).forEach(function (part) {
        var name = /^\{(\w+)\}$/.exec(part), value = name && n.values[name[1]];
        if (name && typeof value === "string") {
          var code = item.appendChild(document.createElement("code"));
          code.lang = "zxx";
          code.textContent = value;
        } else {
          item.appendChild(document.createTextNode(name && value !== undefined ? String(value) : part));
        }
      });
      list.appendChild(item);
    });
    box.appendChild(lead);
    box.appendChild(list);
    box.hidden = false;
  }

  function checked(form, key) {
    return Array.from(form.querySelectorAll('input[name="' + key + '"]')).filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  MH.filterSheet = function (link, rules) {
    var form = document.getElementById("mh-filter"), words = rules.words[link.lang], dates = rules.dates;
    if (!form) { return; }
    var dated = link.asof !== dates.plan && link.asof !== dates.latest;
    form.elements.q.value = link.q;
    form.elements.asof.value = dated ? "date" : link.asof;
    form.elements.day.value = dated ? link.asof : "";
    Array.from(form.elements.asof.options).forEach(function (o) { o.textContent = words["asof_" + o.value]; });
    form.elements.near.value = link.near === null ? "" : String(link.near);
    Array.from(form.elements.near.options).forEach(function (o) {  // words.near_label
      o.textContent = o.value ? words.near_option.replace("{r}", MH.metresText(Number(o.value), link.lang))
        : words.near_any;
    });
    rules.lists.forEach(function (f) {
      var chosen = link.lists[f.key];
      form.querySelectorAll('input[name="' + f.key + '"]').forEach(function (box) {
        box.checked = chosen === null || chosen.indexOf(box.value) >= 0;
      });
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var params = new URLSearchParams(), q = form.elements.q.value.trim(), kind = form.elements.asof.value;
      rules.lists.forEach(function (f) {
        var on = checked(form, f.key);
        if (on.length !== f.values.length) { params.set(f.key, on.join(",")); }
      });
      if (q) { params.set("q", q); }
      if (form.elements.near.value) { params.set("near", form.elements.near.value); }
      if (link.basemap !== rules.basemaps[0]) { params.set("basemap", link.basemap); }
      if (link.lang !== rules.languages[0]) { params.set("lang", link.lang); }
      var day = kind === "date" ? form.elements.day.value : kind;
      if (day && day !== dates.latest) { params.set("asof", day); }
      if (link.since) { params.set("since", link.since); }
      if (link.compare) { params.set("compare", link.compare); }
      var query = params.toString();
      location.href = location.pathname + (query ? "?" + query : "");
    });
  };

  MH.doorShare = function (link, rules) {
    var button = document.getElementById("mh-share"), field = document.getElementById("mh-share-link");
    if (!button || !field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var params = new URLSearchParams(location.search);
      if (link.asof === rules.dates.latest) { params.set("asof", rules.dates.today); }  // it shows next year what it shows now
      var url = location.origin + location.pathname + "?" + params.toString();
      field.value = url;
      field.hidden = false;
      field.select();
      if (navigator.share) {
        navigator.share({title: rules.title[link.lang], url: url}).catch(function () { /* the link is shown */ });
      } else if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () {
          field.setAttribute("aria-label", rules.words[link.lang].share_copied);
          field.title = rules.words[link.lang].share_copied;
        }, function () { /* the link is shown, selected */ });
      }
    });
  };

  MH.doorPage = function (rules) {
    var query = location.search, link = MH.parseLink(query, rules), shown = MH.shownBy(link, rules), keep = {};
    shown.ids.concat(shown.selected ? [shown.selected] : []).forEach(function (id) { keep[id] = true; });
    var dated = link.asof !== rules.dates.latest, look = Object.assign({open: rules.open}, rules.look);
    document.querySelectorAll(".mh-poster [data-feature]").forEach(function (el) {
      var id = el.getAttribute("data-feature"), i = rules.ids.indexOf(id);
      if (!keep[id]) { el.remove(); return; }
      if (dated && rules.kinds[i] !== "region") {
        MH.restyle(el, MH.fieldAt(rules, "status", i, link.asof), MH.fieldAt(rules, "promise", i, link.asof) === "no_news",
                   look);
      }
    });
    // The story of the view, in the link's language, as the app tells it (the page's own words stay for a reader
    // with no scripts).
    document.querySelectorAll('.mh-story:not(.mh-matching) .mh-l[lang="' + link.lang + '"]').forEach(function (el) {
      el.textContent = MH.story(link, rules, shown);
    });
    if (MH.narrowed(link, rules)) {
      var total = rules.kinds.filter(function (kind) { return kind !== "region"; }).length;
      document.querySelectorAll(".mh-matching [data-template]").forEach(function (el) {
        el.textContent = el.getAttribute("data-template").replace("{n}", shown.matches.length).replace("{total}", total);
      });
      show(".mh-matching", true);
    }
    notices(link, rules);
    MH.filterSheet(link, rules);
    MH.doorShare(link, rules);
    // The explore links, wherever they are (the door's below the poster, parsed after this runs), and the links
    // between the door's own pages (the places' list, each place's page), which keep the reader's language.
    function carry() {
      document.querySelectorAll(".mh-explore, .mh-carry").forEach(function (a) {
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
