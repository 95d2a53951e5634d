/* Minhang strategy map: the page's language, for Streamlit's own words too (layers/maps/assets.py page_script).
 *
 * Streamlit words its own controls in English only: the skip link, the sidebar and its buttons, the main menu,
 * a select's button, a chart's and a table's toolbars, and the map's frame, titled with the component's name.
 * MH.pageWords(doc, options), run with every page (again when its language changes):
 * - the document's lang (a screen reader's voice, and the Han glyphs the browser picks for Chinese);
 * - each of Streamlit's words (options.words) in the page's language, in titles, aria-labels, placeholders and
 *   a few texts (options.texts: a CSS selector), again in whatever Streamlit draws anew, before it is painted;
 * - each language's name in the language switch (options.names, inside options.switch) says it is in that
 *   language: "中文" on the English page is Chinese, on purpose.
 * MH.wordIn(words, text, lang): ``text`` (in any language of an entry of ``words``) in ``lang``; null if unknown.
 * MH.watchConnection(doc, lost): a reader whose connection to the server drops (its process ended, the network
 *   went) is told so (``lost``: {text, reload}, in the page's language) over a page that stops taking input; when
 *   the server answers again the page reloads, as its address holds it. Streamlit alone carries on with a page
 *   that only looks alive: a process that took over holds none of its state, so the next change would be read
 *   against the address, and a script bundle cut off by the process's end stays broken until a reload.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};
  var ATTRIBUTES = ["title", "aria-label", "placeholder"];
  var current = null;
  // The page's watchers and the words of its notice: one page, one of each, kept here (never on MH).
  var wordsWatch = null, connectionWatch = null, connectionWords = null;

  MH.wordIn = function (words, text, lang) {
    for (var i = 0; i < words.length; i++) {
      var entry = words[i];
      for (var key in entry) {
        if (Object.prototype.hasOwnProperty.call(entry, key) && entry[key] === text) {
          return Object.prototype.hasOwnProperty.call(entry, lang) ? entry[lang] : null;
        }
      }
    }
    return null;
  };

  // ``root`` itself where it matches ``selector``, and every element under it that does.
  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) { found.unshift(root); }
    return found;
  }

  // Streamlit's words in the page's language in ``root`` (the document, or an element Streamlit just drew).
  function look(root) {
    var o = current;
    within(root, "[title], [aria-label], [placeholder]").forEach(function (el) {
      ATTRIBUTES.forEach(function (name) {
        var value = el.getAttribute(name), word = value && MH.wordIn(o.words, value, o.lang);
        if (word && word !== value) { el.setAttribute(name, word); }
      });
    });
    // A text is changed in its own node (React keeps the node it made).
    within(root, o.texts).forEach(function (el) {
      var node = el.firstChild;
      if (!node || node.nodeType !== 3 || node.nextSibling) { return; }
      var word = MH.wordIn(o.words, node.nodeValue.trim(), o.lang);
      if (word && word !== node.nodeValue) { node.nodeValue = word; }
    });
    within(root, o.switch + " p").forEach(function (el) {
      var lang = o.names[el.textContent.trim()];
      if (lang && el.getAttribute("lang") !== lang) { el.setAttribute("lang", lang); }
    });
  }

  // The elements a batch of DOM changes drew or changed: what ``look`` need read again.
  function changed(records) {
    var roots = new Set();
    records.forEach(function (record) {
      if (record.type === "childList") {
        record.addedNodes.forEach(function (node) {
          var el = node.nodeType === 1 ? node : node.parentElement;
          if (el) { roots.add(el); }
        });
      } else {
        var target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
        if (target) { roots.add(target); }
      }
    });
    return roots;
  }

  MH.watchConnection = function (doc, lost) {
    connectionWords = lost;  // again with every page: the words follow the page's language
    var app = doc.querySelector('[data-testid="stApp"]');
    if (connectionWatch || !app) { return; }
    var notice = null;
    function state() { return app.getAttribute("data-test-connection-state"); }
    function show() {
      var words = connectionWords;
      notice = doc.createElement("div");
      notice.className = "mh-offline";
      notice.setAttribute("role", "alert");
      notice.setAttribute("lang", doc.documentElement.lang);
      var line = doc.createElement("p");
      line.textContent = words.text;
      var again = doc.createElement("button");
      again.type = "button";
      again.textContent = words.reload;
      again.addEventListener("click", function () { doc.defaultView.location.reload(); });
      notice.appendChild(line);
      notice.appendChild(again);
      doc.body.appendChild(notice);
      var main = doc.querySelector('[data-testid="stAppViewContainer"]');
      if (main) { main.inert = true; }  // no click or key reaches a page the server no longer follows
    }
    connectionWatch = new MutationObserver(function () {
      var now = state();
      if (now && now !== "CONNECTED" && !notice) {
        show();
      } else if (now === "CONNECTED" && notice) {
        doc.defaultView.location.reload();  // the address holds the view: the page comes back as it was
      }
    });
    connectionWatch.observe(app, {attributes: true, attributeFilter: ["data-test-connection-state"]});
  };

  MH.pageWords = function (doc, options) {
    current = options;
    doc.documentElement.lang = options.lang;
    look(doc);
    if (wordsWatch) { return; }
    // Before the browser paints (a mutation observer runs before the next frame and the next task): no frame
    // shows Streamlit's English; only what was drawn or changed is read again.
    wordsWatch = new MutationObserver(function (records) { changed(records).forEach(look); });
    wordsWatch.observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                         attributeFilter: ATTRIBUTES});
  };
})();
