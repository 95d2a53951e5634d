"""The progress timeline: one row per project, from the 2023 plan to its latest reported event.

Built with Altair (it ships with Streamlit): bars coloured by the status each project held between
events, a dot at each dated event (tooltip: date, status, what happened, source), years on the axis and
the plan's date marked, rows grouped by the plan's groups in the plan's order. A click selects the
project; the export panel downloads it as SVG or PNG (``layers.export.charts``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd

from layers.data.asof import PLAN_DATE
from layers.data.events import EVENT_STATUSES, Events, event_text, format_date
from layers.data.schema import PLAN_GROUPS, plan_group
from layers.view.i18n import GROUP_LABELS, PART_LABELS, STATUS_LABELS, VERDICT_LABELS, label, t
from layers.view.palette import STATUS_COLOURS  # the map's and the roll-up's colours too

SELECTION = "pick"


def timeline_frames(frame: pd.DataFrame, events: Events, lang: str,
                    today: dt.date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(segments, events) for the chart: every project in ``frame`` that has an event or a search. ``today``:
    the date shown (the latest report's is today), to which each bar runs, faded after its last report."""
    today = today or dt.date.today()
    segments: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    for position, (index, row) in enumerate(frame.iterrows()):
        fid = str(index)
        rows = events.of(fid)
        rows = rows[rows["kind"] != "plan"]  # a plan's statement is no step the project took: not on the chart
        name = row[f"name_{lang}"]
        group = plan_group(row["category"], row.get("kind")) or PLAN_GROUPS[-1]
        # Rows in the plan's groups, then in the catalog's order (the plan's own) within each; the places already
        # open in 2023 in a group of their own, last: their history is no progress of the plan's.
        existing = row.get("plan_part") == "existing"
        place = {"group": label(PART_LABELS, "existing", lang) if existing else label(GROUP_LABELS, group, lang),
                 "order": (len(PLAN_GROUPS) if existing else PLAN_GROUPS.index(group)) * 100_000 + position,
                 # The plan's deadline for its promise (layers.data.promises), and the verdict as of the date shown.
                 "horizon": row.get("horizon") if isinstance(row.get("horizon"), str) else None,
                 "verdict": label(VERDICT_LABELS, row["verdict"], lang) if isinstance(row.get("verdict"), str) else ""}
        plan_status = row["status_2023"] if isinstance(row.get("status_2023"), str) else row["status"]
        if rows.empty:
            if fid in events.searches:
                # Nothing reported since the plan: its 2023 status, drawn faint, to the day it was searched.
                searched = events.searches[fid][1]
                segments.append({**_segment(fid, name, (PLAN_DATE, dt.date.fromisoformat(searched)), plan_status,
                                            lang, reported=False), **place})
            continue
        # The plan's own status (the frame may show statuses as of a later date).
        start, status = PLAN_DATE, plan_status
        for _, event in rows.iterrows():
            # A bar per status: an event that confirms the status (a later report) is a dot on the same bar;
            # one from before the plan is the history behind the plan's status (layers.data.events).
            if event["status"] not in ("unknown", status) and event["start"] >= PLAN_DATE:
                if event["start"] > start:
                    segments.append({**_segment(fid, name, (start, event["start"]), status, lang), **place})
                start, status = max(start, event["start"]), event["status"]
            when = format_date(event["date"], event["date_precision"])
            status_label = label(STATUS_LABELS, event["status"], lang)
            if event.get("kind") == "inferred":  # an inference among the reports, said so on hover
                status_label = f"{status_label} ({t('event_inferred_mark', lang)})"
            points.append({"feature_id": fid, "name": name, "date": pd.Timestamp(event["start"]), "when": when,
                           "status": event["status"], "status_label": status_label,
                           "evidence": event_text(event, lang),
                           "source": f"{event['publisher']}: {event['source_title']}",
                           "description": f"{name} · {when} · {status_label}"})
        # The status after the last event: to the last report (at least a sliver, so a project whose latest news
        # is its only news shows), then faded to the date shown: it held as far as anyone reported, no further
        # claimed (it never read as "ran briefly" and stopped).
        last = max(start, rows["start"].max(), start + dt.timedelta(days=20))
        segments.append({**_segment(fid, name, (start, last), status, lang), **place})
        if today > last:
            segments.append({**_segment(fid, name, (last, today), status, lang, tail=True), **place})
    return pd.DataFrame(segments), pd.DataFrame(points)


# How much of a bar's colour fills it: reported, since the last report (its tail), nothing reported since the plan.
FILL = {"reported": 1.0, "tail": 0.3, "silent": 0.0}


def _segment(fid: str, name: str, span: tuple[dt.date, dt.date], status: str, lang: str, *,
             reported: bool = True, tail: bool = False) -> dict[str, Any]:
    start, end = span
    status_label = label(STATUS_LABELS, status, lang)
    note = f" ({t('timeline_tail', lang)})" if tail else ""
    return {"feature_id": fid, "name": name, "start": pd.Timestamp(start), "end": pd.Timestamp(end),
            "status": status, "status_label": status_label + note, "reported": reported,
            "fill": FILL["tail" if tail else "reported" if reported else "silent"],
            "description": f"{name} · {status_label}{note} · {start:%Y-%m} – {end:%Y-%m}"}


def timeline_chart(segments: pd.DataFrame, points: pd.DataFrame, lang: str,
                   selected: str | None = None) -> alt.LayerChart | alt.FacetChart:
    """The chart: status bars per project under a heading row per plan group, event dots, clickable (selection
    ``pick`` on ``feature_id``). It starts at the plan: an event reported from before it is left out, and the
    axis says how many were."""
    pick = alt.selection_point(name=SELECTION, fields=["feature_id"], on="click", clear=False)
    early = points["date"] < pd.Timestamp(PLAN_DATE) if not points.empty else pd.Series(dtype=bool)
    points = points[~early] if not points.empty else points
    domain = [s for s in EVENT_STATUSES if s in set(segments.get("status", ())) | set(points.get("status", ()))]
    scale = alt.Scale(domain=domain, range=[STATUS_COLOURS[s] for s in domain])
    colour = alt.Color("status:N", title=t("status", lang), scale=scale,
                       legend=alt.Legend(orient="right", symbolOpacity=1, labelExpr=_label_expr(domain, lang),
                                         description=t("status", lang)))
    rows, heads = _rows(segments)
    head = f"indexof({_js_list(heads)}, datum.label) >= 0"
    # Each group's name heads a row of its own, in bold on the axis: over a bar it hid the bar's start.
    y = alt.Y("name:N", title=None, sort=rows, scale=alt.Scale(domain=rows),
              axis=alt.Axis(labelLimit=260, labelOverlap=False, description=t("timeline_rows", lang),
                            labelFontWeight={"condition": {"test": head, "value": "bold"}, "value": "normal"},
                            labelColor={"condition": {"test": head, "value": "#212529"}, "value": "#495057"}))
    # Years on the axis, one tick each (month names alone never said which year); from the plan's date.
    title = t("timeline_axis", lang)
    x = alt.X("start:T", title=[title, t("timeline_before_plan", lang, n=int(early.sum()))] if early.any() else title,
              scale=alt.Scale(domainMin=alt.DateTime(year=PLAN_DATE.year, month=PLAN_DATE.month, date=PLAN_DATE.day)),
              axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, grid=True, description=title))
    # Nothing reported since the plan: the bar outlined in its colour, dashed, not filled (a pale tint
    # would fall under 3:1 on white). Every mark is described in the page's language (Vega would describe it
    # by its fields: "end", "status: under_construction").
    bars = alt.Chart(segments).mark_bar(height=12, cornerRadius=2, strokeWidth=1.5).encode(
        x=x, x2="end:T", y=y, color=colour, description="description:N",
        stroke=alt.Stroke("status:N", scale=scale, legend=None),
        fillOpacity=alt.FillOpacity("fill:Q", scale=None),  # FILL: reported, its faded tail, nothing reported
        strokeDash=alt.condition(alt.datum.reported, alt.value([1, 0]), alt.value([4, 2])),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
        tooltip=[alt.Tooltip("name:N", title=t("name", lang)), alt.Tooltip("status_label:N", title=t("status", lang)),
                 alt.Tooltip("start:T", title=t("timeline_from", lang), format="%Y-%m"),
                 alt.Tooltip("end:T", title=t("timeline_to", lang), format="%Y-%m"),
                 alt.Tooltip("verdict:N", title=t("verdict", lang))],
    ).add_params(pick)
    # The plan's date, marked and labelled (its label is read as it is: the mark adds nothing to say).
    plan = pd.DataFrame({"date": [pd.Timestamp(PLAN_DATE)], "text": [t("timeline_plan", lang)]})
    rule = alt.Chart(plan).mark_rule(color="#212529", strokeDash=[4, 3], strokeWidth=1.5, aria=False).encode(
        x="date:T")
    rule_text = alt.Chart(plan).mark_text(align="left", baseline="top", dx=4, dy=2, fontWeight="bold",
                                          color="#212529", aria=False).encode(x="date:T", y=alt.value(0),
                                                                              text="text:N")
    # The plan's deadline (its promises were for 2023), marked the same way: a reader sees what came late.
    due = sorted({h for h in segments.get("horizon", pd.Series(dtype=object)).dropna()})
    horizon = pd.DataFrame({"date": [pd.Timestamp(h) for h in due], "text": [t("horizon_rule", lang)] * len(due)})
    due_rule = alt.Chart(horizon).mark_rule(color="#495057", strokeDash=[2, 3], strokeWidth=1.5, aria=False).encode(
        x="date:T")
    due_text = alt.Chart(horizon).mark_text(align="left", baseline="top", dx=4, dy=14, color="#495057",
                                            aria=False).encode(x="date:T", y=alt.value(0), text="text:N")
    layers: list[alt.Chart] = [bars, rule, rule_text, due_rule, due_text]
    if not points.empty:
        layers.append(alt.Chart(points).mark_point(filled=True, size=70, stroke="#212529", strokeWidth=1).encode(
            x="date:T", y=y, color=colour, description="description:N",
            tooltip=[alt.Tooltip("name:N", title=t("name", lang)),
                     alt.Tooltip("when:N", title=t("timeline_date", lang)),
                     alt.Tooltip("status_label:N", title=t("status", lang)),
                     alt.Tooltip("evidence:N", title=t("timeline_what", lang)),
                     alt.Tooltip("source:N", title=t("timeline_source", lang))]))
    if selected is not None and not segments.empty and selected in set(segments["feature_id"]):
        layers.append(alt.Chart(segments[segments["feature_id"] == selected]).mark_bar(
            height=18, fill=None, stroke="#fab005", strokeWidth=3, aria=False).encode(x="start:T", x2="end:T", y=y))
    # One fixed step per row, so every row keeps its label however many rows there are.
    return alt.layer(*layers).properties(height=alt.Step(22), width="container", description=t("timeline", lang))


def _rows(segments: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The chart's rows, top to bottom (each group's name, then its projects in the plan's order), and the
    groups' names among them."""
    if segments.empty:
        return [], []
    rows: list[str] = []
    heads: list[str] = []
    for group, names in segments.sort_values("order").groupby("group", sort=False)["name"]:
        heads.append(str(group))
        rows += [str(group), *dict.fromkeys(names)]
    return rows, heads


def _label_expr(domain: list[str], lang: str) -> str:
    # Vega-Lite labels the legend with the raw value; map each to its label in the reader's language.
    pairs = ", ".join(f"'{s}': {_js_string(label(STATUS_LABELS, s, lang))}" for s in domain)
    return f"({{{pairs}}})[datum.label] || datum.label"


def _js_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _js_list(texts: list[str]) -> str:
    return "[" + ", ".join(_js_string(text) for text in texts) + "]"


def picked_feature(event: Any) -> str | None:
    """The feature id a click on the chart selected, if any (Streamlit's selection state)."""
    selection = getattr(event, "selection", None) or {}
    picks = selection.get(SELECTION) if isinstance(selection, dict) else None
    if picks:
        value = picks[0].get("feature_id") if isinstance(picks[0], dict) else None
        return value if isinstance(value, str) else None
    return None
