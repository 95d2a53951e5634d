"""Minhang strategy map: the Streamlit page. A storyboard over `layers`; no geometry or HTML here."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from layers.data import asof, schema
from layers.data.catalog import ENV_VAR, Catalog, load_catalog
from layers.data.events import Events, frame_as_of, load_events
from layers.data.reference import load_reference
from layers.export.formats import FORMATS, SIZES, export_filename
from layers.export.png import CHROMIUM_ENV, BrowserNotFoundError, RenderError, png_unavailable
from layers.export.pool import ExportPool
from layers.maps.mapbuild import (
    DETAILS_KEY,
    BaseLayers,
    build_base_map,
    prepare_reference,
    rail_legend,
    view_layers,
)
from layers.maps.planlayer import live_sources, plan_layer_data, plan_view_group
from layers.maps.prerender import Prerendered, light_map, prerender
from layers.maps.publish import all_present
from layers.view.details import details_blocks, events_blocks, feature_details
from layers.view.filters import (
    BASEMAPS,
    FilterSpec,
    ids_digest,
    plan_features,
    table_frame,
)
from layers.view.i18n import (
    BASEMAP_LABELS,
    CATEGORY_LABELS,
    LANGUAGES,
    REGION_LABELS,
    STATUS_LABELS,
    label,
    t,
)
from layers.view.phone import filters_button_html, is_phone
from layers.view.textsafe import md_escape
from layers.view.timeline import picked_feature, timeline_chart, timeline_frames
from layers.view.words import snapshot_info

MAP_HEIGHT = 680  # desktop; on a phone static/css/page.css gives the map the rest of the first screen
PAGE_CSS = Path(__file__).resolve().parent / "static" / "css" / "page.css"
WIDGET_KEYS = ("lang", "region_north", "region_south", "region_central", "categories", "statuses", "q",
               "basemap", "feature")

# The catalog and the dated frames are shared, not copied, between reruns and sessions (cache_resource):
# with 10,000 features a copy costs ~45 ms a rerun. Nothing mutates them: every filter makes a new frame
# (pandas copy-on-write), and tests/test_planlayer.py checks per-view work never changes them.
#
# Small wrappers rather than st.cache_*(library_function): Streamlit reads a cached function's source
# on every rerun (this file runs again each time), and the library functions are long (~1 ms each).
@st.cache_resource(show_spinner=False)
def load(geodata: str | None) -> Catalog:
    """The geodata folder, loaded and validated once."""
    return load_catalog(geodata)


@st.cache_data(show_spinner=False)
def progress(geodata: str | None) -> Events:
    """The progress events of the geodata folder, validated against its features (once per folder)."""
    return load_events(geodata, known_ids=tuple(load(geodata).features.index))


@st.cache_resource(show_spinner=False)
def features_as_of(geodata: str | None, asof: str) -> Any:
    """The catalog's features with statuses as of ``asof`` (once per date: ~20 ms a rerun otherwise)."""
    return frame_as_of(load(geodata).features, progress(geodata), asof)


@st.cache_data(show_spinner=False)
def timeline_spec(geodata: str | None, asof: str, ids_key: str, _ids: tuple[str, ...], lang: str,
                  selected: str | None) -> dict:
    """The timeline's Vega-Lite spec for these projects (building and validating it costs ~200 ms).

    ``ids_key`` (a digest of ``_ids``) is what the cache hashes: hashing 10,000 ids cost ~80 ms a rerun.
    """
    frame = features_as_of(geodata, asof)
    segments, points = timeline_frames(frame.loc[list(_ids)], progress(geodata), lang)
    return {} if segments.empty else timeline_chart(segments, points, lang, selected).to_dict()


@st.cache_data(show_spinner=False)
def reference_layers() -> dict:
    """The reference layers (boundaries) for exports, read once."""
    return load_reference()


@st.cache_data(show_spinner=False)
def base_layers(basemap_key: str) -> BaseLayers:
    """The reference layers ready to draw on one basemap (computed once per basemap)."""
    return prepare_reference(load_reference(), basemap_key)


@st.cache_data(show_spinner=False)
def live_base(geodata: str | None, asof: str, lang: str, basemap_key: str) -> Prerendered:
    """The live map's constant part, built and rendered once per data, date, language and basemap.

    Every plan feature goes into a static file the browser fetches once; a view change then only
    sends which features show (``plan_view_group``).
    """
    frame = features_as_of(geodata, asof)
    base = base_layers(basemap_key)
    sources = live_sources(plan_layer_data(frame, lang, basemap_key), base, stem=f"{lang}-{basemap_key}")
    fmap = build_base_map(base, FilterSpec(lang=lang, basemap=basemap_key), rail_legend(frame, lang), live=sources)
    return prerender(fmap, bundle=True)


@st.cache_data(show_spinner=False)
def plan_count(geodata: str | None, asof: str) -> int:
    """How many plan features there are (the match count's denominator)."""
    return len(plan_features(features_as_of(geodata, asof)))


@st.cache_data(show_spinner=False, ttl=60)
def png_unavailable_now(chromium_setting: str | None) -> str | None:
    """What the server PNG lacks, if anything (looking for Chromium costs ~1 ms: checked once a minute,
    and again whenever ``MINHANG_CHROMIUM`` changes)."""
    return png_unavailable()


@st.cache_resource(show_spinner=False)
def export_pool() -> ExportPool:
    """Worker processes that make every export (and drive their own Chromium for PNGs), shared by all sessions."""
    return ExportPool()


def init_state(spec: FilterSpec) -> None:
    """Seed the widgets from the URL, once per session."""
    if "initialised" in st.session_state:
        return
    st.session_state.update({
        "lang": spec.lang,
        **{f"region_{r}": r in spec.regions for r in schema.REGIONS},
        "categories": [c for c in schema.CATEGORIES if c in spec.categories],
        "statuses": [s for s in schema.VIEW_STATUSES if s in spec.statuses],
        "q": spec.q,
        "basemap": spec.basemap,
        "feature": spec.feature,
        "asof_mode": asof.asof_kind(spec.asof),
        "asof_day": asof.asof_day(spec.asof) or dt.date.today(),
        "url_notices": spec.notices,
        # A view framed by hand in a shared link holds until the reader changes the view.
        "frame": (spec.center, spec.zoom, replace(spec, center=None, zoom=None)) if spec.center else None,
        "initialised": True,
    })


def reset_filters() -> None:
    """Back to the default view (keeping the language)."""
    init = FilterSpec(lang=st.session_state.get("lang", "en"))
    st.session_state.update({
        **{f"region_{r}": True for r in schema.REGIONS},
        "categories": list(schema.CATEGORIES), "statuses": list(schema.VIEW_STATUSES), "q": "",
        "basemap": init.basemap, "feature": None, "url_notices": (), "frame": None,
        "asof_mode": asof.asof_kind(init.asof),
    })


def sidebar(lang: str, catalog: Catalog) -> FilterSpec:
    """The sidebar widgets; returns the view they describe."""
    with st.sidebar:
        st.radio(t("language", lang), LANGUAGES, key="lang", horizontal=True,
                 format_func=lambda v: {"en": "English", "zh": "中文"}[v])
        lang = st.session_state["lang"]
        st.markdown(f"**{md_escape(t('regions', lang))}**")
        for region in ("north", "south", "central"):
            st.checkbox(label(REGION_LABELS, region, lang), key=f"region_{region}")
        st.multiselect(t("categories", lang), schema.CATEGORIES, key="categories",
                       format_func=lambda v: label(CATEGORY_LABELS, v, lang))
        st.multiselect(t("status", lang), schema.VIEW_STATUSES, key="statuses",
                       format_func=lambda v: label(STATUS_LABELS, v, lang))
        st.radio(t("asof", lang), asof.KINDS, key="asof_mode",
                 format_func=lambda v: t(f"asof_{v}", lang))
        if st.session_state["asof_mode"] == asof.DATE:
            st.date_input(t("asof_pick", lang), key="asof_day", min_value=asof.PLAN_DATE,
                          max_value=dt.date.today())
        st.text_input(t("search", lang), key="q", max_chars=200)
        st.selectbox(t("basemap", lang), BASEMAPS, key="basemap",
                     format_func=lambda v: label(BASEMAP_LABELS, v, lang))
        st.button(t("reset", lang), on_click=reset_filters, width="stretch", key="reset")
    state = st.session_state
    feature = state.get("feature")
    mode = state["asof_mode"]
    spec = FilterSpec(
        asof=asof.asof_value(mode, state["asof_day"]),
        regions=frozenset(r for r in schema.REGIONS if state[f"region_{r}"]),
        categories=frozenset(state["categories"]), statuses=frozenset(state["statuses"]),
        q=state["q"].strip(), basemap=state["basemap"], lang=lang,
        feature=feature if feature in catalog.features.index else None,
    )
    frame = state.get("frame")
    if frame and frame[2] == spec:
        return replace(spec, center=frame[0], zoom=frame[1])
    state["frame"] = None
    return spec


def url_params() -> dict[str, list[str]]:
    """The page's query string, keeping repeated keys."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def show_problems(catalog: Catalog, lang: str, events: Events) -> None:
    """Bad geodata (or progress events) becomes a panel listing every problem; the rest of the app goes on."""
    problems = [*catalog.problems, *events.problems]
    if not problems:
        return
    with st.expander(t("data_problems", lang, n=len(problems)), expanded=True, icon="⚠️"):
        st.markdown("\n".join(f"- {md_escape(str(p))}" for p in problems[:200]))


def progress_timeline(chart: dict, lang: str) -> None:
    """The timeline of the matching projects; a click on a row selects that project on the map."""
    st.subheader(t("timeline", lang))
    if not chart:
        st.info(t("timeline_empty", lang))
        return
    st.caption(t("timeline_hint", lang))
    event = st.vega_lite_chart(chart, on_select="rerun", key=f"timeline-{lang}", width="stretch")
    fid = picked_feature(event)
    if fid and fid != st.session_state.get("feature") and fid != st.session_state.get("last_timeline_pick"):
        st.session_state["last_timeline_pick"] = fid
        st.session_state["feature"] = fid
        st.rerun()


BLOCKS = {"heading": st.markdown, "text": st.markdown, "quote": st.info, "caption": st.caption}


def show_blocks(blocks: list[tuple[str, str]]) -> None:
    """Markdown blocks from ``layers.view.details`` (escaped there), each in its Streamlit element."""
    for kind, text in blocks:
        BLOCKS[kind](text)


def clicked_feature(result: dict[str, Any] | None) -> str | None:
    """The id of the feature the user last clicked on the map, if it is new."""
    drawing = (result or {}).get("last_active_drawing") or {}
    fid = drawing.get("id") or (drawing.get("properties") or {}).get("id")
    if fid and fid != st.session_state.get("last_click"):
        st.session_state["last_click"] = fid
        return fid
    return None


def main() -> None:
    """The page."""
    st.set_page_config(page_title="Minhang strategy map", page_icon="🗺️", layout="wide")
    st.html(PAGE_CSS)  # styles only: Streamlit puts it out of the layout
    geodata = os.environ.get(ENV_VAR)
    catalog = load(geodata)
    init_state(FilterSpec.from_query_params(url_params(), known_ids=catalog.features.index))
    spec = sidebar(st.session_state["lang"], catalog)
    lang = spec.lang
    st.query_params.from_dict(spec.to_query_params())

    frame = features_as_of(geodata, spec.asof)
    view = view_layers(frame, spec)
    matches, selected = view.matches, view.selection
    total = plan_count(geodata, spec.asof)
    intro(lang, len(matches), total)
    if st.session_state.get("url_notices"):
        st.warning(md_escape(t("url_notice", lang)) + "\n" +
                   "\n".join(f"- {md_escape(n)}" for n in st.session_state["url_notices"]))
    events = progress(geodata)
    show_problems(catalog, lang, events)

    st.sidebar.markdown(f"**{md_escape(t('matching', lang, n=len(matches), total=total))}**")
    st.sidebar.caption(t("share", lang))

    centre, zoom = view.framing()
    bounds = view.fit_bounds()
    fit = {"bounds": bounds, "maxZoom": zoom} if bounds else None  # a phone's map fits these to its own size
    if spec.center is not None and spec.zoom is not None:  # a view framed by hand, from a shared link
        centre, zoom, fit = spec.center, spec.zoom, None
    shown = plan_view_group(frame.index, view.shown, spec.feature if not selected.empty else None,
                            snapshot_info(spec, len(matches)), fit)

    map_col, detail_col = st.columns([2.7, 1], gap="medium")
    with map_col, st.container(key="map_area"):
        base = live_base(geodata, spec.asof, lang, spec.basemap)
        if not all_present(base.published):  # static/cache emptied under the running app: publish again
            live_base.clear()
            base = live_base(geodata, spec.asof, lang, spec.basemap)
        result = st_folium(light_map(base), key="map",
                           height=MAP_HEIGHT, use_container_width=True, returned_objects=["last_active_drawing"],
                           feature_group_to_add=shown, center=centre, zoom=zoom)
    fid = clicked_feature(result)
    if fid and fid in frame.index and fid != spec.feature:
        st.session_state["feature"] = fid
        st.rerun()
    with detail_col, st.container(key=DETAILS_KEY):  # a tapped feature's card on a phone links here
        st.subheader(t("details", lang))
        if selected.empty:
            st.caption(t("click_hint", lang))
        else:
            names = dict(zip(frame.index, frame[f"name_{lang}"], strict=True))
            show_blocks(details_blocks(feature_details(selected.iloc[0], lang, names)))
            show_blocks(events_blocks(events, selected.index[0], lang))

    timeline_and_table(geodata, spec, matches)
    export_panel(catalog, spec, events)


def intro(lang: str, matching: int, total: int) -> None:
    """Title and subtitle; on a phone one line, the title and a filters button with the count (page.css)."""
    with st.container(key="intro"):
        st.title(t("title", lang))
        st.caption(t("subtitle", lang))
        with st.container(key="phonebar"):
            st.html(filters_button_html(lang, matching, total), unsafe_allow_javascript=True)


def timeline_and_table(geodata: str | None, spec: FilterSpec, matches: Any) -> None:
    """The progress timeline and the table of matches.

    A phone loads their scripts (~1.9 MB of the page's ~3.2 MB) only when its reader asks for them.
    """
    lang = spec.lang
    phone = is_phone(st.context.headers.get("User-Agent"))
    ids = tuple(matches.index)
    if not phone or st.toggle(t("show_timeline", lang), key="show_timeline"):
        progress_timeline(timeline_spec(geodata, spec.asof, ids_digest(ids), ids, lang, spec.feature), lang)
    if not phone or st.toggle(t("show_table", lang), key="show_table"):
        feature_table(matches, lang)


def export_panel(catalog: Catalog, spec: FilterSpec, events: Events) -> None:
    """Export the current view: PNG, self-contained HTML, GeoJSON, CSV, GeoPackage."""
    lang = spec.lang
    st.subheader(t("export", lang))
    st.caption(t("snapshot_hint", lang))
    # The server-side PNG (the view fitted to the filters) is optional: offered only where it can run,
    # else one sentence says what installs it.
    missing = png_unavailable_now(os.environ.get(CHROMIUM_ENV))
    # The formats that need the server's Chromium come last, and only where it runs.
    formats = [k for k, f in FORMATS.items() if not f.renderer] + ([] if missing else
                                                                    [k for k, f in FORMATS.items() if f.renderer])
    if missing:
        st.caption(t(f"png_missing_{missing}", lang))
    col_format, col_size, col_go = st.columns([2, 2, 1], vertical_alignment="bottom")
    fmt = col_format.selectbox(t("export_format", lang), formats, key="export_format",
                               format_func=lambda v: t(f"format_{v}", lang))
    size_key = col_size.selectbox(t("export_size", lang), list(SIZES), key="export_size",
                                  disabled=not FORMATS[fmt].renderer, format_func=lambda v: t(f"size_{v}", lang))
    name = export_filename(spec, fmt)
    request = (spec, fmt, size_key if FORMATS[fmt].renderer else None)
    if col_go.button(t("export_prepare", lang), key="export_go", width="stretch"):
        try:
            with st.spinner(t("export_working", lang)):
                data = export_pool().export(fmt, catalog.features, reference_layers(), spec,
                                            size=SIZES[size_key], events=events)
            st.session_state["export"] = (request, name, data)
        except (BrowserNotFoundError, RenderError, OSError, ValueError) as exc:
            st.session_state.pop("export", None)
            st.error(md_escape(str(exc)))
    ready = st.session_state.get("export")
    if ready and ready[0] == request:
        _, ready_name, data = ready
        st.download_button(f"{t('export_download', lang)} {ready_name} ({len(data) / 1024:,.0f} KB)", data,
                           file_name=ready_name, mime=FORMATS[fmt].mime, key="export_download", width="stretch")


def feature_table(matches: Any, lang: str) -> None:
    """The matching features as a table; picking a row selects and zooms to that feature."""
    st.subheader(t("table", lang))
    if matches.empty:
        st.info(t("no_match", lang))
        return
    table = table_frame(matches, lang)
    event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key=f"table-{lang}")
    rows = event.selection.rows if event and event.selection else []
    if rows:
        fid = matches.index[rows[0]]
        if fid != st.session_state.get("feature") and fid != st.session_state.get("last_table_pick"):
            st.session_state["last_table_pick"] = fid
            st.session_state["feature"] = fid
            st.rerun()


main()
