/* Minhang strategy map: the page's language, for Streamlit's own words too (layers/maps/assets.py page_script).
 *
 * Streamlit words its own controls in English only: the skip link, the sidebar and its buttons, the main menu,
 * a select's button, a chart's and a table's toolbars, and the map's frame, titled with the component's name.
 * MH.pageWords(doc, options), run with every page (again when its language changes):
 * - the document's lang (a screen reader's voice, and the Han glyphs the browser picks for Chinese);
 * - each of Streamlit's words (options.words) in the page's language, in titles, aria-labels, placeholders and
 *   a few texts (options.texts: a CSS selector), again whenever Streamlit draws them anew (one look a frame);
 * - each language's name in the language switch (options.names, inside options.switch) says it is in that
 *   language: "中文" on the English page is Chinese, on purpose.
 * MH.wordIn(words, text, lang): ``text`` (in any language of an entry of ``words``) in ``lang``; null if unknown.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};
  var ATTRIBUTES = ["title", "aria-label", "placeholder"];
  var current = null;

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

  function look(doc) {
    var o = current;
    doc.querySelectorAll("[title], [aria-label], [placeholder]").forEach(function (el) {
      ATTRIBUTES.forEach(function (name) {
        var value = el.getAttribute(name), word = value && MH.wordIn(o.words, value, o.lang);
        if (word && word !== value) { el.setAttribute(name, word); }
      });
    });
    // A text is changed in its own node (React keeps the node it made).
    doc.querySelectorAll(o.texts).forEach(function (el) {
      var node = el.firstChild;
      if (!node || node.nodeType !== 3 || node.nextSibling) { return; }
      var word = MH.wordIn(o.words, node.nodeValue.trim(), o.lang);
      if (word && word !== node.nodeValue) { node.nodeValue = word; }
    });
    doc.querySelectorAll(o.switch + " p").forEach(function (el) {
      var lang = o.names[el.textContent.trim()];
      if (lang && el.getAttribute("lang") !== lang) { el.setAttribute("lang", lang); }
    });
  }

  MH.pageWords = function (doc, options) {
    current = options;
    doc.documentElement.lang = options.lang;
    look(doc);
    if (MH.pageWordsWatch) { return; }
    var queued = false;
    MH.pageWordsWatch = new MutationObserver(function () {
      if (queued) { return; }
      queued = true;
      requestAnimationFrame(function () { queued = false; look(doc); });
    });
    MH.pageWordsWatch.observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                         attributeFilter: ATTRIBUTES});
  };
})();
