"""The fetch command against a recorded response: the client's function is replaced, the
network is never used."""

from __future__ import annotations

import json

import comtradeapicall
import duckdb
import pandas as pd
import pytest

from orchestration.families import COMTRADE
from orchestration.feeds import comtrade_fetch
from orchestration.ingest.incremental import load_incremental
from tests.orchestration.comtrade_fixtures import all_levels

ARGS = ["--reporter", "156", "--period", "2024", "--frequency", "A"]


def recorded_response() -> pd.DataFrame:
    """What getFinalData returns (json_normalize of the API's data), typed like it."""
    frame = pd.DataFrame(all_levels("2024", "X") + all_levels("2024", "M"))
    for name in ("refYear", "refMonth", "reporterCode", "partnerCode", "partner2Code", "aggrLevel"):
        frame[name] = frame[name].astype("int64")
    frame["primaryValue"] = frame["primaryValue"].astype("float64")
    for name in ("cifvalue", "fobvalue"):
        frame[name] = pd.to_numeric(frame[name].replace("", None), errors="coerce")
    for name in ("isLeaf", "isReported", "isAggregate"):
        frame[name] = frame[name] == "True"
    return frame


@pytest.fixture
def out(tmp_path):
    return tmp_path / "raw" / "comtrade"


def replace_client(monkeypatch, result=None, prints: str = ""):
    calls = []

    def get_final_data(key, **query):
        calls.append((key, query))
        if prints:
            print(prints)
        return result

    monkeypatch.setattr(comtradeapicall, "getFinalData", get_final_data)
    return calls


def test_writes_the_download_and_its_sidecar(monkeypatch, out, capsys):
    monkeypatch.setenv("COMTRADE_API_KEY", "recorded-test-key")
    calls = replace_client(monkeypatch, recorded_response())
    assert comtrade_fetch.main([*ARGS, "--out", str(out)]) == 0
    [(key, query)] = calls
    assert key == "recorded-test-key"
    assert (query["reporterCode"], query["partnerCode"], query["period"], query["freqCode"]) == (
        "156",
        "408",
        "2024",
        "A",
    )
    [data] = out.glob("*.parquet")
    sidecar = json.loads((out / f"{data.name}.source.json").read_text())
    assert sidecar["url"].startswith("https://comtradeapi.un.org/data/v1/get/C/A/HS?")
    assert "recorded-test-key" not in json.dumps(sidecar)
    assert sidecar["query"]["reporter"] == "156"
    assert "wrote" in capsys.readouterr().out
    with duckdb.connect() as con:  # the written file is a valid member of the family
        report = load_incremental(con, COMTRADE, out.parent)
    assert report.rejections == [] and report.loaded[0].rows == 16


def test_without_a_key_says_so_and_writes_nothing(monkeypatch, out, capsys):
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    calls = replace_client(monkeypatch, recorded_response())
    assert comtrade_fetch.main([*ARGS, "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "COMTRADE_API_KEY is not set" in err
    assert calls == [] and not out.exists()


def test_without_network_says_so_and_writes_nothing(monkeypatch, out, capsys):
    # The client prints its request error and returns None; the command makes one line of it.
    monkeypatch.setenv("COMTRADE_API_KEY", "recorded-test-key")
    replace_client(monkeypatch, None, prints="Request error: Max retries exceeded\nwith url")
    assert comtrade_fetch.main([*ARGS, "--out", str(out)]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.strip().splitlines()
    assert "did not answer" in line and "Max retries exceeded" in line
    assert not out.exists() or not any(out.iterdir())
