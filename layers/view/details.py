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

import pandas as pd

from layers.data.events import EVENT_FIELDS, STALE_AFTER_DAYS, Events, format_date, is_stale, source_name
from layers.data.promises import NO_PROMISE
from layers.data.schema import PLAN_SLIPS, Row
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
from layers.view.textsafe import marked, md_escape, md_link, safe_href


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
    lines: str = ""  # the lines a station serves, by name (its tooltip and card say them)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def plan_sentence(quote: str, lang: str) -> str:
    """The plan's sentence as a reader meets it: verbatim, each slip of its text (:data:`PLAN_SLIPS`) marked
    [sic] with what the plan meant, in the page's language."""
    for slip, meant in PLAN_SLIPS.items():
        quote = quote.replace(slip, f"{slip}{t('sic', lang, meant=meant)}")
    return quote


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
    if row.get("plan_part") == "existing":  # a place the plan names, open before it: no progress of the plan's
        facts.append((t("plan_part", lang), t("plan_part_existing", lang)))
    located = provenance(row, lang)
    facts.append((t("located", lang), located))
    named_lines = ""
    if lines := _text(row.get("lines")):
        names = line_names or {}
        named_lines = t("source_list", lang).join(names.get(i.strip(), i.strip()) for i in lines.split(","))
        facts.append((t("lines", lang), named_lines))
    if address := _text(row.get("address_zh")):
        facts.append((t("address", lang), address if lang == "zh" else english_address(address)))
    facts += promise_facts(row, lang, line_names)
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
        facts=tuple(facts), located=located, quote_label=t("plan_says", lang),
        quote=plan_sentence(row["source_quote"], lang),
        description=_text(row.get(f"description_{lang}")) or (_text(row.get("description_en")) if lang == "en" else
                                                               None),
        checked=f"{t('last_checked', lang)}: {checked}" if project else "", other_lang=other,
        quote_en=_text(row.get("source_quote_en")) if lang == "en" else None, quote_en_label=t("plan_says_en", lang),
        verdict_label=t("verdict", lang), verdict_url=_text(row.get("verdict_url")), rule=promise_rule(row, lang),
        lines=named_lines)


def promise_facts(row: Row, lang: str, line_names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """What the plan promised (its words, verbatim) and the kind of promise, its horizon, and the verdict as of
    the row's date with what it rests on (:func:`verdict_text`); nothing where the plan promised nothing."""
    kind = _text(row.get("commitment_class"))
    if kind is None or kind == NO_PROMISE:
        return []
    kind_label = label(CLASS_LABELS, kind, lang)  # in Chinese often the plan's very words: said once then
    promised = row["commitment"] if kind_label == row["commitment"] else f"{row['commitment']} · {kind_label}"
    facts = [(t("commitment", lang), promised),
             (t("horizon", lang), str(row["horizon"]))]
    if _text(row.get("verdict")):  # a frame dated by layers.data.events.frame_as_of
        head, basis = verdict_parts(row, lang, line_names)
        facts += [(t("verdict", lang), head), (t("verdict_rests_on", lang), basis)]
    return facts


def verdict_text(row: Row, lang: str, line_names: Mapping[str, str] | None = None) -> str:
    """The verdict on a row's promise in one line, saying what it rests on (:func:`verdict_parts`): "Kept on time,
    inferred: under way when the plan was written (reported 2020-10-28), and under construction on 2024-10-23 ·
    opened 2024-12-27". The ledger, the exports and the feed say it so."""
    head, basis = verdict_parts(row, lang, line_names)
    return f"{head}{_colon(lang)}{basis}"


def verdict_parts(row: Row, lang: str, line_names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The verdict on a row's promise ("Kept on time", "…, inferred") and what it rests on: the report's status and
    date; an inference and what from (an inferred event's own words, or the state at the plan's date and a later
    report); the line's news; a copy; and, where it opened after the report that kept it, the opening (a later
    milestone, never a deadline)."""
    verdict = row["verdict"]
    head = label(VERDICT_LABELS, verdict, lang)
    day, basis = _text(row.get("verdict_date")), _text(row.get("verdict_basis"))
    if day is None:
        return head, t("verdict_no_report", lang)
    if basis in ("across", "inferred"):
        head = t("verdict_inferred_head", lang, verdict=head)
    if basis == "across":
        since = _text(row.get("verdict_since"))  # an event's id ("<feature>/<date>[.n]"), or the plan's words
        owner, _, when = (since or "").partition("/")
        when = when.split(".")[0]
        since_words = t("verdict_since_plan", lang) if since in (None, "plan") else \
            t("verdict_since_event", lang, date=when) if owner == row.get("id", owner) else \
            t("verdict_since_line", lang, line=(line_names or {}).get(owner, owner), date=when)
        status = _lower(label(STATUS_LABELS, row["verdict_status"], lang), lang)
        said = t("verdict_across", lang, since=since_words, status=status, date=day)
    elif basis == "inferred":
        inference = _text(row.get("verdict_inference_zh")) if lang == "zh" else None
        said = inference or _text(row.get("verdict_inference")) or day
    elif row.get("verdict_status") in (None, "unknown") or verdict == "under_way":
        said = t("verdict_news", lang, date=day)
    else:
        status = _lower(label(STATUS_LABELS, row["verdict_status"], lang), lang)
        said = t("verdict_reported", lang, status=status, date=day)
    parts = [said]
    if via := _text(row.get("verdict_via")):
        parts.append(t("verdict_via", lang, line=(line_names or {}).get(via, via)))
    if copy_of := source_name({"copy_of": row.get("verdict_copy"), "copy_of_zh": row.get("verdict_copy_zh")},
                              "copy_of", lang):
        parts.append(t("verdict_copy", lang, original=copy_of))
    opened = _text(row.get("opened_on"))
    if opened and verdict in ("kept_on_time", "kept_late") and opened > day:
        parts.append(t("event_opened", lang, date=opened))
    return head, " · ".join(parts)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _brackets(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f"({text})"


def promise_rule(row: Row, lang: str) -> str:
    """The rule that judged the row's promise, in the ledger's own words (``geodata/promises.json``)."""
    kind = _text(row.get("commitment_class"))
    if kind is None or kind == NO_PROMISE:
        return ""
    return f"{t('verdict_rule', lang)}{_colon(lang)}{_text(row.get(f'rule_{lang}')) or ''}"


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
    lines = f" · {escape(details.lines)}" if details.lines else ""  # a station's lines, by name
    return (f"<b>{escape(details.name)}</b><br><span lang='{details.other_lang}'>{escape(details.other_name)}</span>"
            f"<br><small>{escape(details.category)}{lines} · {escape(details.status)}{extra}</small>{checked}")


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
    blocks = [("heading", f"#### {md_escape(details.name)}"),
              ("text", marked(details.other_name, page, details.other_lang)), *facts_blocks(details)]
    blocks += [("text", f"**{md_escape(details.quote_label)}**"), ("quote", quote_html(details.quote, page, "zh"))]
    if details.quote_en:  # the English page: our translation under the plan's own words, said to be one
        blocks += [("caption", md_escape(details.quote_en_label)), ("quote", quote_html(details.quote_en, page, "en"))]
    if details.description:
        blocks.append(("text", marked(details.description, page)))
    return blocks


def facts_blocks(details: Details) -> list[tuple[str, str]]:
    """The details' facts (status, the promise and its verdict linking the report that decided it, …), then the
    rule that judged the verdict: the details panel's, and the reader door's card's."""
    page = _page(details)

    def fact(key: str, value: str) -> str:
        if key == details.verdict_label and details.verdict_url:  # the verdict links the report that decided it
            return f"**{md_escape(key)}:** {md_link(marked(value, page), details.verdict_url)}"
        return f"**{md_escape(key)}:** {marked(value, page)}"

    blocks = [("text", "  \n".join(fact(k, v) for k, v in details.facts))]
    if details.rule:  # the rule that judged the verdict, under the facts (the plan's verbs in it, in Chinese)
        blocks.append(("caption", marked(details.rule, page)))
    return blocks


def line_stations_blocks(frame: Any, line_id: str, lang: str) -> list[tuple[str, str]]:
    """A line's stations in the plan, as the line's details list them: how many of those it adds are open, and
    each with its status as of ``frame``'s date. Apart: a station already open in 2023 (a railway hub the line
    calls at), and an interchange whose status is another line's (its promise ``via``): neither status is this
    line's. None for a feature no station names as its line."""
    if "lines" not in frame:
        return []
    serves = [isinstance(v, str) and line_id in [x.strip() for x in v.split(",")] for v in frame["lines"].tolist()]
    stations = frame[serves]
    if stations.empty:
        return []
    existing = stations.get("plan_part", pd.Series("", index=stations.index)) == "existing"
    via = stations.get("via", pd.Series(None, index=stations.index))
    others = [isinstance(v, str) and v != line_id for v in via.tolist()]
    own = stations[~existing & ~pd.Series(others, index=stations.index)]
    tally: dict[str, int] = {}
    for status in own["status"].tolist():
        tally[status] = tally.get(status, 0) + 1
    counts = t("source_list", lang).join(t("line_station_count", lang, n=n, status=_lower(label(
        STATUS_LABELS, s, lang), lang)) for s, n in tally.items())
    opened = sum(n for s, n in tally.items() if s in ("partly_open", "operating", "completed"))
    head = t("line_stations_none", lang) if own.empty else \
        t("line_stations_one" if len(own) == 1 else "line_stations", lang, n=len(own), open=opened, counts=counts)
    names = dict(zip(frame.index, frame[f"name_{lang}"], strict=True))
    rows = [f"- {md_escape(str(r[f'name_{lang}']))} · {md_escape(label(STATUS_LABELS, r['status'], lang))}"
            for _, r in own.iterrows()]
    for fid, r in stations.drop(own.index).iterrows():
        said = t("line_station_existing", lang) if existing[fid] else t(
            "line_station_other", lang, status=_lower(label(STATUS_LABELS, r["status"], lang), lang),
            line=names.get(r["via"], r["via"]))
        rows.append(f"- {md_escape(str(r[f'name_{lang}']))} · {md_escape(said)}")
    return [("text", f"**{md_escape(head)}**"), ("text", "\n".join(rows))]


def events_blocks(events: Events, feature_id: str, lang: str, via: str | None = None,
                  line_names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """What has happened to a project, newest first, each event with its source (Markdown blocks); then the events
    we retracted, with the day and why (our corrections stay in view).

    A line per event: its date, its status after it (or that it is a plan, not a report), what happened, the
    source as a link and the event's id; under it what the source says in its own words (with our English gloss
    on the English page), what an inferred event is inferred from, the line whose news it is (``via``: a station
    the plan names through its line, with no news of its own), whose copy a copied page is, a second report, and
    where sources disagree. Fields the event table marks with a ``detail`` label follow.
    """
    blocks = [("text", f"**{md_escape(t('events_heading', lang))}**")]
    rows = events.evidence(feature_id, via)
    searched = events.searches.get(feature_id)
    if rows.empty:
        blocks.append(("caption", t("events_none_found", lang, date=searched[1]) if searched else "—"))
    else:
        if via and rows["via"].notna().any():  # said once: whose reports these are
            blocks.append(("caption", md_escape(t("events_via", lang, line=(line_names or {}).get(via, via)))))
        lines = [_event_markdown(event, lang, line_names) for _, event in rows.iloc[::-1].iterrows()]
        blocks.append(("text", "\n".join(lines)))
        if searched:  # searched again after the newest event: nothing newer was found
            blocks.append(("caption", t("events_searched_again", lang, date=searched[1])))
    retracted = events.retracted_of(feature_id)
    if len(retracted):
        blocks.append(("text", f"**{md_escape(t('events_retracted', lang))}**"))
        blocks.append(("text", "\n".join(_retracted_markdown(event, lang) for _, event in
                                         retracted.iloc[::-1].iterrows())))
    return blocks


_SHOWN = {"quote", "quote_lang", "quote_en", "quote_zh", "copy_of", "copy_of_url", "also_url", "also_publisher",
          "conflict", "conflict_zh", "inference", "inference_zh", "retracted", "retracted_why", "retracted_why_zh",
          "replaced_by"}


def _event_head(event: Row, lang: str) -> str:
    """An event's first words: its date, and its status after it, or that it states a plan (never a status)."""
    when = md_escape(format_date(event["date"], event["date_precision"]))
    if event.get("kind") == "plan":
        return f"**{when}** · *{md_escape(t('event_plan', lang))}*"
    status = t("event_no_status", lang) if event["status"] == "unknown" else label(STATUS_LABELS, event["status"], lang)
    inferred = f" *{md_escape(_brackets(t('event_inferred_mark', lang), lang))}*" if event.get("kind") == "inferred" \
        else ""
    return f"**{when}** · {md_escape(status)}{inferred}"


def event_account(event: Row, lang: str) -> str | None:
    """What happened, in the page's language; on the Chinese page only where it has a Chinese account (a Chinese
    source then speaks for itself)."""
    return _text(event.get("evidence_zh")) if lang == "zh" else _text(event.get("evidence"))


def _event_markdown(event: Row, lang: str, line_names: Mapping[str, str] | None = None) -> str:
    """One event as a Markdown list item; every data text escaped, every URL one that passed validation."""
    source = md_link(f"{marked(source_name(event, 'publisher', lang) or '', lang)}{_colon(lang)}"
                     f"{marked(event['source_title'], lang)}", event["url"])
    quote_lang = _text(event.get("quote_lang")) or "en"
    account = event_account(event, lang)
    said = f"{_colon(lang)}{marked(account, lang)}" if account else ""
    via = _text(event.get("via"))  # a line's report, on its station's list: the line's name says whose it is
    line = f" · *{md_escape(t('event_via', lang, line=(line_names or {}).get(via, via)))}*" if via else ""
    head = f"- {_event_head(event, lang)}{line}{said} ({source}) {_event_id(event)}"
    under = []
    if quote := _text(event.get("quote")):
        under.append("  > " + "  \n  > ".join(marked(q.strip(), lang, quote_lang) for q in quote.splitlines()
                                               if q.strip()))
        if quote_lang != lang and (gloss := _text(event.get(f"quote_{lang}"))):  # our translation, said to be one
            under.append(f"  *{md_escape(t('event_quote_en', lang))}:* {marked(gloss, lang)}")
    if event.get("kind") == "inferred":
        inference = (_text(event.get("inference_zh")) if lang == "zh" else None) or _text(event.get("inference"))
        if inference:
            under.append(f"  **{md_escape(t('event_inference', lang))}:** {marked(inference, lang)}")
    if copy_of := source_name(event, "copy_of", lang):
        original = (f" ({md_link(md_escape(t('event_copy_original', lang)), event['copy_of_url'])})"
                    if safe_href(event.get("copy_of_url")) else "")
        under.append(f"  {md_escape(t('event_copy_of', lang))} {marked(copy_of, lang)}{original}")
    if also := _text(event.get("also_url")):
        name = source_name(event, "also_publisher", lang) or urlsplit(also).netloc
        under.append(f"  {md_escape(t('event_also', lang))} {md_link(marked(name, lang), also)}")
    if conflict := (_text(event.get("conflict_zh")) if lang == "zh" else None) or _text(event.get("conflict")):
        under.append(f"  **{md_escape(t('event_conflict', lang))}:** {marked(conflict, lang)}")
    extra = [f"  {md_escape(t(f.detail, lang))}: {marked(str(event[f.name]), lang)}" for f in EVENT_FIELDS
             if f.detail and f.name not in _SHOWN and _text(event.get(f.name))]
    return "\n\n".join([head, *under, *extra]) if under or extra else head


def _event_id(event: Row) -> str:
    # Small, after the source: the id a reader can point at (ids are validated: letters, digits, - / . only).
    # lang="zxx": an identifier, in no language (a screen reader spells it; a translator leaves it).
    return f"<small class='mh-event-id' lang='zxx' translate='no'>{escape(str(event['id']))}</small>"


def _retracted_markdown(event: Row, lang: str) -> str:
    """A retracted event: what it said, struck through, then the day it was retracted, why, and what replaced it."""
    account = event_account(event, lang)
    said = f"{_colon(lang)}{marked(account, lang)}" if account else ""
    source = md_link(marked(source_name(event, 'publisher', lang) or '', lang), event["url"])
    why = (_text(event.get("retracted_why_zh")) if lang == "zh" else None) or event["retracted_why"]
    replaced = _text(event.get("replaced_by"))
    note = t("event_retracted_on", lang, date=event["retracted"], why=why)
    if replaced:
        note += " " + t("event_replaced_by", lang, id=replaced)
    return f"- ~~{_event_head(event, lang)}{said}~~ ({source}) {_event_id(event)}\n\n  *{marked(note, lang)}*"
