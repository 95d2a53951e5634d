"""The promise ledger as the README shows it: the rules, one row per plan feature (its commitment verbatim, its
kind, its deadline, its verdict as of the plan's date and today), and the counts per kind and verdict.

``python3 -m layers ledger`` prints it; a test keeps the README's copy current.
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd

from layers.data.promises import CLASSES, NO_PROMISE, VERDICTS
from layers.view.details import verdict_text
from layers.view.filters import plan_features
from layers.view.i18n import CLASS_LABELS, VERDICT_LABELS, label
from layers.view.textsafe import md_link, safe_href

BEGIN = "<!-- ledger: python3 -m layers ledger -->"
END = "<!-- /ledger -->"


def ledger_markdown(at_plan: gpd.GeoDataFrame, latest: gpd.GeoDataFrame, today: str) -> str:
    """The ledger's Markdown between :data:`BEGIN` and :data:`END`: frames dated at the plan and at the latest
    report (:func:`layers.data.events.frame_as_of`); ``today`` is the date the latest verdicts are as of."""
    plan, now = plan_features(at_plan), plan_features(latest)
    promised = now[now["commitment_class"].isin([c for c in CLASSES if c != NO_PROMISE])]
    lines = [BEGIN, "", "**The rules** (`geodata/promises.json`, `rules`), one per kind of promise, following the "
             "plan's verb. A verdict is computed from the dated reports, never typed; a report that only states a "
             "plan never decides one, and a verdict that rests on an inference says so.", "",
             "| Kind | Rule | 规则 |", "|---|---|---|"]
    for kind in CLASSES:
        rows = promised[promised["commitment_class"] == kind]
        if not rows.empty:
            first = rows.iloc[0]
            lines.append(f"| {label(CLASS_LABELS, kind, 'en')} | {first['rule_en']} | {first['rule_zh']} |")
    lines += ["", f"**Counts**: promises per kind, and their verdicts at the plan's date and on {today} "
              "(how many of them rest on an inference in brackets).", "",
              "| Kind | Promises | At the plan's date | " + today + " |", "|---|---:|---|---|"]
    for kind in CLASSES:
        ids = promised.index[promised["commitment_class"] == kind]
        if len(ids):
            lines.append(f"| {label(CLASS_LABELS, kind, 'en')} | {len(ids)} | {_counts(plan.loc[ids])} | "
                         f"{_counts(now.loc[ids])} |")
    lines.append(f"| **All** | **{len(promised)}** | {_counts(plan.loc[promised.index])} | "
                 f"{_counts(promised)} |")
    none = now.index[now["commitment_class"] == NO_PROMISE]
    lines += ["", f"{len(none)} plan features carry no promise (the plan describes them): "
              + ", ".join(f"`{fid}`" for fid in none) + ".", "",
              "**The ledger**: each promise as the plan words it (parts the plan splits are joined by …), its kind,"
              " deadline and verdict today, what the verdict rests on, and the event that decided it.", "",
              "| Feature | The plan's words | Kind | Deadline | Verdict " + today + " | Decided by |",
              "|---|---|---|---|---|---|"]
    names = dict(zip(now.index, now["name_en"], strict=True))
    for fid, row in promised.iterrows():
        decided = md_link(str(row["verdict_event"]), row["verdict_url"]) if safe_href(row["verdict_url"]) else "—"
        lines.append(f"| `{fid}` | {row['commitment']} | {label(CLASS_LABELS, row['commitment_class'], 'en')} | "
                     f"{row['horizon']} | {_cell(verdict_text(row, 'en', names))} | {decided} |")
    return "\n".join([*lines, "", END])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _counts(frame: pd.DataFrame) -> str:
    tally = Counter(frame["verdict"].tolist())
    inferred = Counter(v for v, b in zip(frame["verdict"], frame["verdict_basis"], strict=True)
                       if b in ("inferred", "across"))
    return ", ".join(f"{tally[v]} {label(VERDICT_LABELS, v, 'en').lower()}"
                     + (f" ({inferred[v]} inferred)" if inferred[v] else "") for v in VERDICTS if tally[v])
