"""Cite this view: the title, the date its statuses are as of, its pinned link, the day it was read, and the
sources behind the statuses it shows, in English or Chinese; and a one-line form for the camera's PNG footer
and the HTML export."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd

from layers.data import asof
from layers.data.events import Events
from layers.view.i18n import t
from layers.view.spec import FilterSpec


def pinned_link(page: str, spec: FilterSpec, today: dt.date | None = None) -> str:
    """This view's address on ``page`` (the app's URL, no query), its ``asof`` pinned to the date shown."""
    query = replace(spec, asof=asof.pinned(spec.asof, today)).to_query_params()
    return f"{page}?{urlencode(query)}" if query else page


def sources_shown(matches: pd.DataFrame, events: Events, shown: str) -> list[tuple[str, str, str]]:
    """(publisher, title, link) of the events that set the statuses ``matches`` show as of ``shown``, once
    each, in the matches' order (a project still as the plan said it has none: the plan is the source)."""
    day = asof.asof_day(shown)
    out: dict[str, tuple[str, str, str]] = {}
    if asof.asof_kind(shown) == asof.PLAN:
        return []
    for fid in matches.index:
        rows = events.of(fid)
        rows = rows[(rows["status"] != "unknown") & (True if day is None else rows["start"] <= day)]
        if len(rows):
            last = rows.iloc[-1]
            out.setdefault(last["url"], (last["publisher"], last["source_title"], last["url"]))
    return list(out.values())


def short_citation(shown: str, lang: str, today: dt.date | None = None, link: str | None = None) -> str:
    """One line: the title, the date shown (pinned), the day read, and the link where there is one."""
    day = today or dt.date.today()
    text = t("cite_short", lang, title=t("title", lang), asof=_asof_words(shown, lang, day), today=day.isoformat())
    return f"{text} {link}" if link else text


def citation(matches: pd.DataFrame, events: Events, shown: str, lang: str, link: str, *,
             today: dt.date | None = None) -> str:
    """The full citation, as plain text to copy: the short form, then one line per source."""
    sources = sources_shown(matches, events, shown)
    lines = [short_citation(shown, lang, today, link), t("cite_sources", lang, n=len(sources))]
    lines += [t("cite_source", lang, publisher=p, title=title, url=url) for p, title, url in sources]
    if not sources:
        lines.append(t("cite_plan", lang))
    return "\n".join(lines)


def _asof_words(shown: str, lang: str, today: dt.date) -> str:
    pinned = asof.pinned(shown, today)
    return t("asof_summary_plan", lang) if pinned == asof.PLAN else t("asof_summary_date", lang, date=pinned)
