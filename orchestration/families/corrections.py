"""``raw/corrections.csv``: the corrections log, and its row-by-row suite."""

from __future__ import annotations

from orchestration.families import suite_parts as parts
from orchestration.families.contract import Column, RawFamily
from orchestration.families.figures import FIGURES


def expectations(gxe) -> list:
    correctable = [c.name for c in FIGURES.columns if c.name != "figure_id"]
    return [
        parts.required(gxe, "figure_id", "a correction names the figure it corrects"),
        gxe.ExpectColumnValuesToBeInSet(
            column="column",
            value_set=correctable,
            meta={"reason": f"column must be one of the figure columns: {', '.join(correctable)}"},
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["figure_id", "column"],
            meta={"reason": "two corrections of the same figure column", "column": "column"},
        ),
        parts.required(gxe, "reason", "every correction says why"),
        gxe.ExpectColumnValuesToBeInSet(
            column="reported_upstream",
            value_set=["yes", "no"],
            meta={"reason": "reported_upstream must be yes or no"},
        ),
    ]


CORRECTIONS = RawFamily(
    name="corrections",
    description=(
        "Hand-fixes to figures, applied in staging: which figure and column, the value expected "
        "there now, the new value, why, and whether the source was told. A correction whose "
        "figure or old value no longer matches fails the run."
    ),
    pattern="corrections.csv",
    allow_empty=True,
    columns=(
        Column("figure_id", "The figure corrected"),
        Column("column", "The figures column corrected, e.g. value_high"),
        Column("old_value", "The value expected in the raw file now (empty = empty)"),
        Column("new_value", "The value to use instead (empty = empty)"),
        Column("reason", "Why, with the evidence"),
        Column("reported_upstream", "yes or no: was the publisher told"),
    ),
    expectations=expectations,
)
