"""Cite this view: the title, the date its statuses are as of, its pinned link, the day it was read, how its
promises stand, and the sources behind the statuses it shows (a copy named as one), in English or Chinese;
and a one-line form for the camera's PNG footer and the HTML export."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd

from layers.data import asof
from layers.data.events import Events, source_name
from layers.data.promises import VERDICTS
from layers.data.stations import OSM_DATE
from layers.view.i18n import VERDICT_LABELS, label, t
from layers.view.spec import FilterSpec
from layers.view.textsafe import safe_href


def pinned_link(page: str, spec: FilterSpec, today: dt.date | None = None) -> str:
    """This view's address on ``page`` (the app's URL, no query), its ``asof`` pinned to the date shown."""
    query = replace(spec, asof=asof.pinned(spec.asof, today)).to_query_params()
    return f"{page}?{urlencode(query)}" if query else page


def sources_shown(matches: pd.DataFrame, events: Events, shown: str, lang: str = "en"
                  ) -> list[tuple[str, str, str, str]]:
    """(publisher, title, link, event ids) of the events that set the statuses ``matches`` show as of ``shown``,
    once per source, in the matches' order (a project still as the plan said it has none: the plan is the
    source). A plan's statement or a retracted event never sets a status (``layers.data.events.counts``)."""
    day = asof.asof_day(shown)
    out: dict[str, tuple[str, str, str, list[str]]] = {}
    if asof.asof_kind(shown) == asof.PLAN:
        return []
    for fid in matches.index:
        # The event that set its status since the plan (one before it is the history behind the plan's status).
        if (last := events.setter(fid, day)) is not None:
            publisher = source_name(last, "publisher", lang) or ""
            if copy_of := source_name(last, "copy_of", lang):  # a copy is cited as one, naming its original publisher
                publisher = t("cite_copy", lang, publisher=publisher, original=copy_of)
            url = safe_href(last["url"]) or ""  # plain text to copy: still no markup in it, wherever it is pasted
            out.setdefault(url, (publisher, last["source_title"], url, []))[3].append(last["id"])
    return [(p, title, url, ", ".join(ids)) for p, title, url, ids in out.values()]


def promises_line(matches: pd.DataFrame, lang: str) -> str | None:
    """How the promises of ``matches`` stand as of their date, in one line ("3 kept on time · 7 kept late · …");
    None where they made none (or the frame carries no verdicts)."""
    if "promise" not in matches:
        return None
    tally = Counter(v for v in matches["promise"].tolist() if v in VERDICTS)
    if not tally:
        return None
    counts = " · ".join(f"{tally[v]} {_lower(label(VERDICT_LABELS, v, lang), lang)}" for v in VERDICTS if tally[v])
    return t("cite_promises", lang, n=sum(tally.values()), counts=counts)


def _lower(text: str, lang: str) -> str:
    return text.lower() if lang == "en" else text


def short_citation(shown: str, lang: str, today: dt.date | None = None, link: str | None = None) -> str:
    """One line: the title, the date shown (pinned), the day read, and the link where there is one."""
    day = today or dt.date.today()
    text = t("cite_short", lang, title=t("title", lang), asof=_asof_words(shown, lang, day), today=day.isoformat())
    return f"{text} {link}" if link else text


def citation(matches: pd.DataFrame, events: Events, shown: str, lang: str, link: str, *,
             today: dt.date | None = None, near: str | None = None) -> str:
    """The full citation, as plain text to copy: the short form, then one line per source. ``near``: a view near
    stations, its sentence (``layers.view.rollup.near_sentence``), with what its distances rest on."""
    sources = sources_shown(matches, events, shown, lang)
    promised = promises_line(matches, lang)
    lines = [short_citation(shown, lang, today, link), *([promised] if promised else []),
             *([near, t("cite_near", lang, osm=OSM_DATE)] if near else []),
             t("cite_sources", lang, n=len(sources))]
    lines += [t("cite_source", lang, publisher=p, title=title, url=url, ids=ids) for p, title, url, ids in sources]
    if not sources:
        lines.append(t("cite_plan", lang))
    return "\n".join(lines)


def _asof_words(shown: str, lang: str, today: dt.date) -> str:
    pinned = asof.pinned(shown, today)
    return t("asof_summary_plan", lang) if pinned == asof.PLAN else t("asof_summary_date", lang, date=pinned)
