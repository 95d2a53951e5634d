"""Cite this view: the title, the pinned date, the link, the day read, and the sources of the statuses shown."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from layers.data.events import frame_as_of, load_events
from layers.view.cite import citation, pinned_link, short_citation, sources_shown
from layers.view.filters import plan_features
from layers.view.spec import FilterSpec

TODAY = dt.date(2026, 12, 3)


def test_a_citation_names_the_view_its_date_its_link_and_its_sources(catalog):
    events = load_events(known_ids=catalog.features.index)
    shown = plan_features(frame_as_of(catalog.features, events, "latest"))
    link = pinned_link("https://map.example/", FilterSpec(lang="zh", regions=frozenset({"north"})), TODAY)
    assert link == "https://map.example/?regions=north&lang=zh&asof=2026-12-03"  # pinned: not "latest"
    for lang, words in (("en", ("Minhang strategy map", "status as of 2026-12-03", "accessed 2026-12-03")),
                        ("zh", ("闵行战略地图", "状态截至 2026-12-03", "访问于 2026-12-03"))):
        text = citation(shown, events, "latest", lang, link, today=TODAY)
        assert all(w in text for w in words) and link in text, text
        sources = sources_shown(shown, events, "latest", lang)
        assert sources and all(url in text and publisher in text and ids in text for publisher, _, url, ids in sources)
    # Each source set a status shown: the latest dated event of a project shown, none from after the date.
    early = sources_shown(shown, events, "2024-01-01")
    assert {u for _, _, u, _ in early} <= set(events.table.loc[events.table["start"] <= dt.date(2024, 1, 1), "url"])
    assert len(early) < len(sources_shown(shown, events, "latest"))


def test_the_plans_view_cites_the_plan_and_the_short_form_fits_a_footer():
    assert sources_shown(pd.DataFrame(index=pd.Index(["x"])), None, "plan") == []
    short = short_citation("plan", "en", TODAY)
    assert short == "Minhang strategy map, status as in the 2023 plan, accessed 2026-12-03."
    assert len(short_citation("latest", "zh", TODAY, "https://map.example/?asof=2026-12-03")) < 120

