"""Great Expectations pieces several families' suites share."""

from __future__ import annotations

from orchestration.families import sql
from orchestration.families.contract import DATE_RE, URL_RE


def calendar_day_flags(*columns: str) -> tuple[tuple[str, str], ...]:
    """The helper columns ``date_checks`` tests, one ``_bad_<column>`` per date column."""
    return tuple((f"_bad_{c}", sql.unparseable_date(c)) for c in columns)


def date_checks(gxe, column: str) -> list:
    """A YYYY / YYYY-MM / YYYY-MM-DD text that names a real calendar day (the helper column
    ``_bad_<column>``, ``sql.unparseable_date``, says whether it does)."""
    return [
        gxe.ExpectColumnValuesToMatchRegex(
            column=column,
            regex=DATE_RE,
            meta={"reason": "date must be YYYY, YYYY-MM or YYYY-MM-DD"},
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column=f"_bad_{column}",
            value_set=[0],
            meta={"reason": "not a calendar date", "column": column},
        ),
    ]


def required(gxe, column: str, reason: str | None = None):
    return gxe.ExpectColumnValuesToNotBeNull(
        column=column, meta={"reason": reason or f"{column} is required"}
    )


def unique(gxe, column: str, reason: str):
    return gxe.ExpectColumnValuesToBeUnique(column=column, meta={"reason": reason})


def well_formed_url(gxe, column: str):
    return gxe.ExpectColumnValuesToMatchRegex(
        column=column,
        regex=URL_RE,
        meta={"reason": f"{column} is not a well-formed http(s) URL"},
    )


def holds(gxe, flag: str, column: str, reason: str):
    """A 0/1 helper column (SQL in the family's ``derived``) that must be 1 on every row; a row
    where it is not is blamed on ``column``."""
    return gxe.ExpectColumnValuesToBeInSet(
        column=flag, value_set=[1], meta={"reason": reason, "column": column}
    )
