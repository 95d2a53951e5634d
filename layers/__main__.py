"""Command line: ``python -m layers validate [DIR]``, ``export``, ``feed``, ``publish``, ``ledger``, ``audit``,
``fmt``, ``vendor``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from layers.data import schema
from layers.data.audit import audit_command, families_of
from layers.data.catalog import Catalog, geodata_dir, load_catalog, summary
from layers.data.events import Events, events_path, frame_as_of, latest_report, load_events
from layers.data.history import NoHistoryError, check_committed
from layers.data.io import GeoJSONReadError, dumps_feature_collection, read_json, write_atomically
from layers.data.reference import load_reference
from layers.data.validate import Problem
from layers.export.door import build_door, publish_door
from layers.export.feed import PUBLIC_URL_ENV, followed, progress_feed, public_url, verdicts_of
from layers.export.formats import FORMATS, export_bytes, parse_size
from layers.export.ledger import ledger_markdown
from layers.export.png import BrowserNotFoundError, PngRenderer, RenderError
from layers.maps.assets import fetch_vendor
from layers.view.i18n import LANGUAGES
from layers.view.spec import PARAMS, FilterSpec


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m layers", description="Minhang strategy map data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a geodata folder and report every problem")
    check.add_argument("directory", nargs="?",
                       help="folder of *.geojson layers (default: $MINHANG_GEODATA or geodata/)")
    check.add_argument("--against", metavar="REV",
                       help="the committed version the events are compared with, so that none is lost (default: "
                            "HEAD where the folder is in a git repository)")
    fmt = commands.add_parser("fmt", help="rewrite layers in the diff-friendly layout (one feature per line)")
    fmt.add_argument("directory", nargs="?", help="folder of *.geojson layers (default as for validate)")
    commands.add_parser("vendor", help="refresh static/vendor (Leaflet and plugins) from the npm registry")
    export = commands.add_parser("export", help=f"export the view: {', '.join(FORMATS)}")
    export.add_argument("--format", required=True, choices=list(FORMATS))
    export.add_argument("--out", required=True, help="file to write (used as given)")
    for name in PARAMS:  # every share-link parameter is an option
        export.add_argument(f"--{name}", help=f"as the URL parameter '{name}'")
    export.add_argument("--size", default="1280x800", help="PNG size: 1280x800, 1920x1080, a4, or WxH[@2x]")
    export.add_argument("--geodata", help="geodata folder (default: $MINHANG_GEODATA or geodata/)")
    audit = commands.add_parser("audit", help="check each feature's position against its sources (positions.csv)")
    audit.add_argument("--positions", help="sources CSV (default: positions.csv in the geodata folder)")
    audit.add_argument("--geodata", help="geodata folder (default: $MINHANG_GEODATA or geodata/)")
    audit.add_argument("--markdown", help="also write the report as a Markdown file (e.g. docs/positions.md)")
    ledger = commands.add_parser("ledger", help="print the promise ledger as Markdown (the README's table)")
    ledger.add_argument("--geodata", help="geodata folder (default: $MINHANG_GEODATA or geodata/)")
    publish = commands.add_parser("publish", help="write the reader door: the map as static files (index.html)")
    publish.add_argument("--out", required=True, help="folder to write the site into (made if missing)")
    publish.add_argument("--app-url", default="/", help="the app's address, for the door's explore link (default: /)")
    publish.add_argument("--geodata", help="geodata folder (default: $MINHANG_GEODATA or geodata/)")
    feed = commands.add_parser("feed", help="write the Atom feed of the progress events")
    feed.add_argument("--out", required=True, help="file to write (used as given)")
    feed.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the titles and accounts")
    feed.add_argument("--base-url", help=f"the map's public address, for the entries' links (default: "
                                         f"${PUBLIC_URL_ENV}; without either, links relative to the feed, as the "
                                         "app publishes it)")
    feed.add_argument("--geodata", help="geodata folder (default: $MINHANG_GEODATA or geodata/)")
    followed = feed.add_mutually_exclusive_group()  # one project, or one region, followed on its own
    followed.add_argument("--feature", help="only this plan feature's events (its id)")
    followed.add_argument("--region", choices=schema.REGIONS, help="only the events of this region's features")
    args = parser.parse_args(argv)

    if args.command == "validate":
        return validate(args.directory, args.against)
    if args.command == "export":
        return run_export(args)
    if args.command == "vendor":
        print(f"wrote {len(fetch_vendor())} files")
        return 0
    if args.command == "fmt":
        return format_folder(args.directory)
    if args.command == "audit":
        return audit_command(args.positions, args.geodata, args.markdown)
    if args.command == "feed":
        return write_feed(args)
    if args.command == "publish":
        return write_door(args)
    if args.command == "ledger":
        catalog = load_catalog(args.geodata)
        events = load_events(args.geodata, known_ids=tuple(catalog.features.index))
        day = latest_report(events) or "—"
        print(ledger_markdown(frame_as_of(catalog.features, events, "plan"),
                              frame_as_of(catalog.features, events, "latest"), f"now (latest report {day})"))
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands first


def validate(directory: str | None, against: str | None) -> int:
    """``python3 -m layers validate``: every problem of a folder (its layers and ledger, its progress events, and
    every event of the committed version that was lost); exit 1 if there is any, 2 if ``against`` cannot be read."""
    catalog = load_catalog(directory)
    found = [*catalog.problems, *load_events(directory, known_ids=tuple(catalog.features.index)).problems]
    try:
        found += history_problems(directory, against)
    except NoHistoryError as exc:
        if against:  # asked for by name: not being able to compare is an error
            print(f"validate: cannot compare with {against}: {exc}", file=sys.stderr)
            return 2
        print(f"(events not compared with a committed version: {exc})")
    if found:
        for problem in found:
            print(problem, file=sys.stderr)
        print(f"{len(found)} problem(s); {len(catalog.features)} valid feature(s) loaded", file=sys.stderr)
        return 1
    print(summary(catalog))
    return 0


def history_problems(directory: str | None, against: str | None) -> list[Problem]:
    """Every event of the committed version (``against``, default HEAD) that is gone or changed without a
    retraction; :class:`NoHistoryError` where there is no committed version to compare with."""
    path = events_path(directory)
    if not path.exists():
        return []
    name = f"{path.parent.name}/{path.name}"
    return check_committed(path, name, against or "HEAD")


def load_warned(geodata: str | None) -> tuple[Catalog, Events]:
    """The valid features and events of ``geodata``, each problem warned about on stderr (not fatal)."""
    catalog = load_catalog(geodata)
    events = load_events(geodata, known_ids=catalog.features.index)
    for problem in [*catalog.problems, *events.problems]:
        print(f"warning: {problem}", file=sys.stderr)
    return catalog, events


def write_feed(args: argparse.Namespace) -> int:
    """``python -m layers feed``: the Atom feed of every valid event; problems are warned about, not fatal."""
    out = Path(args.out)
    if not out.parent.is_dir() or out.is_dir():
        print(f"feed: {str(out)!r} is not a file in an existing folder", file=sys.stderr)
        return 2
    catalog, events = load_warned(args.geodata)
    frame = catalog.features
    names = dict(zip(frame.index, frame[f"name_{args.lang}"], strict=True))
    try:
        only, scope, _ = followed(frame, args.lang, feature=args.feature, region=args.region)
    except KeyError:
        print(f"feed: --feature {args.feature!r} is not a plan feature of {catalog.directory}", file=sys.stderr)
        return 2
    public = public_url({PUBLIC_URL_ENV: args.base_url} if args.base_url else os.environ)
    data = progress_feed(events, names, args.lang, public, only=only, scope=scope,
                         verdicts=verdicts_of(frame_as_of(frame, events, "latest"), args.lang, names))
    write_atomically(out, data)
    count = len(events.table) if only is None else int(events.table["feature_id"].isin(only).sum())
    print(f"wrote {out} ({count} entries, {len(data):,} bytes)")
    return 0


def write_door(args: argparse.Namespace) -> int:
    """``python -m layers publish``: the reader door of the valid data; problems are warned about, not fatal."""
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"publish: {str(out)!r} is not a folder", file=sys.stderr)
        return 2
    catalog, events = load_warned(args.geodata)
    door = build_door(catalog.features, events, load_reference(), app_url=args.app_url)
    for path in publish_door(door, out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def format_folder(directory: str | None) -> int:
    """Rewrite every readable layer in the canonical layout; report (and leave alone) the rest."""
    failed = 0
    for path in sorted(geodata_dir(directory).glob("*.geojson")):
        reason: str | None
        try:
            document = read_json(path).data
        except GeoJSONReadError as exc:
            document, reason = None, str(exc)
        else:
            reason = _unformattable(document)
        if reason:
            print(f"{path}: not reformatted: {reason}", file=sys.stderr)
            failed += 1
            continue
        text = dumps_feature_collection(document["features"])
        if path.read_text(encoding="utf-8-sig") != text:
            path.write_text(text, encoding="utf-8")
            print(f"reformatted {path}")
    return 1 if failed else 0


def _unformattable(document: object) -> str | None:
    """Why a parsed file cannot be laid out one feature per line (``None`` if it can)."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return "not a FeatureCollection object ('python -m layers validate' says more)"
    features = document.get("features")
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        return "'features' is not a list of objects ('python -m layers validate' says more)"
    return None


def run_export(args: argparse.Namespace) -> int:
    """``python -m layers export``: exit 0 and write the file, or exit non-zero, say why, write nothing."""
    def fail(message: str, code: int = 2) -> int:
        print(f"export: {message}", file=sys.stderr)
        return code

    params = {k: getattr(args, k) for k in PARAMS if getattr(args, k) is not None}
    catalog = load_catalog(args.geodata)
    catalog.features = families_of(catalog, args.geodata)  # who locates each feature, for its popup
    spec = FilterSpec.from_query_params(params, known_ids=catalog.features.index)
    if spec.notices:
        return fail("; ".join(str(n) for n in spec.notices))  # in English, as the command line speaks
    try:
        size = parse_size(args.size)
    except ValueError as exc:
        return fail(str(exc))
    out = Path(args.out)
    if not out.parent.is_dir():
        return fail(f"folder {str(out.parent)!r} does not exist")
    if out.is_dir():
        return fail(f"{str(out)!r} is a folder; give a file name")
    for problem in catalog.problems:
        print(f"warning: {problem}", file=sys.stderr)
    renderer = None
    try:
        if FORMATS[args.format].renderer:
            renderer = PngRenderer()
        events = load_events(args.geodata, known_ids=catalog.features.index)
        for problem in events.problems:
            print(f"warning: {problem}", file=sys.stderr)
        data = export_bytes(args.format, catalog.features, load_reference(), spec, size=size, renderer=renderer,
                            events=events)
        write_atomically(out, data)
    except (BrowserNotFoundError, RenderError, OSError, ValueError) as exc:
        return fail(str(exc), 1)
    finally:
        if renderer is not None:
            renderer.close()
    print(f"wrote {out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
