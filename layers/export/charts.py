"""The view's charts as files: the progress timeline (SVG and PNG, drawn by vl-convert, Vega's own renderer,
with no browser) and the progress roll-up (CSV)."""

from __future__ import annotations

import pandas as pd
import vl_convert as vlc

from layers.export.data import DATA_ATTRIBUTION
from layers.export.formats import Job, register
from layers.view.filters import apply_filters, plan_features
from layers.view.i18n import t
from layers.view.rollup import BY, rollup
from layers.view.timeline import timeline_chart, timeline_frames
from layers.view.words import rollup_caption

TIMELINE_WIDTH = 1000  # px: a file has no container to fill


def timeline_spec(job: Job) -> dict:
    """The page's timeline for the view's matching projects, as a Vega-Lite spec sized for a file."""
    if job.events is None:
        raise ValueError("the timeline needs the progress events")
    frame = apply_filters(job.frame, job.spec)
    segments, points = timeline_frames(frame, job.events, job.spec.lang, job.today)
    if segments.empty:
        raise ValueError(t("timeline_empty", job.spec.lang))
    chart = timeline_chart(segments, points, job.spec.lang, job.spec.feature)
    title = f"{t('title', job.spec.lang)}: {t('timeline', job.spec.lang)}"
    return chart.properties(width=TIMELINE_WIDTH, title={"text": title, "subtitle": DATA_ATTRIBUTION}).to_dict()


@register("timeline_svg", "timeline.svg", "image/svg+xml")
def _timeline_svg(job: Job) -> bytes:
    return vlc.vegalite_to_svg(timeline_spec(job)).encode("utf-8")


@register("timeline_png", "timeline.png", "image/png")
def _timeline_png(job: Job) -> bytes:
    return bytes(vlc.vegalite_to_png(timeline_spec(job), scale=2))


@register("rollup", "rollup.csv", "text/csv")
def _rollup(job: Job) -> bytes:
    """One row per count: by (groups or regions), the value, its label, its total, the status (or ``existing``:
    the places already open in 2023, counted apart) and its label, and how many; each row says as of what and
    checked up to when, and the attribution (no comment line: a spreadsheet would take it for data)."""
    lang, frame = job.spec.lang, plan_features(job.frame)
    caption = rollup_caption(job.spec, job.frame)
    rows = [{"by": r.by, "key": r.key, "label": r.heading(lang).rsplit(" · ", 1)[0], "total": r.total,
             "status": s, "status_label": r.label(s, lang).split(" ", 1)[1], "count": n, "as_of": caption,
             "attribution": DATA_ATTRIBUTION}
            for by in BY for r in rollup(frame, by) for s, n in r.counts]
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8-sig")
