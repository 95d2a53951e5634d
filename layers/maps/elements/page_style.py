"""Our map CSS, added once to the page header."""

from __future__ import annotations

from typing import ClassVar

import folium
from branca.element import MacroElement
from folium.template import Template

from layers.maps.assets import MAP_JS

_PAGE_CSS = """
<style>
.leaflet-container { background: #e9ecef !important;
  font: 13px/1.35 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; }
.mh-legend { background: rgba(255,255,255,.94); padding: 6px 8px; border-radius: 6px; font-size: 11.5px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 42vh; overflow-y: auto; }
.mh-legend summary { font-weight: 600; cursor: pointer; font-size: 12.5px; }
.mh-legend .row { display: flex; align-items: center; gap: 6px; margin: 1px 0; white-space: nowrap; }
.mh-legend .swatch { width: 18px; height: 18px; flex: none; display: flex; align-items: center;
  justify-content: center; }
.mh-legend .line { width: 18px; height: 0; border-top-width: 4px; border-top-style: solid; }
.mh-legend .area { width: 16px; height: 12px; border-width: 2px; border-style: dashed; }
.mh-legend small { color: #495057; }
.mh-symbol { background: none; border: none; }
.mh-notice { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; border-radius: 6px; padding: 6px 10px;
  max-width: 280px; font-size: 12.5px; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.mh-camera-button { display: flex !important; align-items: center; justify-content: center; color: #212529; }
.mh-camera-menu { position: absolute; left: 38px; top: 0; width: 250px; background: #fff; border-radius: 6px;
  padding: 8px 10px; box-shadow: 0 1px 5px rgba(0,0,0,.35); font-size: 12.5px; line-height: 1.4; }
.mh-camera-menu[hidden] { display: none; }
.mh-camera-heading { font-weight: 600; margin: 2px 0 4px; }
.mh-camera-ratios { display: flex; gap: 12px; margin-bottom: 4px; }
.mh-camera-option { display: block; margin-bottom: 6px; }
.mh-camera-go { width: 100%; padding: 4px 0; border: 1px solid #adb5bd; border-radius: 4px; background: #f8f9fa;
  cursor: pointer; font: inherit; font-weight: 600; }
.mh-camera-status { min-height: 16px; margin: 4px 0; color: #495057; font-size: 11.5px; }
.mh-camera-link { width: 100%; box-sizing: border-box; font: 11px monospace; }
.mh-st-study, .mh-st-planned, .mh-st-construction_start, .mh-st-cancelled { opacity: .5; }
.mh-st-partly_open svg, .mh-st-operating svg, .mh-st-completed svg {
  filter: drop-shadow(0 0 2.5px #2b8a3e) !important; }
.mh-legend .glow svg { filter: drop-shadow(0 0 2.5px #2b8a3e); }
.mh-legend .faded { opacity: .5; }
.mh-label-anchor { pointer-events: none; }
.mh-label { position: absolute; white-space: nowrap; line-height: 15px; padding: 0 3px; color: #495057;
  font: 11px/15px system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
  sans-serif;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.mh-label-place { font-weight: 600; font-size: 12px; color: #343a40; letter-spacing: .02em; }
.mh-label-district { font-weight: 600; font-size: 12px; color: #868e96; text-transform: uppercase; }
.mh-label-station { color: #495057; }
.mh-label-road { color: #7a6a4f; font-size: 10.5px; }
.mh-label-water { color: #3b7bb4; font-style: italic; }
.mh-label-plan { font-weight: 600; font-size: 12px; line-height: 17px; color: #1b1e21; }
.mh-label-selected { color: #9c6500; }
.mh-label-number { font: 700 11px/16px system-ui, sans-serif; color: #fff; background: #212529; border-radius: 8px;
  padding: 0 5px; text-shadow: none; min-width: 16px; text-align: center; box-sizing: border-box; }
.mh-card { max-width: 270px; max-height: 46vh; overflow-y: auto; font-size: 13px; line-height: 1.4; }
.mh-card-says { margin-top: 6px; font-weight: 600; }
.mh-card q { display: block; color: #343a40; }
.mh-card-more { display: inline-flex; align-items: center; min-height: 44px; font-weight: 600; }
/* Narrow maps (phones, ~<= 640 px): the map fills the frame the page sized for it, the overview map
   goes, the legend starts folded to its title (layers/elements/html_control.py) and every control is
   a 44 px tap target. */
@media (max-width: 640px) {
  #map_div { height: 100vh !important; }
  html, body { overflow: hidden; }
  .leaflet-control-minimap { display: none !important; }
  .leaflet-bar a, .leaflet-touch .leaflet-bar a { width: 44px; height: 44px; line-height: 44px; }
  .leaflet-touch .leaflet-control-zoom-in, .leaflet-touch .leaflet-control-zoom-out { font-size: 24px; }
  .leaflet-control-layers-toggle, .leaflet-touch .leaflet-control-layers-toggle { width: 44px; height: 44px; }
  .leaflet-control-measure .leaflet-control-measure-toggle { width: 44px; height: 44px; }
  /* The fullscreen icon is a two-state sprite: painted in a 26 px content box so the other state stays out. */
  .leaflet-bar a.fullscreen-icon { box-sizing: border-box; padding: 9px; background-origin: content-box;
    background-clip: content-box; background-position: 0 0; }
  .leaflet-bar { background-color: #fff; }  /* shows through that button's padding */
  .leaflet-bar a.fullscreen-icon.leaflet-fullscreen-on { background-position: 0 -26px; }
  .mh-legend { max-height: 55vh; }
  .mh-legend summary { min-height: 44px; display: flex; align-items: center; gap: 6px; font-size: 14px; }
  .mh-legend summary::before { content: "▸"; font-size: 12px; }
  .mh-legend details[open] > summary::before { content: "▾"; }
  /* OpenStreetMap's credit stays, smaller; the bottom-left controls sit above it (MH.fitCorners). */
  .leaflet-control-attribution { font-size: 10px; line-height: 1.3; }
  .leaflet-container a.leaflet-popup-close-button { width: 44px; height: 44px;
    font: 26px/44px Tahoma, Verdana, sans-serif; }
  .mh-card { padding-right: 18px; }
  .mh-camera-menu { left: 50px; }
  .mh-camera-option, .mh-camera-ratios label { display: flex; align-items: center; min-height: 44px; }
  .mh-camera-go { min-height: 44px; }
}
</style>
"""



class PageStyle(folium.elements.JSCSSMixin, MacroElement):
    """Our map CSS, in the page header (a class-level template, compiled once, not on every rerun),
    and the bottom-left controls lifted above the attribution where the two meet (``MH.fitCorners``)."""

    _template = Template("{% macro header(this, kwargs) %}" + _PAGE_CSS + "{% endmacro %}"
                         "{% macro script(this, kwargs) %}MH.fitCorners({{ this._parent.get_name() }});"
                         "{% endmacro %}")
    default_js: ClassVar[list[tuple[str, str]]] = [MAP_JS]

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageStyle"
