"""The raw families: one module per family holds its input contract and its checks, this
registry lists them. ``FAMILIES`` drives the ingestion assets, their blocking checks, the
generated dbt sources and the raw tables' documentation; adding a family means one module
and one line here.

Nothing here reads a file on import: the rules that need the reference seeds are built on
first use.
"""

from orchestration.families.comtrade import COMTRADE, COMTRADE_LAYOUT
from orchestration.families.contract import RAW_SCHEMA, Column, RawFamily, RowRule
from orchestration.families.corrections import CORRECTIONS
from orchestration.families.ecb_rates import ECB_RATES
from orchestration.families.figures import FIGURES
from orchestration.families.organisations import ORGANISATIONS
from orchestration.families.sources import SOURCES
from orchestration.families.trade_records import TRADE_RECORDS

FAMILIES: tuple[RawFamily, ...] = (
    FIGURES,
    SOURCES,
    ORGANISATIONS,
    CORRECTIONS,
    ECB_RATES,
    TRADE_RECORDS,
    COMTRADE,
)

__all__ = [
    "COMTRADE",
    "COMTRADE_LAYOUT",
    "CORRECTIONS",
    "ECB_RATES",
    "FAMILIES",
    "FIGURES",
    "ORGANISATIONS",
    "RAW_SCHEMA",
    "SOURCES",
    "TRADE_RECORDS",
    "Column",
    "RawFamily",
    "RowRule",
]
