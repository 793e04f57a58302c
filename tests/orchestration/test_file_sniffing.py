"""Rejections name what a bad file most likely is and what to do (through ``load_family``)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from orchestration.families import FIGURES
from orchestration.ingest.replacing import load_family
from tests.conftest import shipped_rows, write_figures


@pytest.fixture
def con():
    with duckdb.connect() as c:
        yield c


def _xlsx() -> bytes:
    """The layout of a real .xlsx (a zip with [Content_Types].xml and xl/ parts)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return buf.getvalue()


def _reasons(con, tmp_path: Path, name: str, content: bytes) -> list[str]:
    path = tmp_path / "raw" / "figures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    report = load_family(con, FIGURES, tmp_path / "raw")
    assert report.rows == 0
    assert path.read_bytes() == content  # never moved or edited
    return [r.reason for r in report.rejections if r.source_file == f"figures/{name}"]


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("book.csv", _xlsx(), ["an Excel workbook (.xlsx", "save it as 'CSV UTF-8"]),
        ("old.csv", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 200, ["old Excel workbook"]),
        (
            "unicode.csv",
            "figure_id,metric\nF1,x\n".encode("utf-16"),
            ["UTF-16 text", "iconv -f UTF-16"],
        ),
        (
            "latin1.csv",
            "figure_id,metric\nF1,café\n".encode("latin-1"),
            ["byte 0xE9", "line 2", "'é'", "most likely Latin-1", "iconv -f WINDOWS-1252"],
        ),
        (
            "german.csv",
            b"figure_id;metric;value_point;unit\nF1;gdp_estimate;5,5;USD\n",
            ["semicolon-separated", "decimal commas", "'.' as the decimal separator"],
        ),
        ("tabs.csv", b"figure_id\tmetric\tunit\nF1\tgdp_estimate\tUSD\n", ["tab-separated"]),
    ],
)
def test_rejection_names_the_likely_cause_and_the_fix(con, tmp_path, name, content, expected):
    [reason] = _reasons(con, tmp_path, name, content)
    assert reason.startswith("cannot be read as a UTF-8, comma-separated CSV")
    for text in expected:
        assert text in reason, reason


def test_a_latin1_byte_deep_in_a_large_file_is_found_with_its_line(con, tmp_path):
    rows = shipped_rows()
    path = write_figures(tmp_path / "big.csv", rows * (1 + (1 << 20) // 60_000))
    good = path.read_bytes()
    assert len(good) > 1 << 20  # past the prefix the pre-read check looks at
    line = good.count(b"\n") + 1
    last = rows[0] | {"figure_id": "LAST", "note": "Stiftung für die Freiheit"}
    content = good + ",".join(last.values()).encode("latin-1") + b"\n"
    [reason] = _reasons(con, tmp_path, "big.csv", content)
    assert f"line {line}," in reason and "byte 0xFC" in reason and "Latin-1" in reason, reason
