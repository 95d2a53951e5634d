"""Near a station (issue 39): the near= filter, its sentence, rings and details, held to a set computed apart.

The expected set is computed here from the files themselves (the plan's stations and OpenStreetMap's), in another
metric projection (an azimuthal equidistant one centred on Minhang, not the app's UTM zone), with shapely.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import shape

from layers.data import stations as st
from layers.data.events import load_events
from layers.maps.live import station_rings
from layers.maps.scene import dated, make_scene
from layers.view.cite import citation
from layers.view.near import nearest
from layers.view.rollup import near_sentence
from layers.view.spec import FilterSpec
from tests.conftest import ROOT

TODAY = dt.date(2026, 12, 7)
_AEQD = pyproj.Transformer.from_crs("EPSG:4326", "+proj=aeqd +lat_0=31.1 +lon_0=121.4 +datum=WGS84 +units=m",
                                    always_xy=True)
EDGE_M = 3  # a feature this close to the distance asked is left out of the comparison (rounding to whole metres)


def _local(geometry):
    """A geometry in metres, centred on Minhang."""
    return shapely.transform(geometry, lambda xy: np.column_stack(_AEQD.transform(xy[:, 0], xy[:, 1])))


def _features() -> list[dict]:
    out = []
    for path in sorted((ROOT / "geodata").glob("*.geojson")):
        out += json.loads(path.read_text(encoding="utf-8"))["features"]
    return [f for f in out if f["properties"].get("kind") != "region"]


def _expected(metres: int) -> tuple[set[str], set[str]]:
    """The plan features within ``metres`` of a station, and those too close to call, computed apart."""
    features = _features()
    stations = [(f["properties"]["id"], _local(shape(f["geometry"]))) for f in features
                if f["properties"].get("kind") == "station"]
    context = json.loads((ROOT / "static" / "context" / "stations.geojson").read_text(encoding="utf-8"))
    stations += [(None, _local(shape(f["geometry"]))) for f in context["features"]]
    near, edge = set(), set()
    for feature in features:
        fid, geometry = feature["properties"]["id"], _local(shape(feature["geometry"]))
        closest = min(geometry.distance(point) for key, point in stations if key != fid)
        if abs(closest - metres) <= EDGE_M:
            edge.add(fid)
        elif closest <= metres:
            near.add(fid)
    return near, edge


@pytest.fixture(scope="module")
def events(catalog):
    return load_events(catalog.directory, catalog.features.index)


def _scene(catalog, events, **params: str):
    return make_scene(dated(catalog.features, events), FilterSpec.from_query_params(params), events, TODAY)


@pytest.mark.parametrize("metres", [500, 600, 1000])
def test_near_shows_what_lies_within_the_distance_of_a_station(catalog, events, metres):
    expected, edge = _expected(metres)
    shown = set(_scene(catalog, events, near=str(metres)).shown.matches.index)
    assert shown - edge == expected - edge
    assert 10 < len(expected) < len(_features())  # the distance leaves places out, and keeps some


def test_the_south_s_carriers_are_near_lines_the_plan_does_not_list(catalog, events):
    """Line 5's Jianchuan Road is 534 m from the Neo Bay building; Line 15's Yongde Road, 545 m from Hongrun."""
    shown = set(_scene(catalog, events, near="600", groups="innovation").shown.matches.index)
    assert {"neobay-sci-tech-building", "hongrun-sci-tech-centre"} <= shown
    lines = nearest(catalog.features, "neobay-sci-tech-building", "en")
    assert lines[0] == "Jianchuan Road (Line 5) · open · 534 m in a straight line"
    assert nearest(catalog.features, "neobay-sci-tech-building", "zh")[0] == "剑川路（5号线） · 已开通 · 直线距离534米"


def test_a_station_on_the_plan_s_line_takes_the_line_s_status_on_the_date_shown(catalog, events):
    """OpenStreetMap maps the Airport Link's Qibao open in 2026; on the plan's date it was being built."""
    qibao = next(s for s in st.stations(catalog.features) if s.feature is None and s.name_zh == "七宝"
                 and s.plan_lines == ("airport-link-line",))
    assert not qibao.other_lines
    plan = dated(catalog.features, events)("plan")
    latest = dated(catalog.features, events)("latest")
    assert qibao.status(dict(zip(plan.index, plan["status"], strict=True))) == st.BUILDING
    assert qibao.status(dict(zip(latest.index, latest["status"], strict=True))) == st.OPEN
    # Zhongchun Road: the plan's own Airport Link station stands for OpenStreetMap's, which keeps only Line 9.
    zhongchun = [s for s in st.stations(catalog.features) if s.name_zh == "中春路"]
    assert sorted(s.lines_en for s in zhongchun) == [("Airport Link Line",), ("Line 9",)]


def test_the_sentence_splits_the_places_by_their_stations_status(catalog, events):
    scene = _scene(catalog, events, near="600", asof="plan")
    told = "".join(p["text"] for p in scene.headline["parts"])
    counts = scene.shown.matches["near"].value_counts().to_dict()
    assert counts == {"open": 26, "building": 1}  # the Qixin Road underpass: only the Jiamin Line's Xinjian Road
    assert told.endswith(" 27 places lie within 600 m of a station (straight line, not a walk): 26 near an open "
                         "station and 1 only near one under construction.")
    zh = "".join(p["text"] for p in _scene(catalog, events, near="1000", lang="zh").headline["parts"])
    assert "处地点距车站1000米以内（直线距离，非步行距离）：" in zh
    assert _scene(catalog, events, near="1000").info["summary"].count("within 1,000 m of a station (straight line)")


def test_rings_are_the_stations_within_the_distance_of_what_shows(catalog, events):
    scene = _scene(catalog, events, near="600", groups="innovation")
    table = {(s.lon, s.lat): s for s in st.stations(catalog.features)}
    ringed = {table[(r["lon"], r["lat"])].key for r in scene.stations}
    wanted = {key for near in scene.shown.matches["stations"] for key in st.within(near, 600)}
    assert ringed == wanted and ringed
    assert _scene(catalog, events, groups="innovation").stations == ()


def test_near_round_trips_through_a_link_and_bad_values_are_named():
    spec = FilterSpec.from_query_params({"near": "600m"})
    assert spec.near == 600 and spec.to_query_params() == {"near": "600"} and spec.narrowed
    bad = FilterSpec.from_query_params({"near": "700"})
    assert bad.near is None
    assert str(bad.notices[0]) == "unknown near '700' ignored (expected one of: 500, 600, 1000)"


def test_the_command_line_exports_the_same_places(catalog, events, tmp_path):
    out = tmp_path / "near.geojson"
    subprocess.run([sys.executable, "-m", "layers", "export", "--format", "geojson", "--out", str(out),
                    "--near", "1000", "--groups", "innovation,parks"], cwd=ROOT, check=True, capture_output=True)
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    exported = {f["properties"]["id"] for f in features}
    scene = _scene(catalog, events, near="1000", groups="innovation,parks")
    assert exported == set(scene.shown.matches.index)
    # Each row says its nearest station and the best status of its stations within the distance asked.
    for feature in features:
        props, fid = feature["properties"], feature["properties"]["id"]
        assert props["near_status"] == scene.shown.matches.at[fid, "near"] and props["near_status_label"]
        assert props["nearest_station_m"] == catalog.features.at[fid, "stations"][0][1] <= 1000
    assert exported == {f for f in _expected(1000)[0] if catalog.features.at[f, "plan_group"] in ("innovation",
                                                                                                    "parks")}


def test_every_station_lies_in_the_box_and_none_is_the_freight_yard(catalog):
    table = st.stations(catalog.features)
    assert len(table) == 263  # 12 of the plan's, 252 of OpenStreetMap's, one of them the plan's own
    assert all(121.2 < s.lon < 121.6 and 30.9 < s.lat < 31.3 for s in table)
    assert not any(s.key == "china-europe-express-minhang" for s in table)


def test_the_citation_and_the_roll_up_carry_the_answer_and_what_it_rests_on(catalog, events):
    scene = _scene(catalog, events, near="600", groups="innovation", lang="zh")
    sentence = near_sentence(scene.shown.matches, scene.spec)
    assert sentence == "6处地点距车站600米以内（直线距离，非步行距离）：6处靠近已开通车站。"
    cited = citation(scene.shown.matches, events, scene.spec.asof, "zh", "https://map.example/?near=600",
                     today=TODAY, near=sentence).splitlines()
    assert cited[2] == sentence and "OpenStreetMap" in cited[3] and "ODbL" in cited[3]
    assert near_sentence(_scene(catalog, events, groups="innovation").shown.matches, FilterSpec()) is None


def test_every_station_in_reach_has_its_rings_on_the_date_shown(catalog, events):
    """The overlay of every station's rings (off until a reader turns it on): the stations in and near Minhang, in
    their status on the date shown, at the distances the legend names."""
    plan, latest = (dated(catalog.features, events)(when) for when in ("plan", "latest"))
    rings = {when: station_rings(frame, "offline") for when, frame in (("plan", plan), ("latest", latest))}
    assert rings["plan"]["radii"] == [600, 1000] and len(rings["plan"]["rings"]) == len(rings["latest"]["rings"]) > 50
    building = {when: sum(r[2] == st.BUILDING for r in found["rings"]) for when, found in rings.items()}
    assert building["plan"] > building["latest"] > 0  # the Airport Link's opened since; the Jiamin Line's not yet
    shifted = station_rings(latest, "gaode")["rings"][0]
    assert shifted[:2] != rings["latest"]["rings"][0][:2]  # on Gaode's tiles, in GCJ-02
