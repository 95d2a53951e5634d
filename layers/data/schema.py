"""The one schema every plan feature is validated into."""

from __future__ import annotations

from typing import Any, Protocol


class Row(Protocol):
    """A record read by field name: a feature's or an event's, as a dict or as a pandas row (a Series)."""

    def __getitem__(self, key: str, /) -> Any: ...

    def get(self, key: str, default: Any = None, /) -> Any: ...

REGIONS = ("north", "south", "central")
CATEGORIES = ("infrastructure", "park", "innovation", "zone", "public_service")
# In the order a project moves through them, so filters and legends can sort by it.
STATUSES = ("study", "planned", "construction_start", "under_construction", "operating")
# What a feature's status can be on a later date, after progress events (layers/events.py): the plan's
# statuses and the steps reported since, in progress order. Filters and the URL use these.
VIEW_STATUSES = ("study", "planned", "construction_start", "under_construction", "partly_open", "operating",
                 "completed", "cancelled", "unknown")
# Two facts about a position (layers/data/audit.py says how each is tested): how close the drawing is to the
# thing itself, and who locates it (how many independent families of sources agree with the drawing).
PRECISIONS = ("exact", "approximate", "schematic")
CONFIRMATIONS = ("cross_checked", "single_source", "unsourced")

# The plan's own groups, in its order: what the progress roll-up counts and the ``groups`` filter picks.
# Every plan feature is in exactly one (:func:`plan_group`); the map's analysis regions are in none.
PLAN_GROUPS = ("rail", "stations", "roads", "parks", "innovation", "public_services", "zones")
_GROUP_BY_KIND = {"rail": "rail", "metro": "rail", "station": "stations", "tod": "stations", "freight": "stations",
                  "road": "roads"}
_GROUP_BY_CATEGORY = {"infrastructure": "stations", "park": "parks", "innovation": "innovation",
                      "public_service": "public_services", "zone": "zones"}


def plan_group(category: str, kind: object) -> str | None:
    """The plan group of a feature of ``category`` and ``kind`` (None for the analysis regions)."""
    if kind == "region":
        return None
    return _GROUP_BY_KIND.get(kind) if isinstance(kind, str) and kind in _GROUP_BY_KIND \
        else _GROUP_BY_CATEGORY.get(category)


REQUIRED = (
    "id", "name_zh", "name_en", "region", "category", "status",
    "source_quote", "precision", "confirmation", "coord_source",
)
OPTIONAL = (
    "kind", "address_zh", "lines", "color", "opened", "description_en", "description_zh", "coord_source_zh",
    # Our English rendering of ``source_quote`` (a translation, marked as one wherever it is shown).
    "source_quote_en",
)
COLUMNS = (*REQUIRED, *OPTIONAL)
# Made at load from the fields above (layers.data.catalog), never written in a file: the plan group, and whether
# the feature is something the plan adds or a place already open when it was written (:func:`plan_part`).
DERIVED = ("plan_group", "plan_part", "search_words")
# Measured at load, after the rest: each feature's stations and their distances (layers.data.stations).
MEASURED = ("stations",)
# What a search finds a feature by beyond its own names and texts: the names of the lines a station serves (in both
# languages, layers.data.catalog), and words for its kind, in both languages ("metro" finds the rail lines).
KIND_WORDS = {
    "rail": "rail railway metro line 轨道交通 地铁 铁路 市域铁路 线路",
    "metro": "metro subway rail line 地铁 轨道交通 线路",
    "station": "station metro 车站 站 地铁站", "tod": "station TOD 车站 站 综合开发",
    "freight": "station freight rail 货运 铁路",
    "road": "road 道路", "campus": "university campus 大学 校区", "park": "park 公园",
}
# Slips in the plan's own text (its OCR), kept verbatim in every quote and marked where a reader meets them: the
# slip, and what the plan meant (layers.view.details.plan_sentence).
PLAN_SLIPS = {"ATPI000": "ATP1000"}
# What the plan's entry is at a place: a project it adds (at an existing station, the new line's platforms: their
# status is the plan's project's), or a place already open in 2023 that it names (a campus, a station, a park): that
# one is counted apart, never as the plan's progress.
PLAN_PARTS = ("adds", "existing")


def plan_part(status: str) -> str:
    """``existing`` for a feature the plan found open (its 2023 status ``operating``), else ``adds``."""
    return "existing" if status == "operating" else "adds"

ENUMS: dict[str, tuple[str, ...]] = {
    "region": REGIONS,
    "category": CATEGORIES,
    "status": STATUSES,
    "precision": PRECISIONS,
    "confirmation": CONFIRMATIONS,
}

POINT = ("Point", "MultiPoint")
LINE = ("LineString", "MultiLineString")
AREA = ("Polygon", "MultiPolygon")

# What a feature of a category may be drawn as.
GEOMETRY_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "infrastructure": POINT + LINE,
    "park": AREA,
    "innovation": POINT + AREA,
    "zone": AREA,
    "public_service": POINT + AREA,
}
# A kind narrows that further; kinds not listed keep the category's rule.
GEOMETRY_BY_KIND: dict[str, tuple[str, ...]] = {
    "metro": LINE,
    "rail": LINE,
    "road": LINE,
    "station": POINT,
    "tod": POINT,
    "campus": AREA,
    "region": AREA,
}

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
