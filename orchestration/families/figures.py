"""``raw/figures/*.csv``: every published figure (a claim), and its row-by-row suite."""

from __future__ import annotations

from datetime import date

from orchestration import reference
from orchestration.families import sql
from orchestration.families import suite_parts as parts
from orchestration.families.contract import ISO3, NUMBER_RE, Column, RawFamily

BOUNDS = ("value_low", "value_point", "value_high")


def _today_days() -> int:
    return (date.today() - date(1970, 1, 1)).days


def _identity_checks(gxe) -> list:
    countries = reference.country_codes()
    return [
        parts.required(gxe, "figure_id"),
        gxe.ExpectColumnValuesToMatchRegex(
            column="figure_id", regex=r"^\S+$", meta={"reason": "figure_id has blanks"}
        ),
        parts.unique(gxe, "figure_id", "figure_id must be unique across all files"),
        parts.required(gxe, "metric"),
        gxe.ExpectColumnValuesToBeInSet(
            column="metric",
            value_set=reference.known_metrics(),
            meta={"reason": "unknown metric (see dbt_project/seeds/metrics.csv)"},
        ),
        parts.required(gxe, "unit"),
        gxe.ExpectColumnValuesToBeInSet(
            column="unit",
            value_set=reference.known_units() + reference.composed_currency_units(),
            meta={
                "reason": "unknown unit: not in dbt_project/seeds/units.csv and not an ISO 4217 "
                "currency code alone or with _per_year, _per_month or _per_soldier_month"
            },
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="flow_from", value_set=countries, meta={"reason": f"flow_from is not an {ISO3}"}
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="flow_to", value_set=countries, meta={"reason": f"flow_to is not an {ISO3}"}
        ),
        *parts.date_checks(gxe, "period_start"),
        *parts.date_checks(gxe, "period_end"),
        *parts.date_checks(gxe, "published_on"),
    ]


def _value_checks(gxe) -> list:
    return [
        *[
            gxe.ExpectColumnValuesToMatchRegex(
                column=col,
                regex=NUMBER_RE,
                meta={"reason": "not a plain number (use 5500000000, not 5.5 bn or 5,500,000,000)"},
            )
            for col in BOUNDS
        ],
        parts.holds(
            gxe, "_has_value", "value_point", "no value: give value_point, value_low or value_high"
        ),
    ]


# (greater column, smaller column, column to blame, reason): low <= point <= high
BOUND_ORDER = (
    ("_value_high", "_value_low", "value_low", "value_low is above value_high"),
    ("_value_point", "_value_low", "value_low", "value_low is above value_point"),
    ("_value_high", "_value_point", "value_point", "value_point is above value_high"),
)


def _bound_order_checks(gxe) -> list:
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=greater,
            column_B=smaller,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": reason, "column": blamed},
        )
        for greater, smaller, blamed, reason in BOUND_ORDER
    ]


def _sign_checks(gxe) -> list:
    # growth rates in percent may be negative; every other value or count may not
    money_or_count = f"unit not in {reference.units_of_kind('percent')!r}"
    positive_units = reference.units_of_kind("exchange_rate", "price")
    return [
        *[
            gxe.ExpectColumnValuesToBeBetween(
                column=f"_{col}",
                min_value=0,
                row_condition=money_or_count,
                condition_parser="pandas",
                meta={"reason": "values and counts cannot be negative", "column": col},
            )
            for col in BOUNDS
        ],
        *[
            gxe.ExpectColumnValuesToBeBetween(
                column=f"_{col}",
                min_value=0,
                strict_min=True,
                row_condition=f"unit in {positive_units!r}",
                condition_parser="pandas",
                meta={"reason": "exchange rates and prices must be > 0", "column": col},
            )
            for col in BOUNDS
        ],
    ]


def _period_and_source_checks(gxe) -> list:
    forward = reference.forward_looking_metrics()
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_period_end_last",
            column_B="_period_start_first",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": "period_start is after period_end", "column": "period_start"},
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="_published_on_first",
            max_value=_today_days(),
            meta={"reason": "published_on is in the future", "column": "published_on"},
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_published_on_last",
            column_B="_period_start_first",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            row_condition=f"metric not in {forward!r}",
            condition_parser="pandas",
            meta={
                "reason": "published before its period starts (only forward-looking metrics may be)",
                "column": "published_on",
            },
        ),
        parts.required(gxe, "source_url"),
        parts.well_formed_url(gxe, "source_url"),
    ]


def expectations(gxe) -> list:
    """The figures suite, row by row over every landed file (figure_id unique across files)."""
    return [
        *_identity_checks(gxe),
        *_value_checks(gxe),
        *_bound_order_checks(gxe),
        *_sign_checks(gxe),
        *_period_and_source_checks(gxe),
    ]


FIGURES = RawFamily(
    name="figures",
    description=(
        "Every published figure (a claim): what was measured, between whom, for which period, "
        "its low/point/high value and unit, and the source that published it. Any CSV in "
        "raw/figures/ with these columns is a batch; extra columns are ignored."
    ),
    pattern="figures/*.csv",
    derived=(
        ("_value_low", "try_cast(trim(value_low) AS DOUBLE)"),
        ("_value_point", "try_cast(trim(value_point) AS DOUBLE)"),
        ("_value_high", "try_cast(trim(value_high) AS DOUBLE)"),
        ("_has_value", "(coalesce(value_low, value_point, value_high) IS NOT NULL)::INT"),
        ("_period_start_first", sql.first_day("period_start")),
        ("_period_end_last", sql.last_day("period_end")),
        ("_published_on_first", sql.first_day("published_on")),
        ("_published_on_last", sql.last_day("published_on")),
        *parts.calendar_day_flags("period_start", "period_end", "published_on"),
    ),
    expectations=expectations,
    columns=(
        Column("figure_id", "Unique id of the figure across all files, e.g. F0001"),
        Column("metric", "What is measured; one of dbt_project/seeds/metrics.csv"),
        Column("flow_from", "ISO-3 code of the giving/exporting side (empty if not a flow)"),
        Column("flow_to", "ISO-3 code of the receiving/importing side (empty if not a flow)"),
        Column("category", "Finer classification within the metric (e.g. arms_total, rice)"),
        Column("period_start", "Start of the reference period: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("period_end", "End of the reference period: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("value_low", "Lower bound ('at least' when given alone)"),
        Column("value_high", "Upper bound ('up to' when given alone)"),
        Column("value_point", "Point estimate"),
        Column(
            "unit",
            "Unit and currency: one of dbt_project/seeds/units.csv, or an ISO 4217 code alone or "
            "with _per_year, _per_month or _per_soldier_month (KRW, KRW_per_year)",
        ),
        Column("location", "City or area for market surveys"),
        Column("source_org", "Organisation that published (or is reported to have published)"),
        Column("source_title", "Title of the article, release or study where it was found"),
        Column("source_url", "URL where the figure was found"),
        Column("published_on", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("note", "Free-text remarks (consistency, inferred years)"),
    ),
)
