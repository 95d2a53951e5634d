"""An Atom feed of the progress events (``geodata/events.json``): one entry per event, newest first, to
follow the plan in a feed reader. Written by ``python3 -m layers feed --out FILE`` and published by the app
as a static file the page links to (``layers.app.feed_url``).

Each entry's title is the project and the status after the event, in the feed's language; its date is
the first day the event's date covers; it links to the map of that project as of that day (a pinned
link: ``asof`` and ``feature``) and, as ``via``, to the source. The feed is written by feedgen.

What the public gets is decided by the server's settings, never by a reader: the links go to the page's
public address, ``$MINHANG_PUBLIC_URL`` (e.g. ``https://maps.example.org/minhang/``), or, without it, are
relative to the feed's own place under the app's root, so they resolve against wherever it was fetched
from. The address a reader's browser reports (a forged message, another host name) never reaches it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Collection, Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

import pandas as pd
from feedgen.feed import FeedGenerator

from layers.data.events import Events, event_text, format_date, source_name
from layers.maps.assets import app_path
from layers.maps.publish import CACHE_URL
from layers.view.cite import pinned_link
from layers.view.details import verdict_text
from layers.view.i18n import REGION_LABELS, STATUS_LABELS, label, t
from layers.view.spec import FilterSpec
from layers.view.textsafe import safe_href

PUBLIC_URL_ENV = "MINHANG_PUBLIC_URL"  # the page's public address, for links that leave the app (the feed's)
DEFAULT_BASE_URL = "http://localhost:8501/"  # where `streamlit run dashboard.py` serves the page
FEED_NAMESPACE = uuid.UUID("9b1f5d4e-2f0c-4f5b-9a53-6b1e5f0c2023")  # entry ids: stable per event, made here once
# From a published file (under app/static/cache/) back to the app's root, where the page is.
TO_PAGE = "../" * len(app_path(CACHE_URL).split("/"))
_log = logging.getLogger(__name__)


def public_url(environ: Mapping[str, str] = os.environ) -> str | None:
    """The page's public address from ``$MINHANG_PUBLIC_URL`` (ending in "/"), or None where it is unset, or is
    not an http(s) address (said in the log)."""
    value = environ.get(PUBLIC_URL_ENV, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        _log.warning("%s=%r is not an http(s) address without a query: links in the feed stay relative",
                     PUBLIC_URL_ENV, value)
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/", "", ""))


def feed_name(lang: str, tag: str = "", of: str = "") -> str:
    """The feed's file name in the app's static folder, one per language and data folder (``tag``:
    ``layers.maps.publish.folder_tag``, empty for the shipped data, whose subscribers keep its name), and per
    project or region followed (``of``: "f-<id>" or "r-<region>"; empty for the whole plan)."""
    return "-".join(["progress", lang, *([tag] if tag else []), *([of] if of else [])]) + ".xml"


def followed(frame: pd.DataFrame, lang: str, *, feature: str | None = None,
             region: str | None = None) -> tuple[list[str] | None, str | None, str]:
    """What a feed follows: one plan feature, one region's, or (neither) the whole plan. Its features (None: every
    one), their name for its title, and its part of the file name (:func:`feed_name`'s ``of``). Raises KeyError for
    a feature that is not in the plan."""
    plan = frame[frame["kind"] != "region"]
    if feature is not None:
        if feature not in plan.index:
            raise KeyError(feature)
        return [feature], str(plan.at[feature, f"name_{lang}"]), f"f-{feature}"
    if region is not None:
        return list(plan.index[plan["region"] == region]), label(REGION_LABELS, region, lang), f"r-{region}"
    return None, None, ""


def page_url(url: str | None) -> str:
    """The page's address without its query (one feed for every view), or the default where none is known."""
    parts = urlsplit(url or DEFAULT_BASE_URL)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", "")) if parts.netloc else DEFAULT_BASE_URL


def map_link(page: str, feature_id: str, day: dt.date, lang: str) -> str:
    """The page at ``page`` showing one project as of ``day``: a link that shows the same next year."""
    return pinned_link(page, FilterSpec(feature=feature_id, asof=day.isoformat(), lang=lang))


def progress_feed(events: Events, names: Mapping[str, str], lang: str, public: str | None = None,
                  name: str | None = None, *, verdicts: Mapping[str, tuple[str, str]] | None = None,
                  door: str | None = None, only: Collection[str] | None = None, scope: str | None = None) -> bytes:
    """The Atom feed (UTF-8 XML) of every event, newest first. ``names``: feature id -> name in ``lang``;
    ``public``: the page's public address (:func:`public_url`), else every link is relative to the feed,
    published as ``name`` (default :func:`feed_name`) beside the app's other published files; ``verdicts``:
    feature id -> the verdict on its promise and the report that decided it (:func:`verdicts_of`); ``door``: the
    reader door's path from the page (``layers.app.door_path``): an entry then opens it on the project (it draws at
    once on a phone, where most links are opened), and links the app's view as related; ``only``: the features whose
    events it holds (one project or one region followed; None: every one), ``scope`` their name in its title."""
    name = name or feed_name(lang)
    page = page_url(public) if public else TO_PAGE
    feed = FeedGenerator()
    if public:
        feed_url = urljoin(page, f"{app_path(CACHE_URL)}/{name}")
        feed.id(feed_url)
    else:  # an id must be an absolute IRI: one made from the file's name stays the same wherever it is served
        feed_url = name
        feed.id(uuid.uuid5(FEED_NAMESPACE, name).urn)
    feed.title(t("feed_title", lang) + (f" · {scope}" if scope else ""))
    feed.subtitle(t("feed_subtitle", lang))
    feed.author({"name": t("title", lang)})
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.link(href=page, rel="alternate", type="text/html")
    feed.language(lang)
    # A retraction is news too: the entry stays, says so, and is updated on the day it was retracted.
    table = events.table if only is None else events.table[events.table["feature_id"].isin(list(only))]
    table = table.assign(updated=[dt.date.fromisoformat(r) if isinstance(r, str) else day for r, day in
                                         zip(table["retracted"], table["start"], strict=True)])
    table = table.sort_values("updated", kind="stable") if len(table) else table
    newest = dt.date(2023, 1, 1)
    # feedgen lists entries in the reverse of the order they are added: add oldest first, newest shows first.
    for _, event in table.iterrows():
        day, updated = event["start"], event["updated"]
        newest = max(newest, updated)
        entry = feed.add_entry()
        entry.id(_entry_id(event))
        entry.title(entry_title(event, names.get(event["feature_id"], event["feature_id"]), lang))
        entry.published(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC))
        entry.updated(dt.datetime.combine(updated, dt.time(), tzinfo=dt.UTC))
        entry.category(term=str(event["id"]), label=t("feed_event_id", lang, id=event["id"]))
        entry.summary(entry_summary(event, lang, (verdicts or {}).get(event["feature_id"])))
        app_view = map_link(page, event["feature_id"], day, lang)
        if door:
            # The page's address (public, or relative to the feed) ends in "/": the door's path goes after it.
            entry.link(href=map_link(page + door, event["feature_id"], day, lang), rel="alternate", type="text/html")
            entry.link(href=app_view, rel="related", type="text/html")
        else:
            entry.link(href=app_view, rel="alternate", type="text/html")
        if href := safe_href(event["url"]):  # feedgen escapes the attribute; this keeps it a link all the same
            entry.link(href=href, rel="via", title=event["source_title"])
    feed.updated(dt.datetime.combine(newest, dt.time(), tzinfo=dt.UTC))
    return feed.atom_str(pretty=True)


def verdicts_of(frame: pd.DataFrame, lang: str = "en", names: Mapping[str, str] | None = None
                ) -> dict[str, tuple[str, str]]:
    """Feature id -> (the id of the event that decided its promise's verdict, the verdict in words, saying what it
    rests on: :func:`layers.view.details.verdict_text`) of a dated frame (:func:`layers.data.events.frame_as_of`),
    for the features whose verdict an event decided."""
    if "verdict" not in frame:
        return {}
    return {str(fid): (row["verdict_event"], verdict_text(row, lang, names)) for fid, row in frame.iterrows()
            if isinstance(row.get("verdict"), str) and isinstance(row.get("verdict_event"), str)}


def entry_title(event: pd.Series, name: str, lang: str) -> str:
    """An entry's title: the project, its status after the event (or that it states a plan) and the date; a
    retracted event says so first."""
    when = format_date(event["date"], event["date_precision"])
    said = t("event_plan", lang) if event.get("kind") == "plan" else label(STATUS_LABELS, event["status"], lang)
    if event.get("kind") == "inferred":
        said = f"{said} ({t('event_inferred_mark', lang)})"
    title = t("feed_entry", lang, name=name, status=said, date=when)
    return t("feed_retracted", lang, title=title) if isinstance(event.get("retracted"), str) else title


def entry_summary(event: pd.Series, lang: str, verdict: tuple[str, str] | None = None) -> str:
    """An entry's text: a retraction and why; what happened and its source (a copy named as one), the source's own
    words (with our English gloss in the English feed), what an inferred event is inferred from, the verdict on
    the plan's promise where this event decided it, and the event's id."""
    publisher = source_name(event, "publisher", lang)
    if copy_of := source_name(event, "copy_of", lang):
        publisher = t("cite_copy", lang, publisher=publisher, original=copy_of)
    parts = []
    if isinstance(event.get("retracted"), str):
        why = event.get("retracted_why_zh") if lang == "zh" and isinstance(event.get("retracted_why_zh"), str) \
            else event["retracted_why"]
        parts.append(t("event_retracted_on", lang, date=event["retracted"], why=why))
    parts.append(f"{event_text(event, lang)} ({publisher}: {event['source_title']})")
    if isinstance(event.get("quote"), str):
        parts.append(f"{t('event_quote', lang)}: \u201c{' '.join(event['quote'].split())}\u201d")
        gloss = event.get(f"quote_{lang}")  # our translation, in the feed's language
        if event.get("quote_lang") != lang and isinstance(gloss, str):
            parts.append(f"{t('event_quote_en', lang)}: {gloss}")
    if event.get("kind") == "inferred":
        inference = event.get("inference_zh") if lang == "zh" else None
        parts.append(f"{t('event_inference', lang)}: {inference or event.get('inference')}")
    if verdict is not None and verdict[0] == event["id"] and not isinstance(event.get("retracted"), str):
        parts.append(t("feed_verdict", lang, verdict=verdict[1]))
    parts.append(t("feed_event_id", lang, id=event["id"]))
    return "\n".join(parts)


def _entry_id(event: pd.Series) -> str:
    # The same event keeps its id when the feed is written again (a feed reader then shows it once): made from what
    # the event claims, which never changes once committed (layers.data.history), as it was before events had ids.
    key = "|".join(str(event[k]) for k in ("feature_id", "date", "status", "url"))
    return uuid.uuid5(FEED_NAMESPACE, key).urn
