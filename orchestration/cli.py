"""``python -m orchestration.cli run``: one refresh in this process, then a summary.

The run is recorded in the local Dagster instance ($DAGSTER_HOME), so it shows in the UI.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import duckdb

from orchestration import settings, warehouse


def _rng(low: str, high: str, digits: int = 2) -> str:
    """SQL printing a range with '?' for an unknown bound and '' when both are unknown."""
    fmt = f"'%.{digits}f'"
    return (
        f"CASE WHEN {low} IS NULL AND {high} IS NULL THEN '' ELSE "
        f"coalesce(printf({fmt}, {low}), '?') || '–' || coalesce(printf({fmt}, {high}), '?') END"
    )


def summarise(path=None) -> str:
    path = path or settings.published_path()
    lines = [f"Published warehouse: {path}", "", "Rows per table:"]
    for table, rows in warehouse.table_counts(path).items():
        lines.append(f"  {table:<40} {rows:>7}")
    with duckdb.connect(str(path), read_only=True) as con:
        balance = con.sql(
            f"""SELECT left(coalesce(source_org, '?'), 18) || ': ' || left(source_title, 22)
                      AS source, published_on,
                      {_rng("prk_to_rus_usd_low / 1e9", "prk_to_rus_usd_high / 1e9")} AS "PRK→RUS bn USD",
                      {_rng("rus_to_prk_usd_low / 1e9", "rus_to_prk_usd_high / 1e9")} AS "RUS→PRK bn USD",
                      {_rng("net_usd_low / 1e9", "net_usd_high / 1e9")} AS "net bn USD",
                      {_rng("ratio_low", "ratio_high", 1)} AS ratio
               FROM marts.balance ORDER BY published_from"""
        )
        lines += [
            "",
            "Balance (marts.balance; ? or blank = not estimated by that source):",
            str(balance),
        ]
    return "\n".join(lines)


def run() -> int:
    import dagster as dg

    from orchestration.definitions import defs

    started = time.monotonic()
    instance = dg.DagsterInstance.get()
    job = defs.resolve_job_def("refresh_warehouse")
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    elapsed = time.monotonic() - started
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(
            f"Run {result.run_id} FAILED in step(s) {failed} after {elapsed:.1f}s; the published "
            f"warehouse was left as it was. See the log above or the run in the Dagster UI.",
            file=sys.stderr,
        )
        return 1
    print(f"\nRun {result.run_id} succeeded in {elapsed:.1f}s.\n")
    print(summarise())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser(
        "run", help="refresh the warehouse once, in process, and print a summary"
    )
    run_parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="build the marts as of this date into data/as_of/<date>/warehouse.duckdb "
        "(unless LEDGER_WAREHOUSE says otherwise)",
    )
    sub.add_parser("summary", help="print the summary of the published warehouse")
    args = parser.parse_args(argv)
    if args.command == "run":
        if args.as_of:
            os.environ["LEDGER_AS_OF"] = args.as_of
            settings.as_of()  # validate before anything runs
            os.environ.setdefault(
                "LEDGER_WAREHOUSE",
                str(settings.REPO_ROOT / "data" / "as_of" / args.as_of / "warehouse.duckdb"),
            )
        return run()
    print(summarise())
    return 0


if __name__ == "__main__":
    sys.exit(main())
