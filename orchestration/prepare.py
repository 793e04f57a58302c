"""Prepare everything the code location needs before it loads: generated dbt sources and
seeds, and the dbt manifest (``dbt parse``), so no run worker re-parses the project."""

from __future__ import annotations

import os

from orchestration import dbt_sources, reference


def main() -> None:
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    for name, changed in (
        ("dbt sources", dbt_sources.write()),
        ("countries seed", reference.write()),
        ("currencies seed", reference.write_currencies()),
        ("country numbers seed", reference.write_country_numbers()),
    ):
        print(f"{name}: {'regenerated' if changed else 'up to date'}")
    from orchestration.dbt_project import dbt_project

    dbt_project.preparer.prepare(dbt_project)
    print(f"dbt manifest: {dbt_project.manifest_path}")


if __name__ == "__main__":
    main()
