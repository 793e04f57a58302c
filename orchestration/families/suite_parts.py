"""Great Expectations pieces several families' suites share."""

from __future__ import annotations

from orchestration.families.contract import DATE_RE


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
