"""Whose statuses the map shows: the 2023 plan's, the latest report's, or those of a chosen day.

The one decoder of an ``asof`` value (``"plan"``, ``"latest"`` or an ISO date): the URL, the widgets,
the dated frame, the exports and the words about a view all ask it.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

PLAN: Final = "plan"
LATEST: Final = "latest"
DATE: Final = "date"  # the kind of an ISO date
# The latest report is the default: readers in 2026 ask what is done.
DEFAULT = LATEST
# The plan was published in 2023; its article carries no day, so its statuses hold from the year's start,
# and no date before it can be asked for.
PLAN_DATE = date(2023, 1, 1)
Kind = Literal["plan", "latest", "date"]
KINDS: tuple[Kind, ...] = (PLAN, LATEST, DATE)


def parse_asof(text: str, today: date | None = None) -> str | None:
    """``plan``, ``latest`` or an ISO date (YYYY-MM-DD) from the plan's date to today; None if it is none of these."""
    value = text.strip().lower()
    if value in (PLAN, LATEST):
        return value
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day.isoformat() if PLAN_DATE <= day <= (today or date.today()) and len(value) == 10 else None


def asof_kind(asof: str) -> Kind:
    """``"plan"``, ``"latest"``, or ``"date"`` for an ISO date."""
    return PLAN if asof == PLAN else LATEST if asof == LATEST else DATE


def asof_day(asof: str) -> date | None:
    """The day an ``asof`` value asks for; None for the plan and for the latest report."""
    return date.fromisoformat(asof) if asof_kind(asof) == DATE else None


def asof_value(kind: str, day: date) -> str:
    """The ``asof`` value of a kind and, for ``"date"``, the day chosen (the widgets' two parts)."""
    return day.isoformat() if kind == DATE else kind


def pinned(asof: str, today: date | None = None) -> str:
    """The ``asof`` a shared link carries, so that it shows next month what it shows today: the latest
    report becomes today's date; the plan and a chosen date are fixed already."""
    return (today or date.today()).isoformat() if asof == LATEST else asof


def day_of(asof: str, today: date | None = None) -> date:
    """The day an ``asof`` value shows: the plan's date, today for the latest report, or the date itself."""
    kind = asof_kind(asof)
    return PLAN_DATE if kind == PLAN else (today or date.today()) if kind == LATEST else date.fromisoformat(asof)
