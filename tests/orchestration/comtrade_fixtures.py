"""Small, clearly synthetic UN Comtrade downloads in the real Comtrade+ final-data layout,
written by the tests into temporary folders (never into raw/)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from orchestration.families import COMTRADE_LAYOUT

COLUMNS = [name for name, _, _ in COMTRADE_LAYOUT]
AREAS = {  # M49 code -> (ISO as Comtrade writes it, description)
    156: ("CHN", "China"),
    408: ("PRK", "Dem. People's Rep. of Korea"),
    643: ("RUS", "Russian Federation"),
    842: ("USA", "USA"),  # Comtrade's own code for the USA (ISO 840)
    0: ("W00", "World"),
}
FLOWS = {"X": "Export", "M": "Import"}


def row(
    cmd: str,
    value: float,
    *,
    reporter: int = 156,
    partner: int = 408,
    flow: str = "X",
    period: str = "2024",
    classification: str = "HS",
    desc: str = "",
) -> dict[str, object]:
    """One Comtrade row; the aggregation level follows the commodity code's digits."""
    freq = "A" if len(period) == 4 else "M"
    level = 0 if cmd == "TOTAL" else len(cmd)
    year, month = int(period[:4]), (52 if freq == "A" else int(period[4:]))
    values = {name: "" for name in COLUMNS}
    values.update(
        typeCode="C",
        freqCode=freq,
        refPeriodId=f"{period[:4]}{period[4:] or '01'}01",
        refYear=year,
        refMonth=month,
        period=period,
        reporterCode=reporter,
        reporterISO=AREAS.get(reporter, ("", ""))[0],
        reporterDesc=AREAS.get(reporter, ("", ""))[1],
        flowCode=flow,
        flowDesc=FLOWS.get(flow, flow),
        partnerCode=partner,
        partnerISO=AREAS.get(partner, ("", ""))[0],
        partnerDesc=AREAS.get(partner, ("", ""))[1],
        partner2Code=0,
        partner2ISO="W00",
        partner2Desc="World",
        classificationCode=classification,
        classificationSearchCode="HS",
        isOriginalClassification="True",
        cmdCode=cmd,
        cmdDesc=desc or ("All Commodities" if cmd == "TOTAL" else f"Synthetic commodity {cmd}"),
        aggrLevel=level,
        isLeaf="True" if level == 6 else "False",
        customsCode="C00",
        customsDesc="TOTAL CPC",
        mosCode=0,
        motCode=0,
        motDesc="TOTAL MOT",
        qtyUnitCode=-1 if level == 0 else 8,
        qtyUnitAbbr="N/A" if level == 0 else "kg",
        qty=0 if level == 0 else round(value / 3, 2),
        isQtyEstimated="False",
        altQtyUnitCode=-1,
        altQtyUnitAbbr="N/A",
        altQty=0,
        isAltQtyEstimated="False",
        netWgt=0 if level == 0 else round(value / 3, 2),
        isNetWgtEstimated="False",
        grossWgt=0,
        isGrossWgtEstimated="False",
        cifvalue=value if flow == "M" else "",
        fobvalue=value if flow == "X" else "",
        primaryValue=value,
        legacyEstimationFlag=0,
        isReported="True",
        isAggregate="True" if level < 6 else "False",
    )
    return values


def all_levels(period: str = "2024", flow: str = "X", reporter: int = 156, total=None) -> list:
    """TOTAL, two chapters, their headings and leaves: four views of the same trade. The
    chapters sum to the TOTAL (unless ``total`` overrides it), as do headings and leaves."""
    kw = {"period": period, "flow": flow, "reporter": reporter}
    return [
        row("TOTAL", 1000.0 if total is None else total, **kw),
        row("10", 600.0, **kw),
        row("27", 400.0, **kw),
        row("1006", 600.0, **kw),
        row("2710", 400.0, **kw),
        row("100630", 350.0, **kw),
        row("100640", 250.0, **kw),
        row("271019", 400.0, **kw),
    ]


def to_csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=columns or COLUMNS, lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8", **sidecar) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_csv_text(rows).encode(encoding))
    if sidecar is not None:
        write_sidecar(path, **sidecar)
    return path


def write_parquet(path: Path, rows: list[dict], float_codes: bool = False, **sidecar) -> Path:
    """A Parquet file saved from a DataFrame typed as comtradeapicall's getFinalData returns
    it (numbers as numbers, flags as booleans). ``float_codes``: codes as floats, as pandas
    stores an integer column that has a gap somewhere."""
    frame = pd.DataFrame(rows)
    codes = ("refYear", "refMonth", "reporterCode", "partnerCode", "partner2Code", "aggrLevel")
    for name in codes:
        frame[name] = frame[name].astype("float64" if float_codes else "int64")
    for name in ("primaryValue", "qty", "netWgt"):
        frame[name] = frame[name].astype("float64")
    for name in ("cifvalue", "fobvalue"):
        frame[name] = pd.to_numeric(frame[name].replace("", None), errors="coerce")
    for name in ("isLeaf", "isReported", "isAggregate", "isOriginalClassification"):
        frame[name] = frame[name] == "True"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    write_sidecar(path, **sidecar)
    return path


def write_sidecar(
    path: Path,
    url: str = "https://comtradeapi.un.org/data/v1/get/C/A/HS?reporterCode=156&partnerCode=408",
    downloaded_on: str = "2026-01-15",
    skip: bool = False,
) -> None:
    if skip:
        return
    path.with_name(path.name + ".source.json").write_text(
        json.dumps({"source": "UN Comtrade", "url": url, "downloaded_on": downloaded_on}),
        encoding="utf-8",
    )
