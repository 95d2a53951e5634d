"""A feature's details, said once: :func:`feature_details` builds them; the page's panel, the map's tooltip
(which the phone's card shows) and an exported map's popup each render that one text.

Every piece of data text is escaped by the renderer for its medium: Markdown for the panel
(:func:`details_blocks`), HTML for the tooltip and the popup (:func:`tooltip_html`, :func:`popup_html`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlsplit

from layers.data.events import EVENT_FIELDS, STALE_AFTER_DAYS, Events, format_date, is_stale
from layers.data.promises import NO_PROMISE
from layers.data.schema import Row
from layers.view.i18n import (
    CATEGORY_LABELS,
    CLASS_LABELS,
    FAMILY_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    label,
    t,
)
from layers.view.names import english_address
from layers.view.textsafe import marked, md_escape


@dataclass(frozen=True)
class Details:
    """What every view of a feature says about it, in one language, as plain text."""

    name: str
    other_name: str
    category: str  # labels, for the tooltip's line
    status: str  # the status shown, with its opening date where an event opened the feature
    schematic: str | None  # "schematic position" where the position is schematic
    facts: tuple[tuple[str, str], ...]  # (label, value): category, region, status, position, lines, address...
    located: str  # where it is drawn and who confirms it (:func:`provenance`)
    quote_label: str
    quote: str  # the plan's sentence, in Chinese as the plan words it
    description: str | None
    checked: str = ""  # "Last checked: …", flagged when stale (the tooltip and card); empty for the regions
    other_lang: str = "zh"  # the language of ``other_name`` (the other page's); the page's is the other one
    quote_en: str | None = None  # on the English page, our English rendering of the plan's sentence
    quote_en_label: str = ""  # …said to be a translation
    verdict_label: str = ""  # the label of the verdict's fact, which the panel links to ``verdict_url``
    verdict_url: str | None = None  # the report that decided the verdict
    rule: str = ""  # the rule behind the verdict, in words (layers.data.promises)


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
    located = provenance(row, lang)
    facts.append((t("located", lang), located))
    if lines := _text(row.get("lines")):
        names = line_names or {}
        facts.append((t("lines", lang), ", ".join(names.get(i, i) for i in lines.split(","))))
    if address := _text(row.get("address_zh")):
        facts.append((t("address", lang), address if lang == "zh" else english_address(address)))
    facts += promise_facts(row, lang)
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
        description=_text(row.get(f"description_{lang}")) or (_text(row.get("description_en")) if lang == "en" else
                                                               None),
        checked=f"{t('last_checked', lang)}: {checked}" if project else "", other_lang=other,
        quote_en=_text(row.get("source_quote_en")) if lang == "en" else None, quote_en_label=t("plan_says_en", lang),
        verdict_label=t("verdict", lang), verdict_url=_text(row.get("verdict_url")), rule=promise_rule(row, lang))


def promise_facts(row: Row, lang: str) -> list[tuple[str, str]]:
    """What the plan promised (its words, verbatim) and the kind of promise, its horizon, and the verdict as of
    the row's date with the date of the report that decided it; nothing where the plan promised nothing."""
    kind = _text(row.get("commitment_class"))
    if kind is None or kind == NO_PROMISE:
        return []
    kind_label = label(CLASS_LABELS, kind, lang)  # in Chinese often the plan's very words: said once then
    promised = row["commitment"] if kind_label == row["commitment"] else f"{row['commitment']} · {kind_label}"
    facts = [(t("commitment", lang), promised),
             (t("horizon", lang), str(row["horizon"]))]
    if verdict := _text(row.get("verdict")):  # a frame dated by layers.data.events.frame_as_of
        day = _text(row.get("verdict_date"))
        decided = t("verdict_by", lang, date=day) if day else t("verdict_no_report", lang)
        facts.append((t("verdict", lang), f"{label(VERDICT_LABELS, verdict, lang)}{'：' if lang == 'zh' else ': '}"
                                          f"{decided}"))
    return facts


def promise_rule(row: Row, lang: str) -> str:
    """The rule that judged the row's promise, in words: the statuses that keep it, or an ongoing programme."""
    kind = _text(row.get("commitment_class"))
    if kind is None or kind == NO_PROMISE:
        return ""
    kept_by = tuple(row.get("kept_by") or ())
    if not kept_by:
        return t("verdict_ongoing", lang)
    statuses = t("source_list", lang).join(_lower(label(STATUS_LABELS, s, lang), lang) for s in kept_by)
    return t("verdict_rule", lang, statuses=statuses, after=t(f"verdict_after_{row['after_horizon']}", lang))


def checked_text(row: Row, lang: str, today: dt.date | None = None) -> str:
    """When the feature's status was last checked, "never checked", and a stale one flagged as such."""
    day = _text(row.get("last_checked"))
    if day is None:
        return t("checked_never", lang)
    if is_stale(day, today or dt.date.today()):
        return t("checked_stale", lang, date=day, days=STALE_AFTER_DAYS)
    return day


def _lower(text: str, lang: str) -> str:
    return text.lower() if lang == "en" else text


def geometry_class(row: Row) -> str:
    """``point``, ``line`` or ``area``: what kind of drawing a feature is (from its geometry, or its kind)."""
    geometry = row.get("geometry")
    kind = getattr(geometry, "geom_type", None) or row.get("geom_type") or ""
    if not kind:  # no geometry at hand: the kinds that must be lines or areas say it
        return "line" if row.get("kind") in ("rail", "metro", "road") else \
            "area" if row.get("kind") in ("campus", "region") or row.get("category") in ("park", "zone") else "point"
    return "line" if "Line" in kind else "area" if "Polygon" in kind else "point"


def provenance(row: Row, lang: str) -> str:
    """Where the feature is drawn, in the reader's words and language: how close the drawing is and what it is
    placed from ("Placed at the published address, No. 940 Jianchuan Road, Minhang District; its outline is not
    published."), then who confirms it ("OpenStreetMap and Amap agree with it."). Never the research record
    (what was searched, dataset ids): that stays in ``coord_source`` and ``docs/positions.md`` for curators.

    ``row["families"]``, where the position audit has given them (``layers.data.audit.families_of``), names
    the families whose sources agree with the drawing.
    """
    if row.get("kind") == "region":
        return t("located_region", lang)
    shape, precision = geometry_class(row), row["precision"]
    address = _text(row.get("address_zh"))
    if precision == "schematic" and address:
        placed = t("placed_address", lang, address=address if lang == "zh" else english_address(address))
    else:
        placed = t(f"placed_{precision}_{shape}", lang)
    families = [label(FAMILY_LABELS, f, lang) for f in (row.get("families") or ())]
    if row["confirmation"] == "cross_checked" and len(families) > 1:
        listed = t("source_list", lang).join(families[:-1]) + t("source_and", lang) + families[-1]
        confirmed = t("confirmed_checked", lang, sources=listed)
    elif row["confirmation"] in ("cross_checked", "single_source") and families:
        confirmed = t("confirmed_single", lang, source=families[0])
    else:
        confirmed = t("confirmed_none", lang)
    return f"{placed}{'。' if lang == 'zh' else '. '}{confirmed}"


def tooltip_html(details: Details) -> str:
    """The tooltip body (and the head of a phone's card): names, category and status, every text escaped."""
    extra = f" · <i>{escape(details.schematic)}</i>" if details.schematic else ""
    checked = f"<br><small>{escape(details.checked)}</small>" if details.checked else ""
    return (f"<b>{escape(details.name)}</b><br><span lang='{details.other_lang}'>{escape(details.other_name)}</span>"
            f"<br><small>{escape(details.category)} · {escape(details.status)}{extra}</small>{checked}")


def popup_html(details: Details) -> str:
    """A popup body for standalone maps (exports): what the details panel shows, every text escaped."""
    page = _page(details)
    rows = "".join(f"<div><b>{escape(k)}:</b> {marked(v, page, escape=escape)}</div>" for k, v in details.facts)
    description = f"<div>{marked(details.description, page, escape=escape)}</div>" if details.description else ""
    english = (f"<div class='mh-translation'><small>{escape(details.quote_en_label)}</small>"
               f"<q lang='en'>{escape(details.quote_en)}</q></div>") if details.quote_en else ""
    return (f"<div class='mh-popup'><b>{escape(details.name)}</b><br>"
            f"<span lang='{details.other_lang}'>{escape(details.other_name)}</span>{rows}"
            f"<div><b>{escape(details.quote_label)}</b></div><q lang='zh'>{escape(details.quote)}</q>{english}"
            f"{description}</div>")


def _page(details: Details) -> str:
    return "en" if details.other_lang == "zh" else "zh"


def quote_html(text: str, page: str, lang: str) -> str:
    """A sentence set apart (the plan's, or our translation of it), as HTML in its language, escaped."""
    said = f' lang="{lang}"' if lang != page else ""
    return f'<blockquote class="mh-plan"{said}>{escape(text)}</blockquote>'


def details_blocks(details: Details) -> list[tuple[str, str]]:
    """The details panel as (kind, Markdown) blocks, every data text escaped, what is in the other language
    marked so (:func:`layers.view.textsafe.marked`): the page renders them with ``unsafe_allow_html``.

    Kinds: ``heading``, ``text``, ``quote`` (the plan's sentence, set apart: HTML) and ``caption``.
    """
    page = _page(details)

    def fact(key: str, value: str) -> str:
        if key == details.verdict_label and details.verdict_url:  # the verdict links the report that decided it
            return f"**{md_escape(key)}:** [{marked(value, page)}](<{details.verdict_url}>)"
        return f"**{md_escape(key)}:** {marked(value, page)}"

    blocks = [("heading", f"#### {md_escape(details.name)}"),
              ("text", marked(details.other_name, page, details.other_lang)),
              ("text", "  \n".join(fact(k, v) for k, v in details.facts))]
    if details.rule:  # the rule that judged the verdict, under the facts
        blocks.append(("caption", md_escape(details.rule)))
    blocks += [("text", f"**{md_escape(details.quote_label)}**"), ("quote", quote_html(details.quote, page, "zh"))]
    if details.quote_en:  # the English page: our translation under the plan's own words, said to be one
        blocks += [("caption", md_escape(details.quote_en_label)), ("quote", quote_html(details.quote_en, page, "en"))]
    if details.description:
        blocks.append(("text", marked(details.description, page)))
    return blocks


def events_blocks(events: Events, feature_id: str, lang: str) -> list[tuple[str, str]]:
    """What has happened to a project, newest first, each event with its source (Markdown blocks).

    A line per event: its date, its status after it, what happened and the source as a link; under it what the
    source says in its own words (with our English gloss on the English page), whose copy a copied page is,
    a second report, and where sources disagree. Fields the event table marks with a ``detail`` label follow.
    """
    blocks = [("text", f"**{md_escape(t('events_heading', lang))}**")]
    rows = events.of(feature_id)
    searched = events.searches.get(feature_id)
    if rows.empty:
        return [*blocks, ("caption", t("events_none_found", lang, date=searched[1]) if searched else "—")]
    lines = [_event_markdown(event, lang) for _, event in rows.iloc[::-1].iterrows()]
    blocks.append(("text", "\n".join(lines)))
    if searched:  # searched again after the newest event: nothing newer was found
        blocks.append(("caption", t("events_searched_again", lang, date=searched[1])))
    return blocks


_SHOWN = {"quote", "quote_lang", "quote_en", "copy_of", "copy_of_url", "also_url", "also_publisher", "conflict"}


def _event_markdown(event: Row, lang: str) -> str:
    """One event as a Markdown list item; every data text escaped, every URL one that passed validation."""
    source = f"[{marked(event['publisher'], lang)}: {marked(event['source_title'], lang)}](<{event['url']}>)"
    quote_lang = _text(event.get("quote_lang")) or "en"
    # On the Chinese page a Chinese source speaks for itself; our English account is for the English page.
    account = _text(event.get("evidence_zh")) if lang == "zh" else event["evidence"]
    said = f": {marked(account, lang)}" if account else ""
    head = (f"- **{md_escape(format_date(event['date'], event['date_precision']))}** · "
            f"{md_escape(label(STATUS_LABELS, event['status'], lang))}{said} ({source})")
    under = []
    if quote := _text(event.get("quote")):
        under.append("  > " + "  \n  > ".join(marked(q.strip(), lang, quote_lang) for q in quote.splitlines()
                                               if q.strip()))
        if lang == "en" and quote_lang != "en" and (gloss := _text(event.get("quote_en"))):
            under.append(f"  *{md_escape(t('event_quote_en', lang))}:* {marked(gloss, lang)}")
    if copy_of := _text(event.get("copy_of")):
        original = (f" ([{md_escape(t('event_copy_original', lang))}](<{event['copy_of_url']}>))"
                    if _text(event.get("copy_of_url")) else "")
        under.append(f"  {md_escape(t('event_copy_of', lang))} {marked(copy_of, lang)}{original}")
    if also := _text(event.get("also_url")):
        name = _text(event.get("also_publisher")) or urlsplit(also).netloc
        under.append(f"  {md_escape(t('event_also', lang))} [{marked(name, lang)}](<{also}>)")
    if conflict := _text(event.get("conflict")):
        under.append(f"  **{md_escape(t('event_conflict', lang))}:** {marked(conflict, lang)}")
    extra = [f"  {md_escape(t(f.detail, lang))}: {marked(str(event[f.name]), lang)}" for f in EVENT_FIELDS
             if f.detail and f.name not in _SHOWN and _text(event.get(f.name))]
    return "\n\n".join([head, *under, *extra]) if under or extra else head
