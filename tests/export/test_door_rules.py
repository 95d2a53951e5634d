"""The reader door decides a link's view in the browser (static/js/minhang-rules.js) by the app's rules: held to
``make_scene`` over 240 generated links of the parameters the door decides (every list filter, ``lang``,
``feature``; bad values, unknown, repeated and empty parameters among them): the same features drawn, the same
selection, the same notices in the same order."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
from urllib.parse import parse_qs, urlencode

import pytest

from layers.data.events import load_events
from layers.export.door import view_rules
from layers.maps.scene import dated, make_scene
from layers.view.spec import LIST_FILTERS, FilterSpec
from tests.conftest import ROOT

DAY = dt.date(2026, 12, 6)
LINKS = 240
# Runs the browser file under Node (tests/js/load.mjs gives it a page's globals) on every link at once.
RUNNER = """
import {load} from %(load)s;
import {readFileSync} from "node:fs";
const MH = load("minhang-rules.js");
const {rules, links} = JSON.parse(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify(links.map((search) => {
  const link = MH.parseLink(search, rules), shown = MH.shownBy(link, rules);
  return {ids: shown.ids, selected: shown.selected, lang: link.lang, notices: link.notices.map((n) => n.key),
          asks: link.asks};
})));
"""


def generated_links(ids: list[str], count: int, seed: int = 38) -> list[str]:
    """Links a reader could share or mistype: list filters of known, unknown and no values, languages, features."""
    rng = random.Random(seed)
    links = []
    for _ in range(count):
        pairs: list[tuple[str, str]] = []
        for f in LIST_FILTERS:
            if rng.random() < 0.4:
                values = rng.sample(f.values, rng.randint(1, len(f.values)))
                if rng.random() < 0.15:
                    values.append(rng.choice(["bogus", "NORTH", " park "]))
                text = rng.choice([",".join(values)] * 8 + ["", " , "])
                pairs.append((f.key, text))
                if rng.random() < 0.05:
                    pairs.append((f.key, ",".join(rng.sample(f.values, 1))))  # repeated: the last one counts
        if rng.random() < 0.5:
            pairs.append(("lang", rng.choice(["en", "zh", "ZH", "fr"])))
        if rng.random() < 0.4:
            pairs.append(("feature", rng.choice([*rng.sample(ids, 3), "no-such-place", "Bad Id"])))
        if rng.random() < 0.08:
            pairs.append(("utm_source", "wechat"))
        rng.shuffle(pairs)
        links.append("?" + urlencode(pairs))
    return links


@pytest.mark.skipif(shutil.which("node") is None, reason="Node runs the browser code (tests/run.sh installs it)")
def test_the_door_decides_a_link_as_the_app_does(catalog, tmp_path):
    events = load_events(known_ids=catalog.features.index)
    as_of = dated(catalog.features, events)
    frame = make_scene(as_of, FilterSpec(), events, DAY).frame
    links = generated_links([str(i) for i in catalog.features.index[catalog.features["kind"] != "region"]], LINKS)
    data = tmp_path / "links.json"
    data.write_text(json.dumps({"rules": view_rules(frame), "links": links}), encoding="utf-8")
    runner = tmp_path / "run.mjs"
    runner.write_text(RUNNER % {"load": json.dumps((ROOT / "tests" / "js" / "load.mjs").as_uri())}, encoding="utf-8")
    done = subprocess.run(["node", str(runner), str(data)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    narrowed = 0
    for link, got in zip(links, browser, strict=True):
        spec = FilterSpec.from_query_params(parse_qs(link[1:], keep_blank_values=True), catalog.ids)
        scene = make_scene(as_of, spec, events, DAY)
        assert got["ids"] == scene.shown.ids, link
        assert got["selected"] == scene.shown.selected and got["lang"] == spec.lang, link
        assert got["notices"] == [n.key for n in spec.notices], link
        assert got["asks"] == [], link  # nothing here the door leaves to the app
        narrowed += spec.narrowed
    # The links cover what matters: most narrow the view, some select, some carry mistakes.
    assert narrowed > LINKS / 2 and sum(bool(g["selected"]) for g in browser) > 20
    assert sum(bool(g["notices"]) for g in browser) > 40
