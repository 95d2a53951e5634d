"""A feature's details, said once: :func:`feature_details` builds them; the page's panel, the map's tooltip
(which the phone's card shows) and an exported map's popup each render that one text.

Every piece of data text is escaped by the renderer for its medium: Markdown for the panel
(:func:`details_blocks`), HTML for the tooltip and the popup (:func:`tooltip_html`, :func:`popup_html`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from layers.data.events import EVENT_FIELDS, STALE_AFTER_DAYS, Events, event_text, format_date, is_stale
from layers.data.schema import Row
from layers.view.i18n import (
    CATEGORY_LABELS,
    FAMILY_LABELS,
    PRECISION_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    label,
    t,
)
from layers.view.textsafe import md_escape


@dataclass(frozen=True)
class Details:
    """What every view of a feature says about it, in one language, as plain text."""

    name: str
    other_name: str
    category: str  # labels, for the tooltip's line
    status: str  # the status shown, with its opening date where an event opened the feature
    schematic: str | None  # "schematic position" where the position is schematic
    facts: tuple[tuple[str, str], ...]  # (label, value): category, region, status, precision, located by...
    located: str  # who locates it (the phone's card shows it too)
    quote_label: str
    quote: str
    description: str | None
    source_label: str
    source: str
    checked: str = ""  # "Last checked: …", flagged when stale (the tooltip and card); empty for the regions


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def feature_details(row: Row, lang: str, line_names: Mapping[str, str] | None = None,
                    today: dt.date | None = None) -> Details:
    """The details of one feature (a row of the catalog's frame, statuses as of the view's date).

    ``line_names``: feature id -> name, to name the lines a station serves (ids where unknown).
    """
    other = "zh" if lang == "en" else "en"
    category = label(CATEGORY_LABELS, row["category"], lang)
    status = label(STATUS_LABELS, row["status"], lang)
    facts = [(t("category", lang), category), (t("region", lang), label(REGION_LABELS, row["region"], lang)),
             (t("status", lang), status)]
    plan = _text(row.get("status_2023"))
    if plan and plan != row["status"]:  # what the plan said, beside what has happened since
        facts.append((t("status_plan", lang), label(STATUS_LABELS, plan, lang)))
    facts.append((t("precision", lang), label(PRECISION_LABELS, row["precision"], lang)))
    located = located_text(row, lang)
    facts.append((t("located", lang), located))
    if lines := _text(row.get("lines")):
        names = line_names or {}
        facts.append((t("lines", lang), ", ".join(names.get(i, i) for i in lines.split(","))))
    if address := _text(row.get("address_zh")):
        facts.append((t("address", lang), address))
    opened = row.get("opened")
    if isinstance(opened, int | float) and not math.isnan(opened):  # NaN where the column has gaps
        facts.append((t("opened", lang), str(int(opened))))
    project = row.get("kind") != "region"  # the analysis regions are never checked: nothing to say
    checked = checked_text(row, lang, today)
    if project:
        facts.append((t("last_checked", lang), checked))
    opened_on = _text(row.get("opened_on"))
    return Details(
        name=row[f"name_{lang}"], other_name=row[f"name_{other}"], category=category,
        status=status + (f" · {t('event_opened', lang, date=opened_on)}" if opened_on else ""),
        schematic=t("schematic_position", lang) if row["precision"] == "schematic" else None,
        facts=tuple(facts), located=located, quote_label=t("plan_says", lang), quote=row["source_quote"],
        description=_text(row.get(f"description_{lang}")) or _text(row.get("description_en")),
        source_label=t("coord_source", lang), source=_coord_source(row, lang),
        checked=f"{t('last_checked', lang)}: {checked}" if project else "")


def checked_text(row: Row, lang: str, today: dt.date | None = None) -> str:
    """When the feature's status was last checked, "never checked", and a stale one flagged as such."""
    day = _text(row.get("last_checked"))
    if day is None:
        return t("checked_never", lang)
    if is_stale(day, today or dt.date.today()):
        return t("checked_stale", lang, date=day, days=STALE_AFTER_DAYS)
    return day


def _coord_source(row: Row, lang: str) -> str:
    return (lang == "zh" and _text(row.get("coord_source_zh"))) or row["coord_source"]


def located_text(row: Row, lang: str) -> str:
    """Who locates the feature, in the reader's words: "OpenStreetMap + Amap (2 independent sources)", "one
    source: OpenStreetMap" or "placed by the map: site not published (searched: …)".

    ``row["families"]``, where the position audit has given them (``layers.data.audit.attach_families``),
    names the families whose sources agree with the drawing.
    """
    if row.get("kind") == "region":
        return t("located_region", lang)
    families = [label(FAMILY_LABELS, f, lang) for f in (row.get("families") or ())]
    if row["confirmation"] == "cross_checked":
        return t("located_checked", lang, sources=" + ".join(families) or "—", n=max(len(families), 2))
    if row["confirmation"] == "single_source":
        return t("located_single", lang, source=families[0] if families else "—")
    return t("located_none", lang, searched=searched_clause(_coord_source(row, lang)))


def searched_clause(text: str, limit: int = 160) -> str:
    """What a position's account says was searched, shortened: the words after "searched" (or "搜索")."""
    found = _SEARCHED.search(text)
    if found is None:
        return "—"
    clause = text[found.end():].strip(" :：;；.。")
    return clause if len(clause) <= limit else clause[:limit].rstrip() + "…"


_SEARCHED = re.compile(r"searched\s*(?:for\s*)?:?|(?:已)?(?:搜索|检索)[：:]?", re.IGNORECASE)


def tooltip_html(details: Details) -> str:
    """The tooltip body (and the head of a phone's card): names, category and status, every text escaped."""
    extra = f" · <i>{escape(details.schematic)}</i>" if details.schematic else ""
    checked = f"<br><small>{escape(details.checked)}</small>" if details.checked else ""
    return (f"<b>{escape(details.name)}</b><br>{escape(details.other_name)}<br>"
            f"<small>{escape(details.category)} · {escape(details.status)}{extra}</small>{checked}")


def popup_html(details: Details) -> str:
    """A popup body for standalone maps (exports): what the details panel shows, every text escaped."""
    rows = "".join(f"<div><b>{escape(k)}:</b> {escape(v)}</div>" for k, v in details.facts)
    description = f"<div>{escape(details.description)}</div>" if details.description else ""
    return (f"<div class='mh-popup'><b>{escape(details.name)}</b><br>{escape(details.other_name)}"
            f"{rows}<div><b>{escape(details.quote_label)}</b></div><q>{escape(details.quote)}</q>{description}"
            f"<small>{escape(details.source_label)}: {escape(details.source)}</small></div>")


def details_blocks(details: Details) -> list[tuple[str, str]]:
    """The details panel as (kind, Markdown) blocks, every data text escaped.

    Kinds: ``heading``, ``text``, ``quote`` (the plan's sentence, set apart) and ``caption``.
    """
    blocks = [("heading", f"#### {md_escape(details.name)}"), ("text", md_escape(details.other_name)),
              ("text", "  \n".join(f"**{md_escape(k)}:** {md_escape(v)}" for k, v in details.facts)),
              ("text", f"**{md_escape(details.quote_label)}**"), ("quote", md_escape(details.quote))]
    if details.description:
        blocks.append(("text", md_escape(details.description)))
    blocks.append(("caption", f"{md_escape(details.source_label)}: {md_escape(details.source)}"))
    return blocks


def events_blocks(events: Events, feature_id: str, lang: str) -> list[tuple[str, str]]:
    """What has happened to a project since the plan, newest first, each event with its source (Markdown blocks).

    A line per event: its date, its status after it, what happened (in ``lang`` where the source says it)
    and the source as a link; fields the event table marks with a ``detail`` label follow.
    """
    blocks = [("text", f"**{md_escape(t('events_heading', lang))}**")]
    rows = events.of(feature_id)
    if rows.empty:
        searched = events.searches.get(feature_id)
        return [*blocks, ("caption", t("events_none_found", lang, date=searched[1]) if searched else "—")]
    extra = [(f.name, f.detail) for f in EVENT_FIELDS if f.detail]  # (field, label key) of each shown beside
    lines = []
    for _, event in rows.iloc[::-1].iterrows():
        # The URL passed validation (http/https only); its text is escaped like every data string.
        source = f"[{md_escape(event['publisher'])}: {md_escape(event['source_title'])}](<{event['url']}>)"
        more = "".join(f"; {md_escape(t(detail, lang))}: {md_escape(str(event[name]))}"
                       for name, detail in extra if _text(event[name]))
        lines.append(f"- **{md_escape(format_date(event['date'], event['date_precision']))}** · "
                     f"{md_escape(label(STATUS_LABELS, event['status'], lang))}: {md_escape(event_text(event, lang))} "
                     f"({source}){more}")
    return [*blocks, ("text", "\n".join(lines))]
