"""``python -m orchestration.cli run``: one refresh in this process, then a summary.

The run is recorded in the local Dagster instance ($DAGSTER_HOME, by default the repo's
``.dagster/``), so it shows in the UI. It runs only what the changed raw families feed
(``--full``: everything); the terminal gets one line per finished step, the full Dagster and
dbt log goes to ``<published folder>/logs/run-<run id>.log``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import uuid
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.publish import warehouse


def _rng(low: str, high: str, digits: int = 2) -> str:
    """SQL printing a range with '?' for an unknown bound and '' when both are unknown."""
    fmt = f"'%.{digits}f'"
    return (
        f"CASE WHEN {low} IS NULL AND {high} IS NULL THEN '' ELSE "
        f"coalesce(printf({fmt}, {low}), '?') || '–' || coalesce(printf({fmt}, {high}), '?') END"
    )


def _covers(side: str, arrow: str) -> str:
    """SQL naming what one side of the balance covers: scope and months (NULL if none)."""
    return (
        f"'{arrow}: ' || {side}_scope || coalesce(' ' || strftime({side}_period_start, '%Y-%m') || '→' "
        f"|| strftime({side}_period_end, '%Y-%m'), '')"
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
            "What each value covers (publications value different things over different periods):",
        ]
        covers = con.execute(
            f"""SELECT left(coalesce(source_org, '?'), 18) || ': ' || left(source_title, 22),
                       concat_ws('; ', {_covers("prk_to_rus", "PRK→RUS")},
                                 {_covers("rus_to_prk", "RUS→PRK")})
                FROM marts.balance ORDER BY published_from"""
        ).fetchall()
        lines += [f"  {source}: {what}" for source, what in covers]
        lines += ["", *_unregistered_bodies(con)]
    return "\n".join(lines)


def _unregistered_bodies(con: duckdb.DuckDBPyConnection) -> list[str]:
    """How many claims cite a body raw/organisations.csv does not know (none before it existed)."""
    has_bodies = con.execute(
        """SELECT count(*) FROM information_schema.columns WHERE table_schema = 'marts'
           AND table_name = 'claims' AND column_name = 'body_registered'"""
    ).fetchone()[0]
    if not has_bodies:
        return ["Bodies: this warehouse was published before raw/organisations.csv existed."]
    unregistered, total = con.execute(
        "SELECT count(*) FILTER (WHERE NOT body_registered), count(*) FROM marts.claims"
    ).fetchone()
    return [
        f"Bodies: {unregistered} of {total} claims cite a body not in raw/organisations.csv "
        "(marts.organisations where origin = 'derived').",
    ]


def default_dagster_home() -> None:
    """Without DAGSTER_HOME, use the repo's ``.dagster/`` with the project's dagster.yaml (what
    the Makefile writes), so the command works from a fresh shell."""
    if os.environ.get("DAGSTER_HOME"):
        return
    from orchestration import instance

    home = settings.REPO_ROOT / ".dagster"
    # The same writer as `make`: SQLite, or PostgreSQL when DAGSTER_PG_* are set.
    instance.write_instance_config(home)
    os.environ["DAGSTER_HOME"] = str(home)


@contextlib.contextmanager
def output_to(log_path: Path):
    """Send everything this process and its children (dbt) write to ``log_path``; yield a
    stream to the terminal for the progress lines."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved[0]), "w", buffering=1)
    with log_path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            terminal.close()


class Progress:
    """One line per finished step, with the time since the run started."""

    def __init__(self, out, started: float):
        self.out, self.started = out, started
        self.step_started: dict[str, float] = {}
        self.failed: list[str] = []

    def __call__(self, entry) -> None:
        event = entry.dagster_event
        if event is None or not event.step_key:
            return
        kind, step = event.event_type_value, event.step_key
        if kind == "STEP_START":
            self.step_started[step] = entry.timestamp
            return
        if kind not in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            return
        took = entry.timestamp - self.step_started.get(step, entry.timestamp)
        status = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}
        if kind == "STEP_FAILURE":
            self.failed.append(step)
        elapsed = time.monotonic() - self.started
        self.out.write(f"[{elapsed:6.1f}s] {status[kind]:<7} {step:<45} {took:6.1f}s\n")


def warehouse_config(as_of: str | None) -> dict:
    """The run config of a refresh (``resources.warehouse_files.config``, as in the launchpad):
    the as-of date, and for an as-of build its own warehouse under ``data/as_of/<date>/``
    unless LEDGER_WAREHOUSE names one."""
    if not as_of:
        return {}
    config = {"as_of": settings.check_as_of(as_of)}
    if not os.environ.get("LEDGER_WAREHOUSE"):
        folder = settings.REPO_ROOT / "data" / "as_of" / as_of
        config["published_path"] = str(folder / "warehouse.duckdb")
    return config


def run(full: bool = False, as_of: str | None = None) -> int:
    started = time.monotonic()
    config = warehouse_config(as_of)  # a mistyped date fails before anything loads
    print("Loading the pipeline definitions ...", flush=True)
    from orchestration.defs.resources import WarehouseFiles
    from orchestration.ingest import refresh_plan

    # The run's resource defaults to LEDGER_AS_OF (definitions.py); plan with the same.
    files = WarehouseFiles(**{"as_of": settings.as_of(), **config})
    plan = refresh_plan.Plan(True, (), "--full") if full else files.plan_refresh()
    if plan.nothing_to_do:
        print("Nothing changed since the published warehouse was built; nothing to run.\n")
        print(summarise(files.published()))
        return 0
    print(f"Refreshing {'everything' if plan.full else ', '.join(plan.families)}: {plan.reason}")
    run_config = {"resources": {"warehouse_files": {"config": config}}} if config else {}
    return _execute(plan, run_config, files.published(), started)


def _execute(plan, run_config: dict, published: Path, started: float) -> int:
    """Run the planned selection of the refresh job in this process; report as it goes."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.jobs import refresh_selection

    selection = refresh_selection(None if plan.full else plan.families)
    keys = selection.resolve(defs.resolve_asset_graph())
    instance = dg.DagsterInstance.get()
    run_id = str(uuid.uuid4())
    log_path = published.parent / "logs" / f"run-{run_id}.log"
    progress = Progress(sys.stdout, started)
    instance.add_event_listener(run_id, progress)
    with output_to(log_path) as terminal:
        progress.out = terminal
        result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
            run_config=run_config,
            instance=instance,
            raise_on_error=False,
            run_id=run_id,
            asset_selection=list(keys),
        )
    elapsed = time.monotonic() - started
    if not result.success:
        print(
            f"Run {run_id} FAILED in step(s) {progress.failed} after {elapsed:.1f}s; the "
            f"published warehouse was left as it was.\nFull log: {log_path} (and the run in "
            "the Dagster UI).",
            file=sys.stderr,
        )
        return 1
    print(f"\nRun {run_id} succeeded in {elapsed:.1f}s ({len(keys)} assets).")
    print(f"Full Dagster and dbt log: {log_path}\n")
    print(summarise(published))
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
        "(unless LEDGER_WAREHOUSE says otherwise); passed to the run as its run config",
    )
    run_parser.add_argument(
        "--full",
        action="store_true",
        help="rebuild every asset, not only what the changed raw families feed",
    )
    sub.add_parser("summary", help="print the summary of the published warehouse")
    args = parser.parse_args(argv)
    default_dagster_home()
    if args.command == "run":
        return run(full=args.full, as_of=args.as_of)
    print(summarise())
    return 0


if __name__ == "__main__":
    sys.exit(main())
