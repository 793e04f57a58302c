"""Raw loading through the public entry point ``load_family``: lineage and bad files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.families import FIGURES, SOURCES
from orchestration.ingest.replacing import load_family
from tests.conftest import shipped_rows, write_figures


@pytest.fixture
def con():
    with duckdb.connect() as c:
        yield c


@pytest.fixture
def raw(tmp_path) -> Path:
    return tmp_path / "raw"


def rejections(con) -> list[tuple]:
    return con.execute(
        "SELECT source_file, column_name, reason FROM audit.rejections ORDER BY ALL"
    ).fetchall()


def test_rows_carry_file_row_hash_and_load_time(con, raw):
    rows = shipped_rows()[:3]
    write_figures(raw / "figures" / "a.csv", rows)
    report = load_family(con, FIGURES, raw)
    assert report.rows == 3
    got = con.execute(
        "SELECT figure_id, _source_file, _source_row, length(_file_sha256), _loaded_at IS NOT NULL "
        "FROM raw.figures ORDER BY _source_row"
    ).fetchall()
    assert got == [(r["figure_id"], "figures/a.csv", i + 1, 64, True) for i, r in enumerate(rows)]


def test_extra_columns_are_allowed_and_reported(con, raw):
    rows = [{**r, "analyst_comment": "checked"} for r in shipped_rows()[:2]]
    write_figures(raw / "figures" / "extra.csv", rows)
    report = load_family(con, FIGURES, raw)
    assert report.rows == 2 and report.loaded[0].extra_columns == ["analyst_comment"]


def test_same_content_under_another_name_loads_once(con, raw):
    rows = shipped_rows()[:2]
    write_figures(raw / "figures" / "a.csv", rows)
    write_figures(raw / "figures" / "b.csv", rows)
    report = load_family(con, FIGURES, raw)
    assert report.rows == 2
    assert report.duplicates == [("figures/b.csv", "figures/a.csv")]


def test_missing_column_rejects_the_file_and_keeps_the_others(con, raw):
    good = shipped_rows()[:2]
    write_figures(raw / "figures" / "good.csv", good)
    bad = [{k: v for k, v in r.items() if k != "unit"} for r in shipped_rows()[2:4]]
    bad_path = write_figures(raw / "figures" / "bad.csv", bad)
    report = load_family(con, FIGURES, raw)
    assert report.rows == 2
    [(source_file, column, reason)] = rejections(con)
    assert (source_file, column) == ("figures/bad.csv", "unit")
    assert "required column is missing" in reason
    assert bad_path.exists()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.csv", b"", "file is empty"),
        ("binary.csv", b"PK\x03\x04\x14\x00\x06\x00\xff\xfe\x00\x00", "cannot be read"),
        ("latin1.csv", "figure_id,metric\nF1,caf\xe9\n".encode("latin-1"), "cannot be read"),
        ("semicolons.csv", b"figure_id;metric;unit\nF1;gdp_estimate;USD\n", "semicolon"),
        ("twice.csv", b"figure_id,metric,metric\nF1,gdp_estimate,x\n", "names a column twice"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(con, raw, name, content, reason):
    path = raw / "figures" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    report = load_family(con, FIGURES, raw)
    assert report.rows == 0
    assert report.rejections and all(r.source_file == f"figures/{name}" for r in report.rejections)
    assert reason in report.rejections[0].reason
    assert path.read_bytes() == content


def test_symlink_outside_raw_is_not_followed(con, raw, tmp_path):
    outside = write_figures(tmp_path / "elsewhere.csv", shipped_rows()[:1])
    (raw / "figures").mkdir(parents=True)
    (raw / "figures" / "link.csv").symlink_to(outside)
    report = load_family(con, FIGURES, raw)
    assert report.rows == 0
    assert "outside the raw folder" in report.rejections[0].reason


def test_sources_registry_is_one_file(con, tmp_path):
    shipped = Path(__file__).resolve().parents[2] / "raw"
    report = load_family(con, SOURCES, shipped)
    assert [f.path for f in report.loaded] == ["sources.csv"]
    assert (
        report.rows
        == con.execute("SELECT count(DISTINCT source_id) FROM raw.sources").fetchone()[0]
    )
