"""Great Expectations suites of the marts, next to a one-line description of each mart.

They run as blocking asset checks after dbt built the marts: a failure stops the run before
``publish/warehouse``, so readers keep the last good warehouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MartSuite:
    name: str
    table: str
    description: str
    derived: tuple[tuple[str, str], ...]
    expectations: Callable[[Any], list]

    @property
    def asset_path(self) -> list[str]:
        return self.table.split(".")


def _not_null(gxe, column: str) -> Any:
    return gxe.ExpectColumnValuesToNotBeNull(column=column, meta={"reason": f"{column} is NULL"})


def _traceable(gxe) -> Any:
    return gxe.ExpectColumnValuesToBeBetween(
        column="_n_figures",
        min_value=1,
        meta={"reason": "row is not traceable to any figure", "column": "figure_ids"},
    )


def _ordered(gxe, low: str, high: str) -> Any:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=high,
        column_B=low,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        meta={"reason": f"{low} is above {high}", "column": low},
    )


def _non_negative(gxe, column: str) -> Any:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=0, meta={"reason": f"{column} is negative"}
    )


def _claims(gxe) -> list:
    return [
        _not_null(gxe, "figure_id"),
        gxe.ExpectColumnValuesToBeUnique(
            column="figure_id", meta={"reason": "figure appears twice"}
        ),
        _not_null(gxe, "source_id"),
        _not_null(gxe, "root_source_id"),
        _not_null(gxe, "source_url"),
        _not_null(gxe, "source_file"),
        _ordered(gxe, "range_low", "range_high"),
        gxe.ExpectColumnValuesToBeBetween(
            column="range_low",
            min_value=0,
            row_condition="quantity_kind != 'percent'",
            condition_parser="pandas",
            meta={"reason": "negative value outside percent growth rates"},
        ),
    ]


def _balance(gxe) -> list:
    return [
        _not_null(gxe, "source_id"),
        gxe.ExpectColumnValuesToBeUnique(
            column="source_id", meta={"reason": "root publication appears twice"}
        ),
        _non_negative(gxe, "prk_to_rus_usd_low"),
        _non_negative(gxe, "rus_to_prk_usd_low"),
        _non_negative(gxe, "ratio_low"),
        _non_negative(gxe, "ratio_high"),
        _ordered(gxe, "prk_to_rus_usd_low", "prk_to_rus_usd_high"),
        _ordered(gxe, "rus_to_prk_usd_low", "rus_to_prk_usd_high"),
        _ordered(gxe, "net_usd_low", "net_usd_high"),
        _ordered(gxe, "ratio_low", "ratio_high"),
        _traceable(gxe),
    ]


def _economic_impact(gxe) -> list:
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column="measure",
            value_set=[
                "arms_revenue_share_of_gdp",
                "arms_revenue_share_of_gdp_annualised",
                "official_trade_growth",
                "kpw_value_loss_vs_usd",
                "rice_price_change",
                "high_level_meetings_per_month",
            ],
            meta={"reason": "unknown measure"},
        ),
        _not_null(gxe, "subject"),
        _not_null(gxe, "basis"),
        _ordered(gxe, "value_low", "value_high"),
        _ordered(gxe, "period_start", "period_end"),
        _traceable(gxe),
    ]


def _kpw_market_rates(gxe) -> list:
    return [
        _not_null(gxe, "location"),
        gxe.ExpectColumnValuesToBeBetween(
            column="kpw_low", min_value=0, strict_min=True, meta={"reason": "rate must be > 0"}
        ),
        _ordered(gxe, "kpw_low", "kpw_high"),
        _ordered(gxe, "observed_from", "observed_to"),
        _traceable(gxe),
    ]


def _estimate_revisions(gxe) -> list:
    return [
        _not_null(gxe, "source_id"),
        _not_null(gxe, "change_kind"),
        _ordered(gxe, "value_low", "value_high"),
        _ordered(gxe, "period_start", "period_end"),
        _traceable(gxe),
    ]


def _source_comparison(gxe) -> list:
    return [
        _not_null(gxe, "comparison_id"),
        _ordered(gxe, "value_low", "value_high"),
        _ordered(gxe, "envelope_low", "envelope_high"),
        _ordered(gxe, "envelope_low", "_member_low"),
        _ordered(gxe, "_member_high", "envelope_high"),
        _traceable(gxe),
    ]


FIGURE_COUNT = (("_n_figures", "len(figure_ids)"),)
# A member's stated values: an "at least" states only its low, an "up to" only its high.
MEMBER_BOUNDS = (
    *FIGURE_COUNT,
    ("_member_low", "coalesce(value_low, value_high)"),
    ("_member_high", "coalesce(value_high, value_low)"),
)
# Mirror-data rows of economic_impact rest on trade files instead of figures.
EVIDENCE_COUNT = (
    ("_n_figures", "len(figure_ids) + len(coalesce(trade_file_hashes, []::VARCHAR[]))"),
)

MART_SUITES: tuple[MartSuite, ...] = (
    MartSuite("claims", "marts.claims", "one row per figure", (), _claims),
    MartSuite("balance", "marts.balance", "flows per root publication", FIGURE_COUNT, _balance),
    MartSuite(
        "economic_impact",
        "marts.economic_impact",
        "impact measures",
        EVIDENCE_COUNT,
        _economic_impact,
    ),
    MartSuite(
        "estimate_revisions",
        "marts.estimate_revisions",
        "estimates across vintages",
        FIGURE_COUNT,
        _estimate_revisions,
    ),
    MartSuite(
        "source_comparison",
        "marts.source_comparison",
        "like-for-like comparisons",
        MEMBER_BOUNDS,
        _source_comparison,
    ),
    MartSuite(
        "kpw_market_rates",
        "marts.kpw_market_rates",
        "won market rates per location and day",
        FIGURE_COUNT,
        _kpw_market_rates,
    ),
)
