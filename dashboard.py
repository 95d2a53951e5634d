"""Minhang strategy map: the Streamlit page, a storyboard over ``layers`` in page order (state from the URL,
sidebar, map, details, progress, table, export). What it shows is made once per process in ``layers.app``."""

from __future__ import annotations

import datetime as dt
import os
from functools import partial

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from layers import app
from layers.data import asof, schema
from layers.data.catalog import ENV_VAR, Catalog
from layers.export.feed import page_url
from layers.export.formats import FORMATS, SIZES, export_filename, export_formats
from layers.export.png import CHROMIUM_ENV, BrowserNotFoundError, RenderError
from layers.maps.assets import stylesheet
from layers.maps.base import DETAILS_KEY
from layers.maps.framing import FRAME_PX, frame_view
from layers.maps.live import plan_view_group
from layers.maps.prerender import light_map
from layers.view import i18n
from layers.view.changes import Change, differing
from layers.view.cite import citation, pinned_link
from layers.view.details import details_blocks, events_blocks, feature_details
from layers.view.filters import Shown, shown_by
from layers.view.i18n import label, t
from layers.view.phone import filters_button_html, is_phone
from layers.view.rollup import BY, count_clicked, count_label, rollup
from layers.view.selection import MAP_DRAWN, clicked, map_drawn, pick
from layers.view.spec import BASEMAPS, FILTER_LISTS, FilterSpec, reset_state, spec_from_widgets, widget_state
from layers.view.textsafe import md_escape
from layers.view.timeline import picked_feature
from layers.view.words import asof_summary, change_lines, compare_info, rollup_caption, snapshot_info

BLOCKS = {"heading": st.markdown, "text": st.markdown, "quote": st.info, "caption": st.caption}


def main() -> None:
    """The page, top to bottom."""
    st.set_page_config(page_title="Minhang strategy map", page_icon="🗺️", layout="wide")
    phone = is_phone(st.context.headers.get("User-Agent"))  # below the map, a phone loads only what it asks for
    embed = st.context.is_embedded  # ?embed=true (Streamlit's own): the map alone, for an article's <iframe>
    # CSS inline and first on a desktop (st.html's arrives at the run's end); st.html on a phone (59 KB lighter)
    (st.html if phone else partial(st.markdown, unsafe_allow_html=True))(
        f"<style>{stylesheet('page')}{stylesheet('embed') if embed else ''}</style>")
    data = app.data(os.environ.get(ENV_VAR))  # the folder as it is now: a curator's edit shows on the next load
    catalog = app.catalog(data)
    if "initialised" not in st.session_state:  # a session's first view comes from its link
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state.update(widget_state(FilterSpec.from_query_params(params, catalog.features.index)),
                                initialised=True)
    # embedded, no sidebar: the link's view, and the map's own layer control to filter by category
    spec = spec_from_widgets(st.session_state, catalog.features.index) if embed else sidebar(catalog, data)
    st.query_params.from_dict(spec.to_query_params())
    shown = shown_by(frame := app.features_as_of(data, spec.asof), spec)
    total = app.plan_count(data, spec.asof)
    if not embed:
        intro(catalog, data, spec, len(shown.matches), total)
        st.sidebar.markdown(f"**{md_escape(t('matching', spec.lang, n=len(shown.matches), total=total))}**")
        st.sidebar.caption(t("share", spec.lang))
    moved = [c for c in app.changes(data, spec.since, spec.asof) if c.feature_id in shown.matches.index] \
        if spec.since else []  # what changed since a link's since= day, among what the view shows
    ringed = [c.feature_id for c in moved] or \
        (differing(shown.matches, app.features_as_of(data, spec.compare)) if spec.compare else [])
    with st.container(key="map_area"):  # the map fills the first screen; the details open over it (page.css)
        drawn = live_map(data, spec, shown, frame.index, ringed, ask=not (phone or embed))
        with st.container(key=DETAILS_KEY):  # a tapped feature's card on a phone links here
            details(data, spec.lang, shown, frame)
    if embed or not (drawn or phone):  # on a desktop what sits below the map waits for its first draw (a
        return  # phone's waits behind switches): the map then has the browser to itself
    progress(spec, frame, phone, moved)
    timeline_and_table(data, spec, shown, frame.index, phone)
    export_panel(catalog, spec, data, shown, phone)


def sidebar(catalog: Catalog, data: app.Data) -> FilterSpec:
    """The sidebar's widgets; returns the view they describe."""
    with st.sidebar:
        st.radio(t("language", st.session_state["lang"]), i18n.LANGUAGES, key="lang", horizontal=True,
                 format_func=lambda v: {"en": "English", "zh": "中文"}[v])
        lang = st.session_state["lang"]
        st.markdown(f"**{md_escape(t('regions', lang))}**")
        for region in schema.REGIONS:
            st.checkbox(label(i18n.REGION_LABELS, region, lang), key=f"region_{region}")
        counts = app.option_counts(data, asof.asof_value(st.session_state["asof_mode"], st.session_state["asof_day"]))
        for key, title, values, labels in FILTER_LISTS:
            with st.expander(t(title, lang)):  # folded: the filters stay short
                st.multiselect(t(title, lang), values, key=key, label_visibility="collapsed",
                               format_func=lambda v, lb=labels, c=counts[key]: f"{label(lb, v, lang)} · {c.get(v, 0)}")
        st.radio(t("asof", lang), asof.KINDS, key="asof_mode", format_func=lambda v: t(f"asof_{v}", lang))
        if st.session_state["asof_mode"] == asof.DATE:
            st.date_input(t("asof_pick", lang), key="asof_day", min_value=asof.PLAN_DATE, max_value=dt.date.today())
        st.text_input(t("search", lang), key="q", max_chars=200)
        st.selectbox(t("basemap", lang), BASEMAPS, key="basemap",
                     format_func=lambda v: label(i18n.BASEMAP_LABELS, v, lang))
        st.button(t("reset", lang), width="stretch", key="reset",
                  on_click=lambda: st.session_state.update(reset_state(st.session_state["lang"])))
    return spec_from_widgets(st.session_state, catalog.features.index)


def intro(catalog: Catalog, data: app.Data, spec: FilterSpec, matching: int, total: int) -> None:
    """Title, subtitle and the date shown in one line (on a phone the title and a filters button with the
    count: page.css); then a link's ignored parameters, and bad geodata or events, each named."""
    lang = spec.lang
    with st.container(key="intro"):
        st.title(t("title", lang))
        st.caption(f"{t('subtitle', lang)} · {asof_summary(spec.asof, lang)}")
        st.container(key="phonebar").html(filters_button_html(lang, matching, total), unsafe_allow_javascript=True)
    if notices := st.session_state.get("url_notices"):
        st.warning(md_escape(t("url_notice", lang)) + "\n" + "\n".join(f"- {md_escape(n)}" for n in notices))
    if found := [*catalog.problems, *app.events(data).problems]:
        with st.expander(t("data_problems", lang, n=len(found)), expanded=True, icon="⚠️"):
            st.markdown("\n".join(f"- {md_escape(str(p))}" for p in found[:200]))


def live_map(data: app.Data, spec: FilterSpec, shown: Shown, ids: list[str], changed: list[str], *, ask: bool) -> bool:
    """The map: its base made once, this view as a bit per feature; a click selects a feature. True once the
    map has said it is drawn (until then each view asks it to, where ``ask``: nothing waits on a phone)."""
    framing = frame_view(shown, spec)
    view = plan_view_group(ids, shown.ids, shown.selected, snapshot_info(spec, shown.matches), framing.fit,
                           report=MAP_DRAWN if ask and not map_drawn(st.session_state) else None, changed=changed,
                           compare=compare_info(spec, app.compare_plan(data, spec.compare, spec.lang, spec.basemap))
                           if spec.compare else None)
    result = st_folium(light_map(app.live_base(data, spec.asof, spec.lang, spec.basemap)), key="map",
                       height=FRAME_PX[1], use_container_width=True, returned_objects=["last_active_drawing"],
                       feature_group_to_add=view, center=framing.center, zoom=framing.zoom)
    if pick(st.session_state, "map", clicked(result), ids):
        st.rerun()
    return map_drawn(st.session_state, result)


def details(data: app.Data, lang: str, shown: Shown, frame: gpd.GeoDataFrame) -> None:
    """What the plan says about the selected feature, and what has happened to it since."""
    if shown.selected is None:  # on a desktop the panel is then closed, and the map has its space back
        st.caption(t("click_hint", lang))
        return
    st.button("✕", key="details_close", help=t("details_close", lang),  # page.css floats it right of the title
              on_click=lambda: st.session_state.update(feature=None))
    st.subheader(t("details", lang))
    names = dict(zip(frame.index, frame[f"name_{lang}"], strict=True))
    for kind, text in [*details_blocks(feature_details(shown.selection.iloc[0], lang, names)),
                       *events_blocks(app.events(data), shown.selected, lang)]:
        BLOCKS[kind](text)


def progress(spec: FilterSpec, frame: gpd.GeoDataFrame, phone: bool, moved: list[Change]) -> None:
    """What changed since a link's since= day; how far the plan has come: counts by status per plan group and
    region; a count shows its projects."""
    if spec.since:
        with st.container(key="since"):
            st.subheader(t("since_heading", spec.lang, since=spec.since))
            names = dict(zip(frame.index, frame[f"name_{spec.lang}"], strict=True))
            st.markdown("\n".join(change_lines(moved, names, spec.lang)) or t("since_none", spec.lang,
                                                                              since=spec.since))
            st.caption(t("since_hint", spec.lang))
    if phone and not st.toggle(t("show_rollup", spec.lang), key="show_rollup"):
        return
    with st.container(key="rollup"):
        st.subheader(t("rollup", spec.lang))
        st.caption(f"{rollup_caption(spec, frame, len(moved))} · {t('rollup_hint', spec.lang)}")
        for column, by in zip(st.columns(2), BY, strict=True):
            column.markdown(f"**{md_escape(t(f'rollup_by_{by[:-1]}', spec.lang))}**")
            for row in rollup(frame, by):
                counts, key = dict(row.counts), f"rollup_{by}_{row.key}"
                column.pills(row.heading(spec.lang), list(counts), key=key, on_change=count_clicked,
                             args=(st.session_state, spec, by, row.key, key),
                             format_func=lambda s, c=counts: count_label(s, c[s], spec.lang))


def timeline_and_table(data: app.Data, spec: FilterSpec, shown: Shown, ids: list[str], phone: bool) -> None:
    """The timeline and the table of matches; a click selects. A phone loads them (~1.9 MB) only if asked."""
    lang, matches = spec.lang, shown.matches
    if not phone or st.toggle(t("show_timeline", lang), key="show_timeline"):
        with st.container(key="timeline"):
            st.subheader(t("timeline", lang))
            chart = app.timeline_spec(data, spec.asof, tuple(matches.index), lang, spec.feature)
            (st.caption if chart else st.info)(t("timeline_hint" if chart else "timeline_empty", lang))
            event = st.vega_lite_chart(chart, on_select="rerun", key=f"timeline-{lang}", width="stretch") if chart \
                else None
        if pick(st.session_state, "timeline", picked_feature(event), ids):
            st.rerun()
    if not phone or st.toggle(t("show_table", lang), key="show_table"):
        st.subheader(t("table", lang))
        if matches.empty:
            st.info(t("no_match", lang))
            return
        event = st.dataframe(app.table(data, spec.asof, tuple(matches.index), lang), hide_index=True, width="stretch",
                             on_select="rerun", selection_mode="single-row", key=f"table-{lang}")
        rows = event.selection.rows if event and event.selection else []
        if rows and pick(st.session_state, "table", matches.index[rows[0]], ids):
            st.rerun()


def export_panel(catalog: Catalog, spec: FilterSpec, data: app.Data, shown: Shown, phone: bool) -> None:
    """Export the current view in any registered format; the server's PNG only where it can run."""
    lang = spec.lang
    st.subheader(t("export", lang))
    st.caption(t("snapshot_hint", lang))
    page = page_url(st.context.url)
    # The progress events, to follow. Not on a phone: writing the feed (first view per language) made its run,
    # and the page CSS that ends it, late enough to shift a drawn map under load.
    if not phone and (feed := app.feed_url(data, lang, page)):
        st.markdown(f"[{t('feed_link', lang)}]({feed})")
    # st.code has a copy button, and a bundle (~350 KB) a phone loads only if asked
    with st.expander(t("cite", lang)) if not phone else st.container():
        if not phone or st.toggle(t("cite", lang), key="show_cite"):
            st.code(citation(shown.matches, app.events(data), spec.asof, lang, pinned_link(page, spec)),
                    language=None, wrap_lines=True)
    if missing := app.png_missing(os.environ.get(CHROMIUM_ENV)):  # one sentence says what installs it
        st.caption(t(f"png_missing_{missing}", lang))
    col_format, col_size, col_go = st.columns([2, 2, 1], vertical_alignment="bottom")
    fmt = col_format.selectbox(t("export_format", lang), export_formats(png=not missing), key="export_format",
                               format_func=lambda v: t(f"format_{v}", lang))
    sized = FORMATS[fmt].renderer
    size_key = col_size.selectbox(t("export_size", lang), list(SIZES), key="export_size", disabled=not sized,
                                  format_func=lambda v: t(f"size_{v}", lang))
    request = (spec, fmt, size_key if sized else None)
    if col_go.button(t("export_prepare", lang), key="export_go", width="stretch"):
        try:
            with st.spinner(t("export_working", lang)):
                data = app.export_pool().export(fmt, catalog.features, app.reference_layers(), spec,
                                                size=SIZES[size_key], events=app.events(data))
            st.session_state["export"] = (request, export_filename(spec, fmt), data)
        except (BrowserNotFoundError, RenderError, OSError, ValueError) as exc:
            st.session_state.pop("export", None)
            st.error(md_escape(str(exc)))
    if (ready := st.session_state.get("export")) and ready[0] == request:
        _, name, data = ready
        st.download_button(f"{t('export_download', lang)} {name} ({len(data) / 1024:,.0f} KB)", data,
                           file_name=name, mime=FORMATS[fmt].mime, key="export_download", width="stretch")


main()
