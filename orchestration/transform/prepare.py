"""Prepare everything the code location needs before it loads: generated dbt sources and
seeds, and the dbt manifest (``dbt parse``), so no run worker re-parses the project.

``--check`` (used by ``make test``) never rewrites the committed generated files: it fails,
naming the stale ones, so a test run cannot hide files that were not regenerated.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from orchestration import reference
from orchestration.transform import raw_sources


def generated_files() -> list[tuple[str, Path, Callable[[], str]]]:
    """Every committed file generated from code: (name, path, renderer)."""
    return [
        ("dbt sources", raw_sources.SOURCES_YML, raw_sources.render),
        ("raw columns macro", raw_sources.COLUMNS_MACRO, raw_sources.render_columns_macro),
        ("countries seed", reference.COUNTRIES_CSV, reference.render_countries),
        ("currencies seed", reference.CURRENCIES_CSV, reference.render_currencies),
        ("country numbers seed", reference.COUNTRY_NUMBERS_CSV, reference.render_country_numbers),
    ]


def stale_files() -> list[Path]:
    """Generated files whose committed content differs from what the code renders."""
    return [
        path
        for _, path, render in generated_files()
        if not path.exists() or path.read_text(encoding="utf-8") != render()
    ]


def regenerate() -> None:
    from orchestration.generated import write_if_changed

    for name, path, render in generated_files():
        changed = write_if_changed(path, render())
        print(f"{name}: {'regenerated' if changed else 'up to date'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.transform.prepare")
    parser.add_argument(
        "--check", action="store_true", help="fail on stale generated files instead of rewriting"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    if args.check:
        stale = stale_files()
        if stale:
            names = ", ".join(str(p) for p in stale)
            print(f"stale generated files: {names}; run `make prepare`", file=sys.stderr)
            return 1
        print("generated files: up to date")
    else:
        regenerate()
    from orchestration import settings
    from orchestration.transform.project import dbt_project

    # Parse for the build file a run uses (the profile's path is part of what dbt compares),
    # so a run finds this parse valid and skips dbt's full re-parse.
    os.environ["LEDGER_BUILD_DB"] = str(settings.build_path())
    dbt_project.preparer.prepare(dbt_project)
    print(f"dbt manifest: {dbt_project.manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
