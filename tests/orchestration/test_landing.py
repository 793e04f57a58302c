"""The sensor's view of the raw folders: content, not names or modification times."""

from __future__ import annotations

import os
import shutil

from orchestration.ingest import fingerprints
from tests.conftest import SHIPPED_RAW, copy_shipped_raw, shipped_rows, write_figures


def test_new_content_changes_its_family_only(tmp_path):
    raw = copy_shipped_raw(tmp_path)
    before = fingerprints.scan(raw)
    shipped = [p for p in SHIPPED_RAW.rglob("*") if p.suffix in (".csv", ".parquet")]
    assert len(before) == len(shipped)
    write_figures(raw / "figures" / "new.csv", shipped_rows()[:1])
    after = fingerprints.scan(raw, before)
    assert [f.name for f in fingerprints.changed_families(before, after)] == ["figures"]
    assert fingerprints.content_key(after) != fingerprints.content_key(before)


def test_same_content_under_another_name_is_not_news(tmp_path):
    raw = copy_shipped_raw(tmp_path)
    before = fingerprints.scan(raw)
    shutil.copy(raw / "figures" / "trade.csv", raw / "figures" / "trade_copy.csv")
    after = fingerprints.scan(raw, before)
    assert fingerprints.changed_families(before, after) == []
    assert fingerprints.content_key(after) == fingerprints.content_key(before)


def test_touching_a_file_is_not_news_but_editing_it_is(tmp_path):
    raw = copy_shipped_raw(tmp_path)
    before = fingerprints.scan(raw)
    path = raw / "figures" / "trade.csv"
    os.utime(path, ns=(1, 1))
    touched = fingerprints.scan(raw, before)
    assert fingerprints.changed_families(before, touched) == []
    path.write_bytes(path.read_bytes().replace(b"34400000", b"34500000"))
    edited = fingerprints.scan(raw, touched)
    assert [f.name for f in fingerprints.changed_families(touched, edited)] == ["figures"]


def test_removed_content_is_news(tmp_path):
    raw = copy_shipped_raw(tmp_path)
    before = fingerprints.scan(raw)
    (raw / "figures" / "military.csv").unlink()
    assert [
        f.name for f in fingerprints.changed_families(before, fingerprints.scan(raw, before))
    ] == ["figures"]


def test_cursor_round_trips(tmp_path):
    raw = copy_shipped_raw(tmp_path)
    state = fingerprints.scan(raw)
    assert fingerprints.load_cursor(fingerprints.dump_cursor(state)) == state
    assert fingerprints.load_cursor(None) == {}
