"""Command line: ``python -m layers validate [DIR]``."""

from __future__ import annotations

import argparse
import sys

from layers.assets import fetch_vendor
from layers.catalog import geodata_dir, load_catalog, summary
from layers.io import GeoJSONReadError, dumps_feature_collection, read_json


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m layers", description="Minhang strategy map data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a geodata folder and report every problem")
    check.add_argument("directory", nargs="?",
                       help="folder of *.geojson layers (default: $MINHANG_GEODATA or geodata/)")
    fmt = commands.add_parser("fmt", help="rewrite layers in the diff-friendly layout (one feature per line)")
    fmt.add_argument("directory", nargs="?", help="folder of *.geojson layers (default as for validate)")
    commands.add_parser("vendor", help="refresh static/vendor (Leaflet and plugins) from the npm registry")
    args = parser.parse_args(argv)

    if args.command == "validate":
        catalog = load_catalog(args.directory)
        if catalog.problems:
            for problem in catalog.problems:
                print(problem, file=sys.stderr)
            print(f"{len(catalog.problems)} problem(s); {len(catalog.features)} valid feature(s) loaded",
                  file=sys.stderr)
            return 1
        print(summary(catalog))
        return 0
    if args.command == "vendor":
        print(f"wrote {len(fetch_vendor())} files")
        return 0
    if args.command == "fmt":
        return format_folder(args.directory)
    return 2  # pragma: no cover - argparse rejects unknown commands first


def format_folder(directory: str | None) -> int:
    """Rewrite every readable layer in the canonical layout; report the unreadable ones."""
    failed = 0
    for path in sorted(geodata_dir(directory).glob("*.geojson")):
        try:
            doc = read_json(path)
            features = doc["features"]
        except (GeoJSONReadError, TypeError, KeyError) as exc:
            print(f"{path}: not reformatted: {exc}", file=sys.stderr)
            failed += 1
            continue
        text = dumps_feature_collection(features)
        if path.read_text(encoding="utf-8-sig") != text:
            path.write_text(text, encoding="utf-8")
            print(f"reformatted {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
