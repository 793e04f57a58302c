"""The floor: bare DuckDB loading the same trade files and running the same SQL as the
pipeline's trade models (stg_trade_records → int_trade_records_summed_by_month → trade_mirror), in one
script with no orchestration, checks or publishing. Usage: python -m bench.floor DB FILE..."""

from __future__ import annotations

import sys

import duckdb

SQL = """
CREATE TABLE trade_records AS SELECT * FROM read_parquet($files);
CREATE TABLE stg_trade_records AS
SELECT upper(trim(reporter)) AS reporter, upper(trim(partner)) AS partner,
       lower(trim(flow)) AS flow, strptime(trim(period), '%Y-%m')::DATE AS period_month,
       trim(hs_code) AS hs_code, left(trim(hs_code), 2) AS hs_chapter,
       nullif(trim(commodity), '') AS commodity, trim(value)::DOUBLE AS value,
       upper(trim(currency)) AS currency, try_cast(trim(quantity) AS DOUBLE) AS quantity,
       nullif(trim(quantity_unit), '') AS quantity_unit
FROM trade_records;
CREATE TABLE int_trade_records_summed_by_month AS
SELECT period_month, reporter, partner, flow, hs_chapter, currency,
       sum(value) AS value, sum(quantity) AS quantity, count(*) AS records
FROM stg_trade_records GROUP BY ALL;
CREATE TABLE trade_mirror AS
SELECT period_month, reporter,
       sum(value) FILTER (WHERE flow = 'export') AS prk_imports_usd,
       sum(value) FILTER (WHERE flow = 'import') AS prk_exports_usd,
       sum(value) AS total_usd, sum(records) AS records
FROM int_trade_records_summed_by_month WHERE partner = 'PRK' AND reporter <> 'PRK' AND currency = 'USD'
GROUP BY ALL;
"""


def main(db: str, files: list[str]) -> None:
    with duckdb.connect(db) as con:
        for statement in filter(str.strip, SQL.split(";")):
            con.execute(statement, {"files": files} if "$files" in statement else None)
        con.execute("CHECKPOINT")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
