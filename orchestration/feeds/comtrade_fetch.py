"""Download UN Comtrade final data with the official client into ``raw/comtrade/``.

    python -m orchestration.feeds.comtrade_fetch --reporter 156 --period 2024 --frequency A
    make fetch-comtrade REPORTER=156 PERIOD=202401,202402 FREQ=M

Calls ``comtradeapicall.getFinalData`` with the subscription key in ``COMTRADE_API_KEY`` and
writes the DataFrame as Parquet plus its sidecar ``<file>.source.json`` (the request URL
without the key, the download time, the query). Without a key, or when the API does not
answer, it says so in one line, exits non-zero and writes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from orchestration import settings
from orchestration.ingest.comtrade_files import write_sidecar

API = "https://comtradeapi.un.org/data/v1/get"
KEY_VARIABLE = "COMTRADE_API_KEY"


class FetchError(Exception):
    """What went wrong, in one line."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reporter", required=True, help="Comtrade (M49) code(s), e.g. 156 or 156,643"
    )
    parser.add_argument(
        "--partner", default="408", help="partner code(s); default 408 (North Korea)"
    )
    parser.add_argument("--period", required=True, help="YYYY or YYYYMM, comma-separated")
    parser.add_argument("--frequency", choices=["A", "M"], default="A", help="A annual, M monthly")
    parser.add_argument("--classification", default="HS", help="default HS")
    parser.add_argument("--flow", default="X,M", help="flow codes; default X,M")
    parser.add_argument(
        "--cmd", default="TOTAL,AG2", help="commodity codes; default TOTAL,AG2 (total and chapters)"
    )
    parser.add_argument("--out", type=Path, default=None, help="default: raw/comtrade/")
    return parser.parse_args(argv)


def request_url(args: argparse.Namespace) -> str:
    """The request the client makes, without the subscription key: the sidecar's URL."""
    query = urllib.parse.urlencode(
        {
            "reporterCode": args.reporter,
            "partnerCode": args.partner,
            "period": args.period,
            "flowCode": args.flow,
            "cmdCode": args.cmd,
            "breakdownMode": "classic",
        }
    )
    return f"{API}/C/{args.frequency}/{args.classification}?{query}"


def download(args: argparse.Namespace, key: str):
    """The client's DataFrame; FetchError when there is none. The client prints its errors
    (and returns None) instead of raising, so its output is captured for the one line."""
    import comtradeapicall  # imported lazily: only this command needs it

    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            frame = comtradeapicall.getFinalData(
                key,
                typeCode="C",
                freqCode=args.frequency,
                clCode=args.classification,
                period=args.period,
                reporterCode=args.reporter,
                cmdCode=args.cmd,
                flowCode=args.flow,
                partnerCode=args.partner,
                partner2Code=None,
                customsCode=None,
                motCode=None,
                breakdownMode="classic",
                includeDesc=True,
            )
    except Exception as exc:  # noqa: BLE001 - any failure of the client is reported in one line
        raise FetchError(f"UN Comtrade did not answer ({type(exc).__name__}: {exc})") from None
    said = " ".join(printed.getvalue().split())
    if frame is None:
        raise FetchError(f"UN Comtrade did not answer (no network, or the API refused: {said})")
    if frame.empty:
        raise FetchError("UN Comtrade has no rows for this query; nothing written")
    return frame


def write(frame, args: argparse.Namespace, now: datetime) -> Path:
    folder = args.out or settings.raw_dir() / "comtrade"
    folder.mkdir(parents=True, exist_ok=True)
    stem = "_".join(
        [
            "comtrade",
            args.reporter.replace(",", "-"),
            args.partner.replace(",", "-"),
            args.frequency,
            args.period.replace(",", "-"),
            now.strftime("%Y%m%dT%H%M%SZ"),
        ]
    )
    path = folder / f"{stem}.parquet"
    staged = folder / f".{stem}.parquet.tmp"  # not picked up by the family's patterns
    # Columns of mixed JSON types stay text (the raw layer is text anyway) so Parquet can
    # store them; typed columns keep their types.
    mixed = [c for c in frame.columns if frame[c].dtype == object]
    frame = frame.astype({c: "string" for c in mixed})
    try:
        frame.to_parquet(staged, index=False)
        # The sidecar first: the sensor must never see the data without its provenance.
        query = {k: v for k, v in vars(args).items() if k != "out"}
        write_sidecar(path, request_url(args), now, query)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    key = os.environ.get(KEY_VARIABLE, "").strip()
    try:
        if not key:
            raise FetchError(
                f"{KEY_VARIABLE} is not set: put your UN Comtrade subscription key there "
                "(https://comtradedeveloper.un.org); nothing written"
            )
        now = datetime.now(UTC).replace(microsecond=0)
        path = write(download(args, key), args, now)
    except FetchError as exc:
        print(f"fetch-comtrade: {exc}", file=sys.stderr)
        return 1
    print(f"fetch-comtrade: wrote {path} and {path.name}.source.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
