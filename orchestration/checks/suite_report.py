"""A human-readable validation report per run: one HTML page per suite plus an index, under
``<published folder>/validation/<run id>/`` (``LEDGER_VALIDATION_DIR`` overrides the root);
``latest`` points at the newest run."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from orchestration.checks.outcomes import SuiteResult, jsonable


def run_folder(root: Path, run_id: str) -> Path:
    folder = root / run_id
    folder.mkdir(parents=True, exist_ok=True)
    latest = root / "latest"
    tmp = latest.with_name(f".latest.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(run_id)
    os.replace(tmp, latest)
    return folder


def write_suite_report(root: Path, run_id: str, result: SuiteResult, extra_html: str = "") -> Path:
    """The suite's page under ``root/<run_id>/`` (``root``: the run's validation folder,
    ``WarehouseFiles.validation()``)."""
    folder = run_folder(root, run_id)
    rows = []
    for o in result.outcomes:
        status = "pass" if o.success else "FAIL"
        rows.append(
            "<tr class='{cls}'><td>{status}</td><td>{exp}</td><td>{col}</td><td>{reason}</td>"
            "<td>{observed}</td><td>{count}</td><td>{examples}</td></tr>".format(
                cls="ok" if o.success else "bad",
                status=status,
                exp=html.escape(o.expectation),
                col=html.escape(o.column or ""),
                reason=html.escape(o.reason),
                observed=html.escape(json.dumps(jsonable(o.observed_value))),
                count=o.unexpected_count,
                examples=html.escape(json.dumps(jsonable(o.unexpected_examples[:10]))),
            )
        )
    page = f"""<!doctype html><html><head><meta charset="utf-8">
<title>{html.escape(result.suite)}: {"passed" if result.success else "FAILED"}</title>
<style>body{{font-family:sans-serif;margin:2em}} td,th{{border:1px solid #ccc;padding:4px;
vertical-align:top}} table{{border-collapse:collapse}} .bad{{background:#fdd}} .ok{{background:#efe}}</style>
</head><body><h1>Suite {html.escape(result.suite)}: {"passed" if result.success else "FAILED"}</h1>
<p>Run {html.escape(run_id)}; {result.rows} rows; {len(result.outcomes)} expectations,
{len(result.failed)} failed.</p>{extra_html}
<table><tr><th>status</th><th>expectation</th><th>column</th><th>reason</th><th>observed</th>
<th>unexpected</th><th>examples</th></tr>{"".join(rows)}</table></body></html>"""
    path = folder / f"{result.suite}.html"
    path.write_text(page, encoding="utf-8")
    _write_index(folder, run_id)
    return path


def _write_index(folder: Path, run_id: str) -> None:
    items = "".join(
        f"<li><a href='{html.escape(p.name)}'>{html.escape(p.stem)}</a></li>"
        for p in sorted(folder.glob("*.html"))
        if p.name != "index.html"
    )
    (folder / "index.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>Validation {html.escape(run_id)}"
        f"</title></head><body><h1>Validation of run {html.escape(run_id)}</h1><ul>{items}</ul>"
        "</body></html>",
        encoding="utf-8",
    )
