"""The position audit on crafted catalogs and positions files: every row tested, families counted once."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from layers.__main__ import main
from layers.data.audit import (
    COLUMNS,
    AuditReport,
    PositionsFileError,
    read_positions,
    report_markdown,
    run_audit,
)
from layers.data.catalog import load_catalog
from layers.data.datum import wgs84_to_gcj02
from layers.data.sources import FAMILIES, SOURCES
from tests.conftest import ROOT, collection, good_feature

LON, LAT = 121.4335, 31.0255  # good_feature's point
SQUARE = {"type": "Polygon",
          "coordinates": [[[121.43, 31.02], [121.44, 31.02], [121.44, 31.03], [121.43, 31.03], [121.43, 31.02]]]}
# Roughly 50 m north of the point: 1° of latitude is ~110.9 km here.
NEAR = (LON, LAT + 0.00045)


# A registered source of each family (layers/data/sources.py).
SOURCE_OF = {"osm": "OpenStreetMap (Geofabrik Shanghai extract)",
             "osm2": "OpenStreetMap (Overpass export in luo_traffic)",
             "amap": "Amap subway-map data (ShanghaiSubwayFilter)", "amap2": "Amap POIs (DAWN-ECNU/Example_data)",
             "baidu": "Baidu metro stations (yaozhou/trans)",
             "baidu2": "Baidu Place API university list (uni-soket-ai)",
             "wikipedia": "Wikipedia (en) infobox coordinates"}


def source(feature_id: str = "test-point", family: str = "osm", lon: float = LON, lat: float = LAT,
           **overrides: Any) -> dict[str, Any]:
    """One WGS-84 source row of a family (``osm2``: another source of OSM's); override any column."""
    row = {"feature_id": feature_id, "source": SOURCE_OF[family], "reference": f"https://{family}.test",
           "date": "2024-05-01", "licence": "CC BY 4.0", "datum": "WGS-84", "lon_source": lon, "lat_source": lat,
           "lon": lon, "lat": lat, "what": "station centroid", "tolerance_m": ""}
    row.update(overrides)
    return row


def csv_text(*rows: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def audit(write_layer, tmp_path):
    """Write features and source rows into tmp_path and audit them."""
    def run(features: list[dict[str, Any]], *rows: dict[str, Any]) -> AuditReport:
        write_layer("plan.geojson", collection(*features))
        write_layer("positions.csv", csv_text(*rows))
        catalog = load_catalog(tmp_path)
        assert not catalog.problems, [str(p) for p in catalog.problems]
        return run_audit(catalog, read_positions(tmp_path / "positions.csv"))
    return run


def failures_about(report: AuditReport, text: str) -> list[str]:
    return [f for f in report.failures if text in f]


def test_exact_point_with_two_independent_agreeing_sources_is_cross_checked(audit):
    feature = good_feature(confirmation="cross_checked")
    report = audit([feature], source(family="osm"), source(family="wikipedia", lon=NEAR[0], lat=NEAR[1]))
    assert not report.failures, report.failures
    (checked,) = report.features
    assert checked.families == ["osm", "wikipedia"] and checked.found == "cross_checked"
    assert [s.tolerance_m for s in checked.sources] == [100, 100]
    assert [round(s.distance_m) for s in checked.sources] == [0, 50]
    assert round(checked.max_pairwise_m) == 50
    assert report.totals.confirmation == {"cross_checked": 1, "single_source": 0, "unsourced": 0}


def test_two_sources_of_one_family_are_one_witness(audit):
    # Geofabrik and Overpass are both OpenStreetMap; the two Baidu lists are both Baidu; Amap's two, Amap.
    for a, b in (("osm", "osm2"), ("baidu", "baidu2"), ("amap", "amap2")):
        report = audit([good_feature(confirmation="cross_checked")], source(family=a), source(family=b))
        (failure,) = report.failures
        assert failure.startswith("test-point: confirmation says cross_checked, the sources give single_source")
    assert not audit([good_feature()], source(family="osm"), source(family="osm2")).failures


def test_the_family_registry_names_every_source_once():
    assert set(SOURCES.values()) <= set(FAMILIES) and len(FAMILIES) == len(set(FAMILIES))


def test_an_unregistered_source_is_a_problem_of_its_row(audit):
    report = audit([good_feature()], source(family="osm"), source(family="wikipedia", source="My blog"))
    assert failures_about(report, "line 3: source 'My blog' is not in the family registry")


def test_exact_and_approximate_need_a_source_that_agrees(audit):
    report = audit([good_feature(precision="approximate", confirmation="unsourced")])
    assert failures_about(report, "test-point: approximate needs a source position of the thing")
    assert not audit([good_feature(precision="approximate")], source()).failures


def test_the_stated_confirmation_must_be_the_one_found(audit):
    report = audit([good_feature(confirmation="cross_checked")], source())
    assert report.failures == ["test-point: confirmation says cross_checked, the sources give single_source "
                               "(families that agree: osm)"]


def test_sources_too_far_apart_fail(audit):
    # Each is within 350 m of the feature (approximate), but they are ~400 m apart.
    report = audit([good_feature(precision="approximate", confirmation="cross_checked")],
                   source(family="osm", lat=LAT - 0.0018), source(family="amap", lat=LAT + 0.0018))
    (failure,) = report.failures
    assert failure.startswith("test-point: two families disagree by 399 m (osm line 2, amap line 3")


def test_a_source_too_far_from_the_drawing_fails_and_confirms_nothing(audit):
    report = audit([good_feature(confirmation="unsourced")], source(family="osm", lat=LAT + 0.0018),
                   source(family="amap", lat=LAT + 0.0019))
    assert failures_about(report, "test-point: line 2: OpenStreetMap (Geofabrik Shanghai extract) is 200 m from the "
                                  "drawing (tolerance 100 m for exact points)")
    assert failures_about(report, "line 3: Amap subway-map data (ShanghaiSubwayFilter) is 211 m from the drawing")
    assert report.features[0].found == "unsourced"


def test_gcj02_row_must_be_converted(audit):
    glon, glat = wgs84_to_gcj02(LON, LAT)
    converted = source(family="amap", datum="GCJ-02", lon_source=glon, lat_source=glat)  # lon/lat: the WGS-84 point
    unconverted = source(family="baidu", datum="GCJ-02", lon_source=glon, lat_source=glat, lon=glon, lat=glat)
    report = audit([good_feature(confirmation="cross_checked")], source(family="osm"), converted, unconverted)
    (failure,) = report.failures
    assert failure.startswith("test-point: line 4: GCJ-02 position not converted")
    assert failure.endswith("m off)")
    # The unconverted row is no source, but the converted one still pairs with osm.
    assert report.features[0].families == ["amap", "osm"]


def test_bd09_row_is_checked_against_bd09_conversion(audit):
    report = audit([good_feature()], source(family="osm"),
                   source(family="baidu", datum="BD-09", lon_source=LON + 0.0065, lat_source=LAT + 0.006))
    assert failures_about(report, "line 3: BD-09 position not converted")


def test_wgs84_row_must_repeat_its_source_position(audit):
    report = audit([good_feature()], source(family="osm"), source(family="wikipedia", lon_source=LON + 0.0001))
    assert failures_about(report, "line 3: WGS-84 row: lon/lat must repeat lon_source/lat_source")


def test_a_rows_own_tolerance(audit):
    rows = (source(family="osm", lat=LAT - 0.0009), source(family="amap", lat=LAT + 0.0009))  # ~200 m apart
    assert audit([good_feature(confirmation="cross_checked")], *rows).failures
    # An interchange's other platforms, say: a named part of the station, held to 350 m.
    rows = (source(family="osm"), {**rows[1], "tolerance_m": "350"})
    report = audit([good_feature(confirmation="cross_checked")], *rows)
    assert not report.failures, report.failures
    assert [s.tolerance_m for s in report.features[0].sources] == [100, 350]


def test_every_schematic_feature_says_what_was_searched_regions_exempt(audit):
    region = good_feature(SQUARE, id="region-south", category="zone", kind="region", precision="schematic",
                          confirmation="unsourced", coord_source="drawn for the map")
    placed = good_feature(id="placed", precision="schematic", confirmation="unsourced",
                          coord_source="placed inside the area")
    searched = good_feature(id="searched", precision="schematic", confirmation="unsourced",
                            coord_source="Searched OSM and the news: no site")
    chinese = good_feature(id="chinese", precision="schematic", confirmation="unsourced",
                           coord_source="搜索地图与新闻，未找到")
    report = audit([region, placed, searched, chinese])
    assert report.failures == ["placed: schematic, but coord_source does not say what was searched for a real "
                               "position (write 'searched …' or '搜索…')"]
    assert report.totals.precision["schematic"] == 3 and report.totals.features == 3  # the region is the map's own


def test_schematic_positions_get_a_sanity_check(audit):
    point = good_feature(precision="schematic", coord_source="searched; placed by hand")
    report = audit([point], source(family="osm", lat=LAT + 0.0085))  # ~940 m away: within 1 km
    assert not report.failures, report.failures
    assert report.features[0].sources[0].tolerance_m == 1000
    report = audit([point], source(family="osm", lat=LAT + 0.0095))  # ~1.05 km: off
    assert failures_about(report, "is 1053 m from the drawing (tolerance 1000 m for schematic points)")
    line = good_feature({"type": "LineString", "coordinates": [[121.43, 31.02], [121.44, 31.03]]}, id="line",
                        category="infrastructure", kind="rail", precision="schematic",
                        coord_source="chords; searched")
    report = audit([line], source("line", lon=121.435, lat=31.031))  # a station ~480 m off the chord
    assert not report.failures, report.failures
    report = audit([line], source("line", lon=121.435, lat=31.033))
    assert failures_about(report, "tolerance 500 m for schematic lines")


def test_an_area_must_contain_the_places_it_names(audit):
    zone = good_feature(SQUARE, id="zone", category="zone", precision="schematic", coord_source="searched: none")
    inside, outside = (121.435, 31.025), (121.4450, 31.0250)  # the second ~480 m east of the square's edge
    assert not audit([zone], source("zone", "osm", *inside)).failures
    report = audit([zone], source("zone", "osm", *outside))
    assert report.failures[0] == ("zone: line 2: OpenStreetMap (Geofabrik Shanghai extract) is outside the area "
                                  "(tolerance 0 m for schematic areas)")


def test_unknown_feature_id_fails(audit):
    report = audit([good_feature()], source(), source(feature_id="no-such-feature"))
    assert report.failures == ["no-such-feature: line 3: no feature with this id in the catalog"]


def test_an_exact_campus_outline_holds_its_sources_to_100_m(audit):
    campus = good_feature(SQUARE, id="campus", kind="campus", confirmation="cross_checked")
    outside = (121.4450, 31.0250)  # ~480 m east of the square's edge
    report = audit([campus], source("campus", "osm"), source("campus", "wikipedia", lon=121.435, lat=31.021))
    assert not report.failures, report.failures
    assert [s.distance_m for s in report.features[0].sources] == [0, 0]
    report = audit([campus], source("campus", "osm"), source("campus", "wikipedia", *outside))
    assert failures_about(report, "campus: line 3: Wikipedia (en) infobox coordinates is 477 m from the drawing "
                                  "(tolerance 100 m for exact areas)")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("test-point,OSM,ref,2024,ODbL,WGS-84,121.4,31.0\n", "test-point: line 2: expected 12 columns, got 8"),
        ("test-point,OSM,ref,2024,ODbL,WGS-84,abc,31.0,abc,31.0,x,\n", "line 2: lon_source 'abc' is not a number"),
        ("test-point,OSM,ref,2024,ODbL,WGS-84,121.4,nan,121.4,nan,x,\n", "line 2: lat 'nan' is not a finite"),
        ("test-point,OSM,ref,2024,ODbL,WGS84,121.4,31.0,121.4,31.0,x,\n", "line 2: unknown datum 'WGS84'"),
        ("test-point,,ref,2024,ODbL,WGS-84,121.4,31.0,121.4,31.0,x,\n", "line 2: source is blank"),
        ("test-point,OSM,ref,2024,ODbL,WGS-84,121.4,31.0,121.4,31.0,x,-5\n", "line 2: tolerance_m must be a number"),
        (",OSM,ref,2024,ODbL,WGS-84,121.4,31.0,121.4,31.0,x,\n", "(no id): line 2: feature_id is blank"),
    ],
    ids=["columns", "not-a-number", "nan", "datum", "source", "tolerance", "no-id"],
)
def test_malformed_rows_fail_naming_the_line(write_layer, tmp_path, line, expected):
    write_layer("plan.geojson", collection(good_feature()))
    write_layer("positions.csv", ",".join(COLUMNS) + "\n" + line)
    report = run_audit(load_catalog(tmp_path), read_positions(tmp_path / "positions.csv"))
    assert any(expected in f for f in report.failures), report.failures


def test_unreadable_positions_files(tmp_path):
    with pytest.raises(PositionsFileError, match="not found"):
        read_positions(tmp_path / "positions.csv")
    (tmp_path / "bad.csv").write_text("id,lon,lat\n", encoding="utf-8")
    with pytest.raises(PositionsFileError, match="line 1: the header must be exactly"):
        read_positions(tmp_path / "bad.csv")


def test_markdown_is_deterministic_and_has_the_totals_and_the_families(audit, tmp_path):
    features = [good_feature(confirmation="cross_checked"),
                good_feature(id="other", precision="schematic", confirmation="unsourced",
                             coord_source="searched, none")]
    report = audit(features, source(family="wikipedia", lon=NEAR[0], lat=NEAR[1]), source(family="osm"))
    catalog, rows = load_catalog(tmp_path), read_positions(tmp_path / "positions.csv")
    text = report_markdown(run_audit(catalog, rows))
    assert text == report_markdown(run_audit(catalog, rows)) == report_markdown(report)
    assert text.startswith("# Position audit\n")
    for line in ("- Plan features: 2 (the map's own analysis regions aside)", "- Exact: 1 (50%)",
                 "- Schematic: 1 (50%)", "- Cross checked: 1 (50%)", "- Unsourced: 1 (50%)", "- Failures: 0"):
        assert line in text.splitlines()
    assert ("| plan | test-point | exact | cross_checked | 2 | osm, wikipedia | wikipedia 50 (100), osm 0 (100) | 50 "
            "| OK |") in text
    # The family registry, and one entry per distinct source, sorted by family.
    families = text.split("## Families\n", 1)[1].split("## Sources", 1)[0]
    baidu = "Baidu metro stations (yaozhou/trans); Baidu Place API university list (uni-soket-ai)"
    assert f"| baidu | {baidu} |" in families
    sources = text.split("## Sources\n", 1)[1]
    assert sources.index("| osm | OpenStreetMap") < sources.index("| wikipedia | Wikipedia")


def test_cli_exit_codes(write_layer, tmp_path, capsys):
    write_layer("plan.geojson", collection(good_feature()))
    positions = write_layer("positions.csv", csv_text(source(family="osm")))
    out = tmp_path / "positions.md"
    assert main(["audit", "--geodata", str(tmp_path), "--markdown", str(out)]) == 0  # positions.csv found beside
    printed = capsys.readouterr().out
    assert "test-point" in printed
    assert "Single source: 1 (100%)" in printed
    assert out.read_text(encoding="utf-8") == report_markdown(run_audit(load_catalog(tmp_path),
                                                                                read_positions(positions)))

    write_layer("positions.csv", csv_text(source(family="osm"), source(family="wikipedia")))
    assert main(["audit", "--positions", str(positions), "--geodata", str(tmp_path)]) == 1
    assert "test-point: confirmation says single_source, the sources give cross_checked" in capsys.readouterr().err

    assert main(["audit", "--positions", str(tmp_path / "missing.csv"), "--geodata", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "missing.csv not found" in err
    assert "Traceback" not in err


def test_cli_through_a_subprocess(write_layer, tmp_path):
    write_layer("plan.geojson", collection(good_feature()))
    positions = write_layer("positions.csv", csv_text(source(family="osm")))
    command = [sys.executable, "-m", "layers", "audit", "--positions", str(positions), "--geodata", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Failures: 0" in done.stdout
    missing = [*command[:5], str(Path(tmp_path, "nope.csv")), *command[6:]]
    done = subprocess.run(missing, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert "not found" in done.stderr
    assert "Traceback" not in done.stderr
