"""Minhang strategy map: the Streamlit page, a storyboard over ``layers`` in page order (state from the URL, sidebar,
map, details, progress, table, export); a view's scene (``layers.maps.scene``) and the rest made in ``layers.app``."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from functools import partial
from typing import Any, NamedTuple, cast

import streamlit as st
from streamlit_folium import st_folium

from layers import app
from layers.data import asof
from layers.data.schema import REGIONS
from layers.export.formats import FORMATS, SIZES, export_formats
from layers.maps.assets import page_script, page_style
from layers.maps.base import DETAILS_KEY
from layers.maps.framing import FRAME_PX
from layers.maps.scene import Scene
from layers.view import i18n, words
from layers.view.i18n import BASEMAP_LABELS, LANGUAGE_NAMES, label, t
from layers.view.phone import back_to_map_html, device_hint, filters_button_html, is_phone
from layers.view.rollup import SECTIONS, count_clicked, headline_clicked, near_sentence, rollup, take_pending
from layers.view.selection import MAP_DRAWN, card_closed, clicked, deselect, map_drawn, pick, picked_row
from layers.view.spec import (
    BASEMAPS,
    LIST_FILTERS,
    NEAR_CHOICES,
    FilterSpec,
    reset_state,
    spec_from_widgets,
    widget_state,
)
from layers.view.textsafe import md_escape
from layers.view.timeline import picked_feature

# The session's state as our functions take it: Streamlit types its keys str | int, and every key of ours is a str.
STATE = cast("MutableMapping[str, Any]", st.session_state)


def main() -> None:
    """The page, top to bottom."""
    st.set_page_config(page_title=i18n.page_title(STATE, st.query_params), page_icon="🗺️", layout="wide")
    # Below the map, a phone loads only what it asks for. Its browser stays one for the session: read once (the
    # headers cost ~2 ms of every rerun).
    if "phone" not in st.session_state:
        st.session_state["phone"] = is_phone(st.context.headers.get("User-Agent"))
    phone = st.session_state["phone"]
    embed = bool(st.context.is_embedded)  # ?embed=true (Streamlit's own): the map alone, for an article's <iframe>
    # CSS inline and first on a desktop (st.html's arrives at the run's end); st.html on a phone (59 KB lighter)
    (st.html if phone else partial(st.markdown, unsafe_allow_html=True))(page_style(embed=embed))
    # The title at once, before any data is read (a cold server's first run takes seconds): what follows it is
    # filled in below, in place; the map's frame shows as soon as the page's style does (page.css).
    head = None if embed else page_head(i18n.page_lang(STATE, st.query_params))
    data = app.data()  # the geodata folder as it is now: a curator's edit shows on the next load
    catalog = app.catalog(data)
    if "initialised" not in st.session_state:  # a session's first view comes from its link
        link = FilterSpec.from_query_params({k: st.query_params.get_all(k) for k in st.query_params}, catalog.ids)
        st.session_state.update(widget_state(link), initialised=True)
    take_pending(STATE)  # a headline click's view: taken before the widgets are drawn
    spec = spec_from_widgets(STATE, catalog.ids) if embed else sidebar(data)  # an embed has no sidebar
    st.query_params.from_dict(spec.to_query_params())
    scene = app.scene(data, spec, dt.date.today())
    if head is not None:
        intro(data, scene, app.plan_count(data, spec.asof), head)
    with st.container(key="map_area"):  # the map fills the first screen; the details open over it (page.css)
        drawn = live_map(data, scene, ask=not (phone or embed), embed=embed)
        details(data, scene, phone)
    if embed or not (drawn or phone):  # on a desktop what sits below the map waits for its first draw (a
        return  # phone's waits behind switches): the map then has the browser to itself
    progress(data, scene, phone)
    timeline_and_table(data, scene, phone)
    export_panel(data, scene, phone)


def sidebar(data: app.Data) -> FilterSpec:
    """The sidebar's widgets; returns the view they describe."""
    with st.sidebar:
        lang = st.session_state["lang"]  # the radio's own value (a widget's state is set before the run)
        st.radio(t("language", lang), i18n.LANGUAGES, key="lang", horizontal=True, format_func=LANGUAGE_NAMES.get)
        counts = app.option_counts(data, asof.asof_value(st.session_state["asof_mode"], st.session_state["asof_day"]))
        for f in LIST_FILTERS:  # regions as checkboxes, the others folded, each option with its count
            if f.checkboxes:
                st.markdown(f"**{md_escape(t(f.title, lang))}**")
                for value in f.values:
                    st.checkbox(label(f.labels, value, lang), key=f.widget_key(value))
                continue
            with st.expander(t(f.title, lang)):
                st.multiselect(t(f.title, lang), words.offered(f, counts[f.attr], st.session_state.get(f.attr)),
                               key=f.attr, label_visibility="collapsed", placeholder=words.filter_placeholder(f, lang),
                               format_func=partial(words.option_label, f, lang=lang, counts=counts[f.attr]))
        st.radio(t("asof", lang), asof.KINDS, key="asof_mode", format_func=lambda v: t(f"asof_{v}", lang))
        if st.session_state["asof_mode"] == asof.DATE:
            st.date_input(t("asof_pick", lang), key="asof_day", min_value=asof.PLAN_DATE, max_value=dt.date.today())
        st.text_input(t("search", lang), key="q", max_chars=200)
        st.selectbox(t("near", lang), NEAR_CHOICES, key="near", format_func=partial(words.near_label, lang=lang))
        st.selectbox(t("basemap", lang), BASEMAPS, key="basemap", format_func=partial(label, BASEMAP_LABELS, lang=lang))
        st.button(t("reset", lang), width="stretch", key="reset",
                  on_click=lambda: st.session_state.update(reset_state(st.session_state["lang"])))
    return spec_from_widgets(STATE, app.catalog(data).ids)


class Head(NamedTuple):
    """The page's head, drawn first (:func:`page_head`): the places :func:`intro` fills."""

    caption: Any
    phonebar: Any
    notices: Any
    problems: Any


def page_head(lang: str) -> Head:
    """The title at once, and in order the places for what follows it: the subtitle and date, the phone's filters
    button, a link's notices, the data's problems."""
    with st.container(key="intro"):  # the title line: and the phone's filters button
        st.title(t("title", lang), anchor=False)
        caption, phonebar = st.empty(), st.container(key="phonebar")
    # The notices' box is kept when closed, so the map after it stays the same element (page.css).
    return Head(caption, phonebar, st.container(key="notices"), st.container(key="problems_slot"))


def intro(data: app.Data, scene: Scene, total: int, head: Head) -> None:
    """Subtitle and date beside the title; the match count; a link's ignored parameters; bad data, named."""
    lang, matching = scene.spec.lang, len(scene.shown.matches)
    head.caption.caption(f"{t('subtitle', lang)} · {words.asof_summary(scene.spec.asof, lang)}")
    # With the page's language for the browser (page_script).
    head.phonebar.html(filters_button_html(lang, matching, total) + page_script(lang), unsafe_allow_javascript=True)
    st.sidebar.markdown(words.matching_line(scene.shown.matches, total, scene.spec))
    st.sidebar.caption(t("share", lang))
    with head.notices:
        if notices := st.session_state.get("url_notices"):  # a link's ignored parameters, closed with ✕
            st.button("✕", key="notices_close", help=t("url_notice_close", lang),
                      on_click=st.session_state.update, kwargs={"url_notices": ()})
            st.markdown(words.notices_html(notices, lang), unsafe_allow_html=True)
    if found := app.problems(data):  # readers see one calm line; a curator unfolds the list
        with head.problems, st.expander(t("data_problems", lang), icon="ℹ️", key="problems"):
            st.markdown(words.problems_html(found, lang), unsafe_allow_html=True)


def live_map(data: app.Data, scene: Scene, *, ask: bool, embed: bool) -> bool:
    """The map: its base made once, this scene as a bit per feature; True once it said it is drawn (``ask``)."""
    state = STATE  # a pick keeps the reader's place (layers.maps.framing.keep_place)
    base, view, framing = app.live_map(data, scene, state, MAP_DRAWN if ask and not map_drawn(state) else None, embed)
    # render=False: st_folium renders the map once more on its own; the whole figure's render adds nothing it sends.
    result = st_folium(base, key="map", height=FRAME_PX[1], use_container_width=True, feature_group_to_add=view,
                       returned_objects=["last_active_drawing"], center=framing.center, zoom=framing.zoom,
                       render=False)
    if pick(state, "map", clicked(result), scene.frame.index) or headline_clicked(state, scene.spec, result) \
            or card_closed(state, result):
        st.rerun()  # a click on a feature selects it; on a count of the story, shows its projects; ✕ on a card
    return map_drawn(state, result)


def details(data: app.Data, scene: Scene, phone: bool) -> None:
    """What the plan says about the selected feature, and what has happened to it since."""
    with st.container(key=DETAILS_KEY):  # a tapped feature's card on a phone links here
        if scene.shown.selected is None:  # on a desktop the panel is then closed, and the map has its space back
            st.caption(device_hint("click_hint", scene.spec.lang, phone))
            return
        st.button("✕", key="details_close", help=t("details_close", scene.spec.lang),  # page.css floats it right
                  on_click=deselect, args=(STATE,))
        if phone:  # a card's link scrolled down here: the way back up
            st.html(back_to_map_html(scene.spec.lang), unsafe_allow_javascript=True)
        st.subheader(t("details", scene.spec.lang), anchor=False)
        for kind, text in app.details(data, scene):  # Markdown, escaped, with <span lang> where the language changes
            (st.caption if kind == "caption" else st.markdown)(text, unsafe_allow_html=True)


def progress(data: app.Data, scene: Scene, phone: bool) -> None:
    """What changed since a link's since= day; how far the plan has come (a count clicked shows its projects)."""
    spec = scene.spec
    if spec.since:
        with st.container(key="since"):
            st.subheader(t("since_heading", spec.lang, since=spec.since), anchor=False)
            st.markdown(words.change_list(scene.changes, scene.frame, spec.lang, spec.since), unsafe_allow_html=True)
            st.caption(t("since_hint", spec.lang))
    if phone and not st.toggle(t("show_rollup", spec.lang), key="show_rollup"):
        return
    for heading, of, bys in SECTIONS:  # statuses by group and region; the promises' verdicts by kind and group
        with st.container(key=f"rollup-{of}"):
            st.subheader(t(heading, spec.lang), anchor=False)
            st.caption(words.rollup_caption(spec, scene.frame, len(scene.changes), of, hint=True))
            if of == "statuses" and (near := near_sentence(scene.shown.matches, spec)):  # what lies near a station
                st.markdown(md_escape(near))
            if of == "statuses" and not phone and (feeds := region_feeds(data, spec.lang)):  # follow one region
                st.caption(words.region_feeds(feeds, spec.lang))
            for column, by in zip(st.columns(2), bys, strict=True):
                column.markdown(f"**{md_escape(t(f'rollup_by_{by[:-1]}', spec.lang))}**")
                for row in rollup(scene.searched, by, of):  # the roll-up follows the search
                    column.pills(row.heading(spec.lang), row.statuses, key=row.widget, on_change=count_clicked,
                                 args=(STATE, spec, row), format_func=partial(row.label, lang=spec.lang))


def region_feeds(data: app.Data, lang: str) -> dict[str, str]:
    """Each region's feed (``app.feed_url``), where it could be written."""
    return {r: url for r in REGIONS if (url := app.feed_url(data, lang, region=r))}


def timeline_and_table(data: app.Data, scene: Scene, phone: bool) -> None:
    """The timeline and the table of matches; a click selects. A phone loads them (~1.9 MB) only if asked."""
    spec, matches = scene.spec, scene.shown.matches
    if not phone or st.toggle(t("show_timeline", spec.lang), key="show_timeline"):
        with st.container(key="timeline"):
            st.subheader(t("timeline", spec.lang), anchor=False)
            chart = app.timeline(data, scene)
            (st.caption if chart else st.info)(t("timeline_hint" if chart else "timeline_empty", spec.lang))
            event = chart and st.vega_lite_chart(chart, on_select="rerun", key=f"timeline-{spec.lang}", width="stretch")
        if pick(STATE, "timeline", picked_feature(event), scene.frame.index):
            st.rerun()
    if not phone or st.toggle(t("show_table", spec.lang), key="show_table"):
        st.subheader(t("table", spec.lang), anchor=False)
        if matches.empty:
            st.info(t("no_match", spec.lang))
            return
        event = st.dataframe(app.table(data, scene), hide_index=True, on_select="rerun", selection_mode="single-row",
                             key=f"table-{spec.lang}", column_config=words.table_columns(spec.lang))
        if pick(STATE, "table", picked_row(event, app.table_ids(scene)), scene.frame.index):
            st.rerun()


def export_panel(data: app.Data, scene: Scene, phone: bool) -> None:
    """Export the current view in any registered format; the server's PNG only where it can run."""
    spec, lang = scene.spec, scene.spec.lang
    st.subheader(t("export", lang), anchor=False)
    st.caption(t("snapshot_hint", lang))
    if not phone and (feed := app.feed_url(data, lang)):  # a phone: writing it shifted the map
        st.markdown(f"[{t('feed_link', lang)}]({feed})")
    door = app.door_url(data)  # published on every device: the share control and the feed link to it
    if not phone and door:
        st.markdown(f"[{t('door_link', lang)}]({door}?lang={lang})")
    # st.code: a copy button, and a bundle (~350 KB) a phone loads only if asked
    with st.expander(t("cite", lang)) if not phone else st.container():
        if not phone or st.toggle(t("cite", lang), key="show_cite"):
            st.code(app.citation(data, scene, st.context.url), language=None, wrap_lines=True)
    if missing := app.png_missing():  # one sentence says what installs it
        st.caption(t(f"png_missing_{missing}", lang))
    col_format, col_size, col_go = st.columns([2, 2, 1], vertical_alignment="bottom")
    fmt = col_format.selectbox(t("export_format", lang), export_formats(png=not missing), key="export_format",
                               format_func=lambda v: t(f"format_{v}", lang))
    size_key = col_size.selectbox(t("export_size", lang), list(SIZES), key="export_size",
                                  disabled=not FORMATS[fmt].renderer, format_func=lambda v: t(f"size_{v}", lang))
    request = (spec, fmt, size_key if FORMATS[fmt].renderer else None)  # what the prepared file was made for
    if col_go.button(t("export_prepare", lang), key="export_go", width="stretch"):
        try:
            with st.spinner(t("export_working", lang)):
                st.session_state["export"] = (request, *app.export(data, spec, fmt, SIZES[size_key]))
        except app.EXPORT_ERRORS as exc:
            st.session_state.pop("export", None)
            st.error(md_escape(str(exc)))
    if (ready := st.session_state.get("export")) and ready[0] == request:  # (request, file name, bytes)
        st.download_button(f"{t('export_download', lang)} {ready[1]} ({len(ready[2]) / 1024:,.0f} KB)", ready[2],
                           file_name=ready[1], mime=FORMATS[fmt].mime, key="export_download", width="stretch")


main()
