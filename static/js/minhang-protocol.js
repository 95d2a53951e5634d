/* Minhang strategy map: what the map tells the Streamlit page around it, through streamlit-folium's component
 * protocol (what st_folium returns on the server: layers/view/selection.py reads it).
 *
 * - MH.inApp(): whether the map runs in a frame of the app's page; alone (an export, a file) it has no page to tell.
 * - MH.post(value): a value for the page, with last_active_drawing (null unless a feature was picked), as
 *   streamlit-folium sends its own.
 */
(function () {
  "use strict";
  var MH = window.MH = window.MH || {};

  MH.inApp = function () { return window.parent !== window; };

  MH.post = function (value) {
    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                               value: Object.assign({last_active_drawing: null}, value), dataType: "json"}, "*");
  };
})();
