"""Words about a view: the one-line summary of what a map shows, whose statuses, its file name, the camera's texts,
the table, a link's ignored parameters and the data's problems."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

import geopandas as gpd
import pandas as pd

from layers.data import asof, schema
from layers.data.events import STALE_AFTER_DAYS, event_text, format_date, is_stale, source_name
from layers.data.promises import PROMISE_VALUES
from layers.view.changes import Change
from layers.view.cite import short_citation
from layers.view.i18n import (
    BASEMAP_LABELS,
    CATEGORY_LABELS,
    CONFIRMATION_LABELS,
    PRECISION_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    label,
    t,
)
from layers.view.near import metres_text
from layers.view.rollup import story
from layers.view.spec import LIST_FILTERS, FilterSpec, ListFilter, Notice
from layers.view.textsafe import marked, md_escape, md_link

LIST_MATCHES_UP_TO = 8  # a search that finds this many or fewer names them beside the count
PROBLEMS_SHOWN = 200  # a folder broken everywhere lists this many problems on the page (the validator, all)


def matching_line(matches: pd.DataFrame, total: int, spec: FilterSpec) -> str:
    """The sidebar's count (Markdown, data escaped): "3 of 44 features match", and the matches' names where a
    search found only a few (the map rings them)."""
    line = f"**{md_escape(t('matching', spec.lang, n=len(matches), total=total))}**"
    if spec.q and 0 < len(matches) <= LIST_MATCHES_UP_TO:
        line += ": " + " · ".join(md_escape(n) for n in matches[f"name_{spec.lang}"])
    return line


def names_of(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """Every feature's name in ``lang``, by id (a station's lines, a change's project, a printed key)."""
    return dict(zip(frame.index, frame[f"name_{lang}"], strict=True))


def option_label(list_filter: ListFilter, value: str, *, lang: str, counts: Mapping[str, int]) -> str:
    """A list filter's option as the sidebar offers it: its label and how many plan features have it."""
    return f"{label(list_filter.labels, value, lang)} · {counts.get(value, 0)}"


def offered(list_filter: ListFilter, counts: Mapping[str, int], chosen: Iterable[str] | None) -> list[str]:
    """The options a list filter's multiselect offers: every value; for a filter whose empty means all, only the
    values some plan feature has (no "Not kept · 0"), and whatever the reader has chosen."""
    if not list_filter.empty_means_all:
        return list(list_filter.values)
    keep = set(chosen or ())
    return [v for v in list_filter.values if counts.get(v, 0) or v in keep]


def filter_placeholder(list_filter: ListFilter, lang: str) -> str:
    """What an empty multiselect says: "All" where empty means every value."""
    return t("filter_all" if list_filter.empty_means_all else "filter_none", lang)


def filter_summary(spec: FilterSpec, count: int) -> str:
    """One line saying what the map shows: each list filter that narrows the view, the date shown, what it is
    set against (since, compare), the search, the basemap and the count."""
    lang = spec.lang
    bits = [f"{t(f.title, lang)}: " + (", ".join(label(f.labels, v, lang) for v in spec.chosen(f)) or "—")
            for f in LIST_FILTERS if spec.narrows(f)]
    bits.append(asof_summary(spec.asof, lang))
    if spec.since:
        bits.append(t("summary_since", lang, since=spec.since))
    if spec.compare:
        bits.append(t("summary_compare", lang, other=asof_summary(spec.compare, lang)))
    if spec.q:
        bits.append(f"“{spec.q}”")
    if spec.near is not None:
        bits.append(t("summary_near", lang, r=metres_text(spec.near, lang)))
    bits.append(f"{label(BASEMAP_LABELS, spec.basemap, lang)}")
    bits.append(f"{count} " + ("features" if lang == "en" else "个要素"))
    return " · ".join(bits)


def near_label(near: int | None, *, lang: str) -> str:
    """The sidebar's "Near a station" choice: anywhere (0 or None), or "within 600 m (straight line)"."""
    return t("near_option", lang, r=metres_text(near, lang)) if near else t("near_any", lang)


def asof_summary(when: str, lang: str) -> str:
    """Whose statuses a map or an export shows: the plan's, the latest report's, or a date's."""
    return t(f"asof_summary_{asof.asof_kind(when)}", lang, date=when)


def snapshot_info(spec: FilterSpec, matches: gpd.GeoDataFrame, today: dt.date | None = None) -> dict[str, str]:
    """What the camera writes around a snapshot: title, plan, filter summary, the progress of what it shows (the
    story over the map, :func:`layers.view.rollup.story`), date, basemap, file name; and the ``asof`` its links
    pin."""
    lang = spec.lang
    told = "".join(part["text"] for part in story(matches, spec, headline_lead(spec, today)))
    return {"title": t("title", lang), "subtitle": t("subtitle", lang),
            "summary": filter_summary(spec, len(matches)), "progress": told,
            "date": (today or dt.date.today()).isoformat(), "basemap": label(BASEMAP_LABELS, spec.basemap, lang),
            "filename": view_name(spec, map_parts=True, today=today),
            # what a share link pins (the camera's and the share control's), and how the page says it
            "pinned": (pin := asof.pinned(spec.asof, today)), "pinnedText": asof_summary(pin, lang),
            "cite": short_citation(spec.asof, lang, today)}  # the PNG footer's short citation


def headline_lead(spec: FilterSpec, today: dt.date | None = None) -> str:
    """The story's first words: as of when ("On 2026-12-06: ", "In the 2023 plan: ")."""
    pin = asof.pinned(spec.asof, today)
    return t("story_lead_plan", spec.lang) if pin == asof.PLAN else t("story_lead_date", spec.lang, date=pin)


def compare_sides(spec: FilterSpec, today: dt.date | None = None) -> dict[str, str]:
    """Each side's label in a comparison: the other date left of the divider, the date shown right of it."""
    return {"left": asof_summary(str(spec.compare), spec.lang), "right": asof_summary(asof.pinned(spec.asof, today),
                                                                                       spec.lang)}


def rollup_caption(spec: FilterSpec, frame: gpd.GeoDataFrame, changed: int | None = None, of: str = "statuses",
                   *, hint: bool = False) -> str:
    """The roll-up's "status as of … · checked up to …" line: the date shown and the newest check of any project;
    with a ``since`` day, how many of them changed since. The promises' roll-up says how its verdicts are made.
    ``hint``: the page's, which ends with what a count does when picked."""
    if of == "promises":
        line = t("promises_caption", spec.lang, asof=asof_summary(spec.asof, spec.lang))
    else:
        checked = [d for d in frame["last_checked"].tolist() if isinstance(d, str)] if "last_checked" in frame else []
        line = t("rollup_asof", spec.lang, asof=asof_summary(spec.asof, spec.lang), checked=max(checked, default="—"))
        if spec.since:
            line = f"{line} · {t('since_count', spec.lang, n=changed, since=spec.since)}"
    return f"{line} · {t('rollup_hint', spec.lang)}" if hint else line


def region_feeds(links: Mapping[str, str], lang: str) -> str:
    """The roll-up's line of feeds to follow one region each (Markdown): "Follow one region (Atom): North · …"."""
    items = " · ".join(f"[{md_escape(label(REGION_LABELS, region, lang))}]({url})" for region, url in links.items())
    return f"{md_escape(t('feed_regions', lang))} {items}"


def change_lines(changes: Iterable[Change], names: Mapping[str, str], lang: str) -> list[str]:
    """One Markdown line per change: the project, its status then and now, and each event between with its
    source (data text escaped; links are the events' validated http(s) URLs)."""
    lines = []
    for change in changes:
        steps = "; ".join(
            f"{format_date(e['date'], e['date_precision'])}{_kind_mark(e, lang)}: {marked(event_text(e, lang), lang)} "
            f"({md_link(marked(e['source_title'], lang), e['url'])}, "
            f"{marked(source_name(e, 'publisher', lang) or '', lang)})" for e in change.events)
        lines.append(f"- **{md_escape(names.get(change.feature_id, change.feature_id))}**: "
                     f"{label(STATUS_LABELS, change.before, lang)} → {label(STATUS_LABELS, change.after, lang)}"
                     + (f" · {steps}" if steps else ""))
    return lines


def _kind_mark(event: schema.Row, lang: str) -> str:
    # A plan's statement or an inference among the reports, said so (layers.data.events.EVENT_KINDS).
    kind = event.get("kind")
    return f" ({md_escape(t('event_plan' if kind == 'plan' else 'event_inferred_mark', lang))})" \
        if kind in ("plan", "inferred") else ""


def change_list(changes: Iterable[Change], frame: pd.DataFrame, lang: str, since: str) -> str:
    """The changes since ``since`` as a Markdown list (:func:`change_lines`, the projects named as in ``frame``),
    or a sentence saying there are none; for ``st.markdown(unsafe_allow_html=True)`` (its ``<span lang>``)."""
    return "\n".join(change_lines(changes, names_of(frame, lang), lang)) or t("since_none", lang, since=since)


def _slug(text: str, limit: int = 30) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def view_name(spec: FilterSpec, *, map_parts: bool, today: dt.date | None = None) -> str:
    """What a file of this view is called, without extension, e.g. ``minhang-north-park-2026-11-26`` (always safe).

    ``map_parts``: a map (PNG, HTML, the camera's snapshot) also says its basemap and language.
    """
    parts = ["minhang"]
    for f in LIST_FILTERS:
        if spec.narrows(f):
            parts.append("-".join(v.replace("_", "") for v in spec.chosen(f)) or "none")
    if spec.asof != asof.DEFAULT:
        parts.append("asof-" + spec.asof)
    if spec.since:
        parts.append("since-" + spec.since)
    if spec.compare:
        parts.append("vs-" + spec.compare)
    if spec.q:
        parts.append("q-" + (_slug(spec.q) or "search"))
    if spec.near is not None:
        parts.append(f"near-{spec.near}m")
    if spec.feature:
        parts.append(_slug(spec.feature, 40))
    if map_parts and spec.basemap != "offline":
        parts.append(spec.basemap)
    if map_parts and spec.lang != "en":
        parts.append(spec.lang)
    parts.append((today or dt.date.today()).isoformat())
    return "-".join(p for p in parts if p)[:150].strip("-")


# The table's columns (i18n keys) and their widths (px), each wide enough for what it holds: together with
# the row's select box they fit the page's ~1,100 px at 1440 wide, so the last is never cut (a longer value is
# cut in its own cell, with an ellipsis).
TABLE_COLUMNS = (("name", 280), ("category", 105), ("region", 135), ("status", 130), ("promise", 115),
                 ("precision_short", 80), ("confirmation", 95), ("last_checked", 120))


def table_frame(matches: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """The matches as the page's table (:data:`TABLE_COLUMNS`): name, category, region, status, the verdict on the
    plan's promise, precision, confirmation and when last checked, in ``lang``.

    Labels are looked up in small dicts over plain lists: pandas' own mapping of Arrow strings cost
    ~8 % of a rerun's server time.
    """
    def labels(column: str, table: dict[str, dict[str, str]], universe: tuple[str, ...]) -> list[str]:
        lookup = {v: label(table, v, lang) for v in universe}
        return [lookup.get(v, v) for v in matches[column].tolist()]

    checked = matches.get("last_checked", pd.Series([None] * len(matches))).tolist()
    columns = (matches[f"name_{lang}"].tolist(), labels("category", CATEGORY_LABELS, schema.CATEGORIES),
               labels("region", REGION_LABELS, schema.REGIONS), labels("status", STATUS_LABELS, schema.VIEW_STATUSES),
               labels("promise", VERDICT_LABELS, PROMISE_VALUES) if "promise" in matches else [""] * len(matches),
               labels("precision", PRECISION_LABELS, schema.PRECISIONS),
               labels("confirmation", CONFIRMATION_LABELS, schema.CONFIRMATIONS),
               [checked_short(v, lang) for v in checked])
    return pd.DataFrame({t(key, lang): values for (key, _), values in zip(TABLE_COLUMNS, columns, strict=True)})


def table_columns(lang: str) -> dict[str, Any]:
    """The table's column settings for ``st.dataframe``'s ``column_config``: each column's width; what "stale"
    means, on the last one's header."""
    config: dict[str, Any] = {t(key, lang): {"width": px} for key, px in TABLE_COLUMNS}
    config[t("last_checked", lang)]["help"] = t("last_checked_help", lang, days=STALE_AFTER_DAYS)
    return config


def checked_short(day: object, lang: str, today: dt.date | None = None) -> str:
    """When a project was last checked, as the table says it (its header explains "stale"): the day, the day
    flagged stale, or never (stale)."""
    if not isinstance(day, str) or not day:
        return t("checked_never_short", lang)
    return t("checked_stale_short", lang, date=day) if is_stale(day, today or dt.date.today()) else day


def notices_html(notices: Iterable[Notice], lang: str) -> str:
    """A link's ignored parameters, for ``st.markdown(unsafe_allow_html=True)``: a lead line, then each notice
    worded in ``lang``. What the link held (a parameter's name, a value as typed, the values allowed) is shown
    escaped, as code of no language (``lang="zxx"``): it is link syntax, a word of neither language."""
    def item(notice: Notice) -> str:
        values = {k: v if isinstance(v, int) else f'<code lang="zxx">{escape(v)}</code>' for k, v in notice.values}
        return f"<li>{escape(t(f'notice_{notice.key}', lang)).format(**values)}</li>"

    # One line of HTML: Markdown leaves an HTML block alone up to a blank line.
    return (f'<div class="mh-notices" role="status"><p>{escape(t("url_notice", lang))}</p>'
            f"<ul>{''.join(item(n) for n in notices)}</ul></div>")


def problems_html(problems: Sequence[object], lang: str) -> str:
    """The data's problems for a curator, for ``st.markdown(unsafe_allow_html=True)``: how many, then each as the
    validator names it (file, feature, field), escaped, in its words (English: ``lang="en"``)."""
    items = "".join(f"<li>{escape(str(p)).replace(chr(10), '<br>')}</li>" for p in problems[:PROBLEMS_SHOWN])
    return (f'<div class="mh-problems"><p>{escape(t("data_problems_list", lang, n=len(problems)))}</p>'
            f'<ul lang="en">{items}</ul></div>')
