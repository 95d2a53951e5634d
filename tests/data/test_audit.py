"""The position audit on crafted catalogs and positions files."""

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
from tests.conftest import ROOT, collection, good_feature

LON, LAT = 121.4335, 31.0255  # good_feature's point
SQUARE = {"type": "Polygon",
          "coordinates": [[[121.43, 31.02], [121.44, 31.02], [121.44, 31.03], [121.43, 31.03], [121.43, 31.02]]]}
# Roughly 50 m north of the point: 1° of latitude is ~110.9 km here.
NEAR = (LON, LAT + 0.00045)


def source(feature_id: str = "test-point", family: str = "osm", lon: float = LON, lat: float = LAT,
           **overrides: Any) -> dict[str, Any]:
    """One WGS-84 source row; override any column."""
    row = {"feature_id": feature_id, "family": family, "source": f"{family} title", "reference": f"https://{family}.test",
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


def test_exact_point_with_two_independent_agreeing_sources_passes(audit):
    report = audit([good_feature()], source(family="osm"), source(family="wikipedia", lon=NEAR[0], lat=NEAR[1]))
    assert not report.failures, report.failures
    (feature,) = report.features
    assert feature.families == ["osm", "wikipedia"]
    assert feature.tolerance_m == 100
    assert [round(s.distance_m) for s in feature.sources] == [0, 50]
    assert round(feature.max_pairwise_m) == 50
    assert report.totals.located_passing == 1


def test_two_rows_of_one_family_are_not_independent(audit):
    report = audit([good_feature()], source(family="osm"), source(family="OSM", source="OSM again"))
    (failure,) = report.failures
    assert failure.startswith("test-point: exact needs sources from two different families")
    assert report.totals.located_passing == 0


def test_a_single_source_fails(audit):
    report = audit([good_feature(precision="approximate")], source())
    assert failures_about(report, "test-point: approximate needs sources from two different families")


def test_sources_too_far_apart_fail(audit):
    # Each is within 300 m of the feature (approximate), but they are ~400 m apart.
    report = audit([good_feature(precision="approximate")],
                   source(family="osm", lat=LAT - 0.0018), source(family="amap", lat=LAT + 0.0018))
    (failure,) = report.failures
    assert failure.startswith("test-point: two sources disagree by 399 m (osm line 2, amap line 3")


def test_source_too_far_from_the_feature_fails(audit):
    report = audit([good_feature()], source(family="osm", lat=LAT + 0.0018), source(family="amap", lat=LAT + 0.0019))
    assert failures_about(report, "test-point: line 2: osm source is 200 m from the feature (tolerance 100 m)")
    assert failures_about(report, "test-point: line 3: amap source is 211 m from the feature")


def test_gcj02_row_must_be_converted(audit):
    glon, glat = wgs84_to_gcj02(LON, LAT)
    converted = source(family="amap", datum="GCJ-02", lon_source=glon, lat_source=glat)  # lon/lat: the WGS-84 point
    unconverted = source(family="baidu", datum="GCJ-02", lon_source=glon, lat_source=glat, lon=glon, lat=glat)
    report = audit([good_feature()], source(family="osm"), converted, unconverted)
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
    report = audit([good_feature()], source(family="osm"), source(family="wiki", lon_source=LON + 0.0001))
    assert failures_about(report, "line 3: WGS-84 row: lon/lat must repeat lon_source/lat_source")


def test_per_feature_tolerance_override(audit):
    rows = (source(family="osm", lat=LAT - 0.0009), source(family="amap", lat=LAT + 0.0009))  # ~200 m apart
    assert audit([good_feature()], *rows).failures
    rows = (rows[0], {**rows[1], "tolerance_m": "500"})
    report = audit([good_feature()], *rows, source(family="wiki", tolerance_m="250"))
    assert not report.failures, report.failures
    assert report.features[0].tolerance_m == 250  # the smallest override given


def test_schematic_must_say_what_was_searched_regions_exempt(audit):
    region = good_feature(SQUARE, id="region-south", category="zone", kind="region", precision="schematic",
                          coord_source="drawn for the map")
    placed = good_feature(id="placed", precision="schematic", coord_source="placed inside the area")
    searched = good_feature(id="searched", precision="schematic", coord_source="Searched OSM and the news: no site")
    chinese = good_feature(id="chinese", precision="schematic", coord_source="搜索地图与新闻，未找到")
    report = audit([region, placed, searched, chinese])
    assert report.failures == ["placed: schematic, but coord_source does not say what was searched for a real "
                               "position (write 'searched …' or '搜索…')"]
    assert report.totals.schematic == 4


def test_schematic_sources_are_shown_but_never_fail(audit):
    feature = good_feature(precision="schematic", coord_source="searched; placed by hand")
    report = audit([feature], source(family="osm", lat=LAT + 0.009))  # ~1 km away, one family
    assert not report.failures, report.failures
    assert round(report.features[0].sources[0].distance_m) == 998


def test_unknown_feature_id_fails(audit):
    report = audit([good_feature()], source(), source(family="wiki"), source(feature_id="no-such-feature"))
    assert report.failures == ["no-such-feature: line 4: no feature with this id in the catalog"]


def test_area_feature_with_a_source_inside_passes(audit):
    campus = good_feature(SQUARE, id="campus", kind="campus", precision="approximate")
    outside = (121.4450, 31.0250)  # ~480 m east of the square's edge
    report = audit([campus], source("campus", "osm"), source("campus", "wikipedia", lon=121.435, lat=31.021))
    assert not report.failures, report.failures
    assert [s.distance_m for s in report.features[0].sources] == [0, 0]
    report = audit([campus], source("campus", "osm"), source("campus", "wikipedia", *outside))
    assert failures_about(report, "campus: line 3: wikipedia source is 477 m from the feature (tolerance 300 m)")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("test-point,osm,OSM,ref,2024,ODbL,WGS-84,121.4,31.0\n", "test-point: line 2: expected 13 columns, got 9"),
        ("test-point,osm,OSM,ref,2024,ODbL,WGS-84,abc,31.0,abc,31.0,x,\n", "line 2: lon_source 'abc' is not a number"),
        ("test-point,osm,OSM,ref,2024,ODbL,WGS-84,121.4,nan,121.4,nan,x,\n", "line 2: lat 'nan' is not a finite"),
        ("test-point,osm,OSM,ref,2024,ODbL,WGS84,121.4,31.0,121.4,31.0,x,\n", "line 2: unknown datum 'WGS84'"),
        ("test-point,,OSM,ref,2024,ODbL,WGS-84,121.4,31.0,121.4,31.0,x,\n", "line 2: family is blank"),
        ("test-point,osm,OSM,ref,2024,ODbL,WGS-84,121.4,31.0,121.4,31.0,x,-5\n",
         "line 2: tolerance_m must be a positive"),
        (",osm,OSM,ref,2024,ODbL,WGS-84,121.4,31.0,121.4,31.0,x,\n", "(no id): line 2: feature_id is blank"),
    ],
    ids=["columns", "not-a-number", "nan", "datum", "family", "tolerance", "no-id"],
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


def test_markdown_is_deterministic_and_has_the_totals(audit, tmp_path):
    features = [good_feature(), good_feature(id="other", precision="schematic", coord_source="searched, none")]
    report = audit(features, source(family="wikipedia", lon=NEAR[0], lat=NEAR[1]), source(family="osm"))
    catalog, rows = load_catalog(tmp_path), read_positions(tmp_path / "positions.csv")
    text = report_markdown(run_audit(catalog, rows))
    assert text == report_markdown(run_audit(catalog, rows)) == report_markdown(report)
    assert text.startswith("# Position audit\n")
    for line in ("- Features: 2", "- Exact: 1 (50%)", "- Schematic: 1 (50%)",
                 "- Exact or approximate passing with two independent sources: 1 of 1", "- Failures: 0"):
        assert line in text.splitlines()
    assert "| plan | test-point | exact | 100 | 2 | osm, wikipedia | wikipedia 50, osm 0 | 50 | OK |" in text
    # The sources list: one entry per distinct source, sorted by family.
    sources = text.split("## Sources\n", 1)[1]
    assert sources.index("| osm | osm title |") < sources.index("| wikipedia | wikipedia title |")


def test_cli_exit_codes(write_layer, tmp_path, capsys):
    write_layer("plan.geojson", collection(good_feature()))
    positions = write_layer("positions.csv", csv_text(source(family="osm"), source(family="wiki")))
    out = tmp_path / "positions.md"
    assert main(["audit", "--geodata", str(tmp_path), "--markdown", str(out)]) == 0  # positions.csv found beside
    printed = capsys.readouterr().out
    assert "test-point" in printed
    assert "Exact or approximate passing with two independent sources: 1 of 1" in printed
    assert out.read_text(encoding="utf-8") == report_markdown(run_audit(load_catalog(tmp_path),
                                                                                read_positions(positions)))

    write_layer("positions.csv", csv_text(source(family="osm")))
    assert main(["audit", "--positions", str(positions), "--geodata", str(tmp_path)]) == 1
    assert "test-point: exact needs sources from two different families" in capsys.readouterr().err

    assert main(["audit", "--positions", str(tmp_path / "missing.csv"), "--geodata", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "missing.csv not found" in err
    assert "Traceback" not in err


def test_cli_through_a_subprocess(write_layer, tmp_path):
    write_layer("plan.geojson", collection(good_feature()))
    positions = write_layer("positions.csv", csv_text(source(family="osm"), source(family="wiki")))
    command = [sys.executable, "-m", "layers", "audit", "--positions", str(positions), "--geodata", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Failures: 0" in done.stdout
    missing = [*command[:5], str(Path(tmp_path, "nope.csv")), *command[6:]]
    done = subprocess.run(missing, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert "not found" in done.stderr
    assert "Traceback" not in done.stderr
