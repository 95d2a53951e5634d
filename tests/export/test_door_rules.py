"""The reader door decides a link's view in the browser (static/js/minhang-rules.js) by the app's rules: held to
``make_scene`` over 400 generated links of every parameter the app reads (bad values, unknown, repeated, empty
and oversized parameters, odd text and dates among them): the same features drawn with the same statuses and
verdicts, the same selection, rings and framing, the same story over the map and the same notices, worded alike, and
the same words round a camera's snapshot."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
from urllib.parse import parse_qs, urlencode

import pytest

from layers.data import asof
from layers.data.events import frame_as_of, load_events
from layers.export.door import camera_words, dated_frames, view_rules
from layers.maps.live import near_centres, rings
from layers.maps.scene import dated, make_scene
from layers.view.i18n import LANGUAGES
from layers.view.spec import LIST_FILTERS, FilterSpec
from tests.conftest import ROOT

DAY = dt.date.today()  # what a link may ask for ends today, for the app (parse_asof) and the door's rules alike
LINKS = 400
# Runs the browser file under Node (tests/js/load.mjs gives it a page's globals) on every link at once.
RUNNER = """
import {load} from %(load)s;
import {readFileSync} from "node:fs";
const MH = load("minhang-rules.js", "minhang-doorcamera.js");
const {rules, links, camera, near} = JSON.parse(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify(links.map((search) => {
  const link = MH.parseLink(search, rules), shown = MH.shownBy(link, rules), words = rules.words[link.lang];
  const at = (field) => shown.ids.map((id) => MH.fieldAt(rules, field, rules.ids.indexOf(id), link.asof));
  return {ids: shown.ids, selected: shown.selected, lang: link.lang, ringed: shown.ringed,
          notices: link.notices.map((n) => MH.noticeText(n, words)), story: MH.story(link, rules, shown),
          status: at("status"), promise: at("promise"), center: link.center, zoom: link.zoom,
          view: [link.asof, link.since, link.compare, link.basemap, link.q, link.near],
          rings: MH.nearRings(link, rules, shown, near, link.basemap === "gaode" ? "gcj02" : "wgs84"),
          info: MH.viewInfo(link, rules, shown, camera[link.lang])};
})));
"""


# Text a reader might type or paste: words of names (Latin and Chinese), case and width variants, control and
# bidi characters, quotes and backslashes (how a notice quotes them), an overlong search.
QUERIES = ["line", "Line 19", "LINE", "ｌｉｎｅ", "rail", "park", "hongqiao", "Neo Bay", "innovation centre", "地铁",
           "虹桥", "科创", "公园", "tim", "19", "  park  ", "park\u200b", "\u202eline", "it's", 'say "x"', "a\\b",
           "straße", "ΣΊΣΥΦΟΣ", "x" * 230, "", " ", "\x00line", "line\u3000park", "\u00e9cole"]
DAYS = ["plan", "latest", "LATEST", " plan ", "2023-01-01", "2022-12-31", "2023-06-30", "2024-02-29", "2024-02-30",
        "2024-12-31", "2025-07-01", "2026-01-13", "2026-02-12", "2030-01-01", "2024-1-1", "20240101", "yesterday",
        "2025-06-15T00:00", "２０２５-０１-０１"]
CENTERS = ["31.05,121.4", "31.112345678,121.38", "31.0, 121.5 ", "121.4,31.05", "nan,121.4", "31,121,5", "abc",
           "31.05", "31.25,121.375", "1e1,121.4", "inf,121.4", "31_1,121.4"]
ZOOMS = ["12", "12.25", "12.35", "12.75", "7.9", "18.04", "18.05", "99", "1e9", "nan", "-inf", "", "twelve", "11.5"]


def generated_links(ids: list[str], count: int, seed: int = 38) -> list[str]:
    """Links a reader could share or mistype: every parameter, of known, unknown, odd and no values."""
    rng = random.Random(seed)
    links = []
    for _ in range(count):
        pairs: list[tuple[str, str]] = []
        for f in LIST_FILTERS:
            if rng.random() < 0.3:
                values = rng.sample(f.values, rng.randint(1, len(f.values)))
                if rng.random() < 0.15:
                    values.append(rng.choice(["bogus", "NORTH", " park ", "it's"]))
                text = rng.choice([",".join(values)] * 8 + ["", " , "])
                pairs.append((f.key, text))
                if rng.random() < 0.05:
                    pairs.append((f.key, ",".join(rng.sample(f.values, 1))))  # repeated: the last one counts
        if rng.random() < 0.4:
            pairs.append(("lang", rng.choice(["en", "zh", "ZH", "fr"])))
        if rng.random() < 0.3:
            pairs.append(("feature", rng.choice([*rng.sample(ids, 3), "no-such-place", "Bad Id"])))
        if rng.random() < 0.25:
            pairs.append(("q", rng.choice(QUERIES)))
        for key, chance in (("asof", 0.35), ("since", 0.25), ("compare", 0.2)):
            if rng.random() < chance:
                pairs.append((key, rng.choice(DAYS)))
        if rng.random() < 0.3:
            pairs += [(key, rng.choice(values)) for key, values in (("center", CENTERS), ("zoom", ZOOMS))
                      if rng.random() < 0.85]
        if rng.random() < 0.1:
            pairs.append(("basemap", rng.choice(["osm", "gaode", "OSM", "google"])))
        if rng.random() < 0.25:
            pairs.append(("near", rng.choice(["500", "600", "1000", "600m", " 1000 M", "700", "near", "６００", ""])))
        if rng.random() < 0.06:
            pairs.append(("utm_source", "wechat"))
        if rng.random() < 0.02:
            pairs.append(("q", "y" * 2001))  # over the parameter limit: dropped
        rng.shuffle(pairs)
        links.append("?" + urlencode(pairs))
    return links


@pytest.mark.skipif(shutil.which("node") is None, reason="Node runs the browser code (tests/run.sh installs it)")
def test_the_door_decides_a_link_as_the_app_does(catalog, tmp_path):
    events = load_events(known_ids=catalog.features.index)
    as_of = dated(catalog.features, events)
    links = generated_links([str(i) for i in catalog.features.index[catalog.features["kind"] != "region"]], LINKS)
    data = tmp_path / "links.json"
    data.write_text(json.dumps({"rules": view_rules(dated_frames(catalog.features, events), DAY), "links": links,
                                "camera": {lang: camera_words(lang) for lang in LANGUAGES},
                                "near": near_centres(catalog.features)}), encoding="utf-8")
    runner = tmp_path / "run.mjs"
    runner.write_text(RUNNER % {"load": json.dumps((ROOT / "tests" / "js" / "load.mjs").as_uri())}, encoding="utf-8")
    done = subprocess.run(["node", str(runner), str(data)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    for link, got in zip(links, browser, strict=True):
        spec = FilterSpec.from_query_params(parse_qs(link[1:], keep_blank_values=True), catalog.ids)
        scene = make_scene(as_of, spec, events, DAY)
        assert got["ids"] == scene.shown.ids, link
        assert got["selected"] == scene.shown.selected and got["lang"] == spec.lang, link
        assert got["ringed"] == list(scene.ringed), link
        shown = scene.frame.loc[scene.shown.ids]
        assert got["status"] == shown["status"].tolist() and got["promise"] == shown["promise"].tolist(), link
        assert got["notices"] == [n.text(spec.lang) for n in spec.notices], link
        assert got["story"] == "".join(p["text"] for p in scene.headline["parts"]), link
        assert got["view"] == [spec.asof, spec.since, spec.compare, spec.basemap, spec.q, spec.near], link
        assert got["rings"] == (rings(scene) if spec.near is not None else None), link
        assert (got["center"], got["zoom"]) == (list(spec.center) if spec.center else None, spec.zoom), link
        # What the door's camera writes round a snapshot: the app's camera's words for the view.
        assert got["info"] == {k: v for k, v in scene.info.items() if k in got["info"]}, link
        assert set(got["info"]) == set(scene.info), link
    # The links cover what matters: each kind of view and of mistake, many times.
    specs = [FilterSpec.from_query_params(parse_qs(link[1:], keep_blank_values=True), catalog.ids) for link in links]
    assert sum(s.narrowed for s in specs) > LINKS / 2 and sum(bool(s.feature) for s in specs) > 30
    assert sum(bool(s.q) for s in specs) > 40 and sum(bool(g["ringed"]) for g in browser) > 20
    assert sum(s.asof not in ("latest", "plan") for s in specs) > 30 and sum(s.asof == "plan" for s in specs) > 10
    assert sum(bool(s.since) for s in specs) > 20 and sum(bool(s.compare) for s in specs) > 20
    assert sum(s.center is not None for s in specs) > 5 and sum(s.lang == "zh" for s in specs) > 50
    assert sum(s.near is not None for s in specs) > 40
    assert sum(bool(g["rings"] and g["rings"]["rings"]) for g in browser) > 30
    assert sum(g["ids"] == [i for i in g["ids"] if i.startswith("region-")] for g in browser) > 20  # none match
    kinds = {n.key for s in specs for n in s.notices}
    assert kinds >= {"unknown_param", "unknown_values", "unknown_value", "unknown_feature", "bad_asof", "bad_since",
                     "since_after", "bad_compare", "bad_view", "view_far", "view_zoom", "q_cut", "too_long"}, kinds


def test_a_date_between_two_changes_is_the_first_of_them(catalog):
    """The door publishes the plan as of each day an event changed it: any date in between is the day before it,
    as the app's own dated frame has it (statuses, verdicts, the opening's date)."""
    events = load_events(known_ids=catalog.features.index)
    states = dated_frames(catalog.features, events)
    rng = random.Random(7)
    first = asof.PLAN_DATE.toordinal()
    days = [dt.date.fromordinal(rng.randint(first, DAY.toordinal())).isoformat() for _ in range(12)]
    days += [(dt.date.fromisoformat(d) - dt.timedelta(days=1)).isoformat() for d in states.days[1:4]]
    for when in ["plan", "latest", *states.days[:3], *days]:
        ours, app = states.at(when), frame_as_of(catalog.features, events, when)
        for column in ("status", "promise", "verdict", "verdict_date", "opened_on"):
            assert ours[column].tolist() == app[column].tolist(), (when, column)

