"""What a suite found, whichever engine ran it: one ``Outcome`` per expectation, a ``SuiteResult``
per suite, built from GX's results by ``outcome_of`` (shared by the pandas and the Spark runs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    expectation: str
    column: str | None
    reason: str
    success: bool
    observed_value: Any = None
    unexpected_count: int = 0
    unexpected_index: list[int] = field(default_factory=list)
    unexpected_examples: list[Any] = field(default_factory=list)

    @property
    def is_uniqueness(self) -> bool:
        return self.expectation == "expect_column_values_to_be_unique"


@dataclass
class SuiteResult:
    suite: str
    rows: int
    outcomes: list[Outcome]

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]

    def dagster_metadata(self) -> dict[str, Any]:
        """One JSON entry per expectation (observed value, unexpected examples) for the UI."""
        import dagster as dg

        meta: dict[str, Any] = {
            "suite": self.suite,
            "rows_validated": self.rows,
            "expectations": len(self.outcomes),
            "expectations_failed": len(self.failed),
        }
        for i, o in enumerate(self.outcomes, 1):
            meta[f"{i:02d} {o.expectation} ({o.column or 'table'})"] = dg.MetadataValue.json(
                {
                    "success": o.success,
                    "reason": o.reason,
                    "observed_value": jsonable(o.observed_value),
                    "unexpected_count": o.unexpected_count,
                    "unexpected_examples": jsonable(o.unexpected_examples[:10]),
                }
            )
        return meta


def jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def outcome_of(r, row_of: Callable[[Any], int]) -> Outcome:
    """One expectation's result; ``row_of`` turns an entry of GX's unexpected index list into
    the frame's row number."""
    config = r.expectation_config
    kwargs = config.kwargs
    meta = config.meta or {}
    res = r.result or {}
    column = meta.get("column") or kwargs.get("column") or kwargs.get("column_A")
    error = (r.exception_info or {}).get("exception_message")
    return Outcome(
        expectation=config.type,
        column=column,
        reason=meta.get("reason", config.type) + (f" (GX error: {error})" if error else ""),
        success=bool(r.success),
        observed_value=res.get("observed_value"),
        unexpected_count=res.get("unexpected_count", 0) or 0,
        unexpected_index=[row_of(i) for i in res.get("unexpected_index_list") or []],
        unexpected_examples=list(res.get("partial_unexpected_list") or []),
    )
