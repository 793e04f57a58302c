"""``make bench``: the pipeline against bare DuckDB on the same synthetic customs records.

Measures, in one invocation and on the same files:
1. the pipeline path (ingest asset, blocking checks, dbt models, publish) — wall and peak RSS;
2. the floor: a bare DuckDB script loading the files and running the same SQL — wall and RSS;
3. an incremental refresh after one new month's file, as a fraction of the full refresh;
4. the full refresh of the shipped figures in one process, by stage.
Writes bench/results/latest.json and prints a table. The data is synthetic, generated into a
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


STEP_DONE = re.compile(r'Finished execution of step "([^"]+)" in ([0-9.]+)(ms|s|m)')


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
            scale = {"ms": 0.001, "s": 1.0, "m": 60.0}
            for step, amount, unit in STEP_DONE.findall(text):
                steps[step] = round(float(amount) * scale[unit], 2)
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


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--rows", type=int, default=10_000_000, help="synthetic rows in all")
    parser.add_argument("--files", type=int, default=24, help="monthly files they are split in")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        tmp = Path(tmp)
        root = tmp / "pipeline"
        prepare_root(root)
        per_file = args.rows // args.files
        months = [f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(args.files + 1)]
        files = [
            write_trade_records(
                root / "raw" / "trade_records" / f"{m}.parquet", per_file, month=m, seed=i
            )
            for i, m in enumerate(months[:-1])
        ]
        rows = per_file * len(files)
        print(f"generated {rows} synthetic rows in {len(files)} files under {tmp}", flush=True)
        env = ledger_env(root)
        run_cmd = [sys.executable, "-m", "orchestration.cli", "run"]

        pipeline_steps: dict[str, float] = {}
        pipeline_s, pipeline_rss = measure(run_cmd, env, pipeline_steps)
        print(f"pipeline: {pipeline_s:.1f}s, {pipeline_rss:.0f} MB", flush=True)
        floor_s, floor_rss = measure(
            [sys.executable, "-m", "bench.floor", str(tmp / "floor.duckdb"), *map(str, files)], env
        )
        print(f"floor: {floor_s:.1f}s, {floor_rss:.0f} MB", flush=True)
        write_trade_records(
            root / "raw" / "trade_records" / f"{months[-1]}.parquet",
            per_file,
            month=months[-1],
            seed=len(months),
        )
        incremental_steps: dict[str, float] = {}
        incremental_s, _ = measure(run_cmd, env, incremental_steps)
        print(f"incremental: {incremental_s:.1f}s", flush=True)

        small = tmp / "small"
        prepare_root(small)
        small_out = tmp / "small.json"
        small_s, _ = measure(
            [sys.executable, "-m", "bench.small_refresh", str(small_out)], ledger_env(small)
        )
        stages = json.loads(small_out.read_text())

    results = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": rows,
        "files": len(files),
        "pipeline_s": round(pipeline_s, 2),
        "floor_s": round(floor_s, 2),
        "pipeline_vs_floor_ratio": round(pipeline_s / floor_s, 2),
        "pipeline_peak_rss_mb": round(pipeline_rss),
        "floor_peak_rss_mb": round(floor_rss),
        "incremental_s": round(incremental_s, 2),
        "incremental_fraction": round(incremental_s / pipeline_s, 3),
        "small_refresh_s": round(small_s, 2),
        "small_refresh_stages_s": {k: round(v, 2) for k, v in stages["stages_s"].items()},
        "pipeline_steps_s": dict(sorted(pipeline_steps.items(), key=lambda kv: -kv[1])[:8]),
        "incremental_steps_s": dict(sorted(incremental_steps.items(), key=lambda kv: -kv[1])[:8]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    return results


def table(r: dict) -> str:
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in r["small_refresh_stages_s"].items())
    lines = [
        f"| measure ({r['rows']:,} synthetic rows, {r['files']} files) | value |",
        "|---|---|",
        f"| 1. pipeline (ingest, checks, dbt, publish) | {r['pipeline_s']:.1f} s, "
        f"peak RSS {r['pipeline_peak_rss_mb']} MB |",
        f"| 2. floor (bare DuckDB, same files and SQL) | {r['floor_s']:.1f} s, "
        f"peak RSS {r['floor_peak_rss_mb']} MB |",
        f"| pipeline ÷ floor | {r['pipeline_vs_floor_ratio']:.2f} |",
        f"| 3. incremental (one new month) | {r['incremental_s']:.1f} s = "
        f"{r['incremental_fraction']:.1%} of the full refresh |",
        f"| 4. shipped figures, full refresh in one process | {r['small_refresh_s']:.1f} s "
        f"({stages}) |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
