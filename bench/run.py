"""``make bench``: the pipeline against bare DuckDB on the same synthetic customs records.

Measures, in one invocation, at each size (default 1 M and 10 M rows, ``--rows`` takes a list):
1. the pipeline path (ingest asset, blocking checks, dbt models, publish) — wall and peak RSS;
2. the floor: a bare DuckDB script loading the same files and running the same SQL;
3. the refresh after one new month's file (``orchestration.cli run`` selects what changed);
then 4. the full refresh of the shipped figures in one process, by stage, and optionally
5. `make run` in a fresh local clone. Writes bench/results/latest.json (with the load average
of the machine, which is shared) and prints a table. The data is synthetic, generated into a
temporary folder, never into raw/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.synthetic import write_trade_records

REPO = Path(__file__).resolve().parent.parent
SHIPPED_RAW = REPO / "raw"


# The progress lines of `orchestration.cli run`: "[  12.3s] ok      raw__figures    0.5s".
STEP_DONE = re.compile(r"^\[\s*[0-9.]+s\] ok\s+(\S+)\s+([0-9.]+)s$", re.MULTILINE)


def measure(
    cmd: list[str], env: dict[str, str], steps: dict[str, float] | None = None
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the largest process of the tree) of a command; with
    ``steps``, also the seconds of each Dagster step, read from the run's log."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:  # a pipe would fill up and block the child
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        log.seek(0)
        text = log.read().decode(errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{cmd} failed:\n{text[-3000:]}")
        if steps is not None:
            for step, seconds in STEP_DONE.findall(text):
                steps[step] = float(seconds)
    return wall, usage.ru_maxrss / 1024


def ledger_env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LEDGER_RAW_DIR": str(root / "raw"),
        "LEDGER_WAREHOUSE": str(root / "data" / "warehouse.duckdb"),
        "LEDGER_BUILD_DB": str(root / "data" / ".build" / "warehouse.duckdb"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def prepare_root(root: Path) -> None:
    shutil.copytree(SHIPPED_RAW, root / "raw", ignore=shutil.ignore_patterns("README.md"))
    (root / "dagster_home").mkdir(parents=True)
    shutil.copy(REPO / "dagster.yaml", root / "dagster_home" / "dagster.yaml")


def measure_size(tmp: Path, rows_wanted: int, n_files: int) -> dict:
    """Full refresh, floor and one new month's incremental refresh at one size."""
    root = tmp / f"pipeline-{rows_wanted}"
    prepare_root(root)
    per_file = rows_wanted // n_files
    months = [f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(n_files + 1)]
    files = [
        write_trade_records(
            root / "raw" / "trade_records" / f"{m}.parquet", per_file, month=m, seed=i
        )
        for i, m in enumerate(months[:-1])
    ]
    rows = per_file * len(files)
    print(f"generated {rows} synthetic rows in {len(files)} files under {root}", flush=True)
    env = ledger_env(root)
    run_cmd = [sys.executable, "-m", "orchestration.cli", "run"]
    pipeline_steps: dict[str, float] = {}
    pipeline_s, pipeline_rss = measure(run_cmd, env, pipeline_steps)
    print(f"  pipeline: {pipeline_s:.1f}s, {pipeline_rss:.0f} MB", flush=True)
    floor_db = tmp / f"floor-{rows_wanted}.duckdb"
    floor_s, floor_rss = measure(
        [sys.executable, "-m", "bench.floor", str(floor_db), *map(str, files)], env
    )
    floor_db.unlink(missing_ok=True)
    print(f"  floor: {floor_s:.1f}s, {floor_rss:.0f} MB", flush=True)
    write_trade_records(
        root / "raw" / "trade_records" / f"{months[-1]}.parquet",
        per_file,
        month=months[-1],
        seed=len(months),
    )
    incremental_steps: dict[str, float] = {}
    incremental_s, incremental_rss = measure(run_cmd, env, incremental_steps)
    print(f"  incremental (one new month, {per_file} rows): {incremental_s:.1f}s", flush=True)
    shutil.rmtree(root)  # the 100M point needs the disk back before the next size
    return {
        "rows": rows,
        "files": len(files),
        "new_month_rows": per_file,
        "pipeline_s": round(pipeline_s, 2),
        "floor_s": round(floor_s, 2),
        "pipeline_vs_floor_ratio": round(pipeline_s / floor_s, 2),
        "pipeline_peak_rss_mb": round(pipeline_rss),
        "floor_peak_rss_mb": round(floor_rss),
        "incremental_s": round(incremental_s, 2),
        "incremental_peak_rss_mb": round(incremental_rss),
        "incremental_fraction": round(incremental_s / pipeline_s, 3),
        "pipeline_steps_s": dict(sorted(pipeline_steps.items(), key=lambda kv: -kv[1])),
        "incremental_steps_s": dict(sorted(incremental_steps.items(), key=lambda kv: -kv[1])),
    }


def fresh_clone_make_run(tmp: Path) -> float:
    """A local clone of the committed repo, then `make run` (venv, locked install, refresh)."""
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAGSTER_", "LEDGER_"))}
    env.pop("VIRTUAL_ENV", None)
    started = time.monotonic()
    subprocess.run(["make", "run"], cwd=clone, env=env, check=True, capture_output=True)
    return round(time.monotonic() - started, 1)


def sensor_latency() -> dict | None:
    """The latest sensor latency measured by tests/ui (see the README for the command)."""
    path = REPO / "test-output" / "ui" / "sensor_latency.json"
    return json.loads(path.read_text()) if path.exists() else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument(
        "--rows",
        default="1000000,10000000",
        help="synthetic rows in all, one size or several separated by commas",
    )
    parser.add_argument("--files", type=int, default=24, help="monthly files they are split in")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "latest.json")
    parser.add_argument(
        "--fresh-clone", action="store_true", help="also time `make run` in a fresh local clone"
    )
    return parser.parse_args(argv)


def measure_small_refresh(tmp: Path) -> tuple[float, dict]:
    """Seconds of a refresh on the shipped figures, and its stages (bench/small_refresh.py)."""
    small = tmp / "small"
    prepare_root(small)
    # Untimed, as `make prepare` is for `make run`: dbt's parse for this root's build file.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from orchestration.defs.dbt import parse_for_build_file as p; p()",
        ],
        cwd=REPO,
        env=ledger_env(small),
        check=True,
        capture_output=True,
    )
    small_out = tmp / "small.json"
    small_s, _ = measure(
        [sys.executable, "-m", "bench.small_refresh", str(small_out)], ledger_env(small)
    )
    return small_s, json.loads(small_out.read_text())


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    sizes = [int(n.replace("_", "")) for n in str(args.rows).split(",")]

    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        tmp = Path(tmp)
        points = [measure_size(tmp, n, args.files) for n in sizes]
        small_s, stages = measure_small_refresh(tmp)
        clone_s = fresh_clone_make_run(tmp) if args.fresh_clone else None

    largest, smallest = points[-1], points[0]
    results = {
        "measured_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_1_5_15": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        # the largest size at the top level; every size in ``sizes``
        **{k: v for k, v in largest.items() if not k.endswith("steps_s")},
        "incremental_vs_smallest_size": round(
            largest["incremental_s"] / smallest["incremental_s"], 2
        ),
        "small_refresh_s": round(small_s, 2),
        "small_refresh_stages_s": {k: round(v, 2) for k, v in stages["stages_s"].items()},
        "fresh_clone_make_run_s": clone_s,
        "sensor_latency": sensor_latency(),
        "sizes": points,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    return results


def table(r: dict) -> str:
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in r["small_refresh_stages_s"].items())
    lines = [
        "| measure | rows | value |",
        "|---|---:|---|",
    ]
    for p in r["sizes"]:
        lines += [
            f"| full refresh (ingest, checks, dbt, publish) | {p['rows']:,} | "
            f"{p['pipeline_s']:.1f} s, peak RSS {p['pipeline_peak_rss_mb']} MB |",
            f"| floor (bare DuckDB, same files and SQL) | {p['rows']:,} | {p['floor_s']:.1f} s, "
            f"peak RSS {p['floor_peak_rss_mb']} MB; pipeline ÷ floor "
            f"{p['pipeline_vs_floor_ratio']:.2f} |",
            f"| one new month ({p['new_month_rows']:,} rows) | {p['rows']:,} | "
            f"{p['incremental_s']:.1f} s ({p['incremental_fraction']:.1%} of the full refresh) |",
        ]
    if len(r["sizes"]) > 1:
        lines.append(
            f"| new month, largest ÷ smallest size | | {r['incremental_vs_smallest_size']:.2f} |"
        )
    lines.append(
        f"| shipped figures, full refresh in one process | | {r['small_refresh_s']:.1f} s "
        f"({stages}) |"
    )
    if r["fresh_clone_make_run_s"] is not None:
        lines.append(f"| fresh clone → `make run` finished | | {r['fresh_clone_make_run_s']} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
