"""The promise ledger as the README shows it: the rules, one row per plan feature (its commitment verbatim, its
kind, its deadline, its verdict as of the plan's date and today), and the counts per kind and verdict.

``python3 -m layers ledger`` prints it; a test keeps the README's copy current.
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd

from layers.data.promises import CLASSES, NO_PROMISE, VERDICTS
from layers.view.filters import plan_features
from layers.view.i18n import CLASS_LABELS, STATUS_LABELS, VERDICT_LABELS, label

BEGIN = "<!-- ledger: python3 -m layers ledger -->"
END = "<!-- /ledger -->"


def ledger_markdown(at_plan: gpd.GeoDataFrame, latest: gpd.GeoDataFrame, today: str) -> str:
    """The ledger's Markdown between :data:`BEGIN` and :data:`END`: frames dated at the plan and at the latest
    report (:func:`layers.data.events.frame_as_of`); ``today`` is the date the latest verdicts are as of."""
    plan, now = plan_features(at_plan), plan_features(latest)
    promised = now[now["commitment_class"].isin([c for c in CLASSES if c != NO_PROMISE])]
    lines = [BEGIN, "", "**The rules** (`geodata/promises.json`, `rules`): a promise is kept once a report dated "
             "2023 or later gives one of its statuses; kept by the deadline is *on time*, after it *late*.", "",
             "| Kind | Kept by a report of | A report after the deadline that does not keep it |",
             "|---|---|---|"]
    for kind in CLASSES:
        rows = promised[promised["commitment_class"] == kind]
        if rows.empty:
            continue
        first = rows.iloc[0]
        kept_by = ", ".join(label(STATUS_LABELS, s, "en").lower() for s in first["kept_by"]) or \
            "(an ongoing programme: under way while reports come)"
        lines.append(f"| {label(CLASS_LABELS, kind, 'en')} | {kept_by} | "
                     f"{label(VERDICT_LABELS, first['after_horizon'], 'en').lower()} |")
    lines += ["", f"**Counts**: promises per kind, and their verdicts at the plan's date and on {today}.", "",
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
              " deadline and verdict today, with the report that decided it.", "",
              "| Feature | The plan's words | Kind | Deadline | Verdict " + today + " | Decided by |",
              "|---|---|---|---|---|---|"]
    for fid, row in promised.iterrows():
        decided = f"[{row['verdict_date']}]({row['verdict_url']})" if isinstance(row["verdict_url"], str) else "—"
        lines.append(f"| `{fid}` | {row['commitment']} | {label(CLASS_LABELS, row['commitment_class'], 'en')} | "
                     f"{row['horizon']} | {label(VERDICT_LABELS, row['verdict'], 'en')} | {decided} |")
    return "\n".join([*lines, "", END])


def _counts(frame: pd.DataFrame) -> str:
    tally = Counter(frame["verdict"].tolist())
    return ", ".join(f"{tally[v]} {label(VERDICT_LABELS, v, 'en').lower()}" for v in VERDICTS if tally[v])
