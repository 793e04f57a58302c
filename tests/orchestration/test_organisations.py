"""The organisations registry: its contract (a bad file is rejected whole, with the reason),
and the run failing, with nothing published, on a rejected registry or an ambiguous figure."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.families import ORGANISATIONS
from orchestration.ingest.replacing import load_family
from tests.conftest import SHIPPED_RAW, run_pipeline

HEADER = ["org_id", "name", "country", "kind", "cited_as", "note"]
BOK = {
    "org_id": "bok",
    "name": "Bank of Korea",
    "country": "KOR",
    "kind": "central_bank",
    "cited_as": "Bank of Korea*",
    "note": "",
}
NIS = {
    "org_id": "kor-nis",
    "name": "National Intelligence Service",
    "country": "KOR",
    "kind": "intelligence",
    "cited_as": "South Korea National Intelligence Service|South Korea NIS*",
    "note": "",
}


def registry_text(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write_registry(raw: Path, rows: list[dict[str, str]]) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    path = raw / "organisations.csv"
    path.write_text(registry_text(rows), encoding="utf-8")
    return path


def load(raw: Path):
    con = duckdb.connect()
    report = load_family(con, ORGANISATIONS, raw)
    return con, report


def test_the_shipped_registry_loads_whole():
    con, report = load(SHIPPED_RAW)
    with con:
        assert not report.rejections, [r.message() for r in report.rejections]
        assert [f.path for f in report.loaded] == ["organisations.csv"]
        with (SHIPPED_RAW / "organisations.csv").open(encoding="utf-8", newline="") as f:
            assert report.rows == len(list(csv.DictReader(f)))


@pytest.mark.parametrize(
    "rows, row, column, reason",
    [
        pytest.param(
            [BOK, NIS, {**NIS, "name": "NIS again", "cited_as": "NIS"}],
            3,
            "org_id",
            "org_id must be unique",
            id="duplicate_org_id",
        ),
        pytest.param(
            [BOK, {**NIS, "cited_as": f"{NIS['cited_as']}| bank of KOREA* "}],
            2,
            "cited_as",
            "claimed by another organisation",
            id="entry_claimed_twice",
        ),
        pytest.param(
            [BOK, {**NIS, "cited_as": "South Korea*NIS"}],
            2,
            "cited_as",
            "* other than at its start or end",
            id="star_inside_an_entry",
        ),
        pytest.param(
            [BOK, {**NIS, "cited_as": "*"}],
            2,
            "cited_as",
            "is only *",
            id="entry_matching_everything",
        ),
        pytest.param(
            [BOK, {**NIS, "kind": "spy_agency"}],
            2,
            "kind",
            "kind must be one of",
            id="unknown_kind",
        ),
        pytest.param(
            [BOK, {**NIS, "country": "Korea"}],
            2,
            "country",
            "ISO 3166-1 alpha-3",
            id="country_not_iso3",
        ),
    ],
)
def test_a_bad_registry_is_rejected_whole_with_its_reason(tmp_path, rows, row, column, reason):
    path = write_registry(tmp_path / "raw", rows)
    content = path.read_bytes()
    con, report = load(tmp_path / "raw")
    with con:
        assert report.loaded == [] and report.rows == 0
        assert con.execute("SELECT count(*) FROM raw.organisations").fetchone()[0] == 0
        problems = con.execute(
            "SELECT source_file, source_row, column_name, reason FROM audit.rejections"
        ).fetchall()
    assert any(
        (f, r, c) == ("organisations.csv", row, column) and reason in why
        for f, r, c, why in problems
    ), problems
    assert path.read_bytes() == content  # never moved or edited


def test_an_entry_claimed_once_by_each_of_two_organisations_is_fine(tmp_path):
    # Overlapping patterns are allowed in the file; only a figure both match is ambiguous.
    rows = [BOK, {**NIS, "org_id": "bank-of-korea-research", "cited_as": "Bank of Korea Research"}]
    write_registry(tmp_path / "raw", rows)
    con, report = load(tmp_path / "raw")
    with con:
        assert not report.rejections and report.rows == 2


# ---------------------------------------------------------------------------------------------
# The run: a rejected registry or an ambiguous figure fails it; nothing published changes.


def shipped_registry() -> list[dict[str, str]]:
    with (SHIPPED_RAW / "organisations.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def figure_location(figure_id: str) -> tuple[str, int, str]:
    """(file relative to raw/, data row, source_org) of a shipped figure."""
    for path in sorted((SHIPPED_RAW / "figures").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), start=1):
                if row["figure_id"] == figure_id:
                    return f"figures/{path.name}", i, row["source_org"]
    raise LookupError(figure_id)


def _copy_published(shipped_run, root: Path) -> tuple[Path, bytes]:
    """A root holding the shipped raw files and the shipped run's published warehouse."""
    shutil.copytree(shipped_run.raw, root / "raw")
    (root / "data" / ".build").mkdir(parents=True)
    shutil.copy(shipped_run.build, root / "data" / ".build" / "warehouse.duckdb")
    published = root / "data" / "warehouse.duckdb"
    shutil.copy(shipped_run.published, published)
    return published, published.read_bytes()


def test_a_figure_two_organisations_claim_fails_the_run_naming_file_row_and_both(
    shipped_run, tmp_path
):
    published, before = _copy_published(shipped_run, tmp_path)
    source_file, row, source_org = figure_location("F0035")
    # The organisation F0035 is attributed to on the shipped registry (the ministry).
    (ministry,) = shipped_run.one("SELECT body_id FROM marts.claims WHERE figure_id = 'F0035'")
    rival = {
        "org_id": "fixture-rival",
        "name": "Fixture rival body",
        "country": "KOR",
        "kind": "ministry",
        "cited_as": "South Korea Ministry*",  # distinct from kor-mnd's exact name, overlapping
        "note": "test fixture",
    }
    write_registry(tmp_path / "raw", [*shipped_registry(), rival])

    run = run_pipeline(tmp_path)

    assert not run.success
    assert "figures_attributed_to_one_body" in run.failed_checks, run.failed_checks
    listed = run.check_metadata["figures_attributed_to_one_body"]["ambiguous_figures"].value
    line = next(m for m in listed.splitlines() if "F0035" in m)
    assert f"{source_file}, row {row}" in line, line
    assert ministry in line and rival["org_id"] in line, line
    assert source_org in line, line
    assert "publish/warehouse" not in run.materializations
    assert published.read_bytes() == before


def test_a_rejected_registry_fails_the_run_instead_of_publishing_without_it(shipped_run, tmp_path):
    published, before = _copy_published(shipped_run, tmp_path)
    registry = shipped_registry()
    path = write_registry(tmp_path / "raw", [*registry, {**registry[1], "name": "Twice"}])
    content = path.read_bytes()

    run = run_pipeline(tmp_path)

    assert not run.success
    assert "no_rejected_file" in run.failed_checks, run.failed_checks
    listed = run.check_metadata["no_rejected_file"]["rejections"].value
    assert f"organisations.csv, row {len(registry) + 1}" in listed, listed
    assert "org_id must be unique" in listed, listed
    assert "publish/warehouse" not in run.materializations
    assert published.read_bytes() == before
    assert path.read_bytes() == content


def test_a_missing_registry_fails_the_run_instead_of_publishing_without_it(shipped_run, tmp_path):
    published, before = _copy_published(shipped_run, tmp_path)
    (tmp_path / "raw" / "organisations.csv").unlink()

    run = run_pipeline(tmp_path)

    assert not run.success
    assert "no_rejected_file" in run.failed_checks, run.failed_checks
    listed = run.check_metadata["no_rejected_file"]["rejections"].value
    assert "organisations.csv: no file or no rows" in listed, listed
    assert "publish/warehouse" not in run.materializations
    assert published.read_bytes() == before
