"""Blocking Great Expectations checks on every raw family (the incoming files).

Each check reads its table from the build file into pandas (GX cannot validate DuckDB through
SQL), runs the suite written next to the family, attaches one metadata entry per expectation,
and writes the run's HTML validation report. Rules on the models (marts included) have one
home: the dbt tests in the models' YAML, which dagster-dbt runs as blocking asset checks.
Two checks read what dbt computed to name the raw file and row a curator must fix: a figure
claimed by two organisations (``figures_attributed_to_one_body``; the matching rule is the
dbt model's) and, like ``corrections_still_apply`` for corrections, a registry file that was
rejected (``no_rejected_file``).
"""

from pathlib import Path

import dagster as dg

from orchestration.checks import suite_report
from orchestration.checks.gx_suite import validate_family
from orchestration.defs.resources import WarehouseFiles
from orchestration.families import FAMILIES, RawFamily
from orchestration.ingest.incremental import aggregate_suite
from orchestration.ingest.load_report import REJECTIONS_TABLE, Rejection
from orchestration.publish import warehouse


def _result(context, suite_name: str, result, validation: Path) -> dg.AssetCheckResult:
    path = suite_report.write_suite_report(validation, context.op_execution_context.run_id, result)
    for outcome in result.failed:
        context.log.error(
            f"{suite_name}: {outcome.reason} ({outcome.unexpected_count} rows, e.g. "
            f"{outcome.unexpected_examples[:3]})"
        )
    return dg.AssetCheckResult(
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={**result.dagster_metadata(), "report": dg.MetadataValue.path(str(path))},
    )


def build_gx_check(family: RawFamily) -> dg.AssetChecksDefinition:
    suite_name = f"raw_{family.name}"

    @dg.asset_check(
        asset=dg.AssetKey(["raw", family.name]),
        name="gx_suite",
        blocking=True,
        description=f"Great Expectations suite of the {family.name} family on the loaded rows.",
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse_files: WarehouseFiles
    ) -> dg.AssetCheckResult:
        warehouse.crash_point("before_check")
        with warehouse_files.connect() as con:
            result = validate_family(con, family)
        return _result(context, suite_name, result, warehouse_files.validation())

    return _check


family_checks = [build_gx_check(f) for f in FAMILIES if f.expectations is not None]


# Per correction: does its figure exist, and what does the raw file hold in its column now.
CORRECTION_TARGETS = """
    WITH figures AS (
        SELECT * EXCLUDE (_source_file, _source_row, _file_sha256, _loaded_at)
        FROM raw.figures),
    cells AS (
        FROM figures UNPIVOT INCLUDE NULLS
        (value FOR column_name IN (COLUMNS(* EXCLUDE (figure_id)))))
    SELECT k._source_file || ':' || k._source_row AS correction_id,
           trim(k.figure_id), trim(k."column"), nullif(trim(k.old_value), ''),
           k.reason,
           EXISTS (SELECT 1 FROM raw.figures f WHERE f.figure_id = trim(k.figure_id)),
           nullif(trim(c.value), '')
    FROM raw.corrections k
    LEFT JOIN cells c
      ON c.figure_id = trim(k.figure_id) AND c.column_name = trim(k."column")
    ORDER BY k._source_file, k._source_row"""


def stale_corrections(rows: list[tuple]) -> list[str]:
    """One message per correction whose figure is gone or whose old value no longer holds."""
    stale = []
    for correction_id, figure_id, column, old, reason, exists, current in rows:
        if not exists:
            problem = f"figure {figure_id} is not in raw/figures"
        elif current != old:
            problem = f"{figure_id}.{column} is now {current!r}, the correction expects {old!r}"
        else:
            continue
        stale.append(f"correction {correction_id}: {problem} (correction's reason: {reason})")
    return stale


def _problems_result(
    context, problems: list[str], listed_as: str, counts: dict, log_as: str = "{}"
) -> dg.AssetCheckResult:
    """A blocking check's result from the problems it found: each one in the run log
    (``log_as`` formats it) and listed in the metadata under ``listed_as``, after ``counts``."""
    for message in problems:
        context.log.error(log_as.format(message))
    return dg.AssetCheckResult(
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            **counts,
            listed_as: dg.MetadataValue.md("\n".join(f"- {m}" for m in problems) or "(none)"),
        },
    )


@dg.asset_check(
    asset=dg.AssetKey(["raw", "corrections"]),
    name="corrections_still_apply",
    blocking=True,
    additional_deps=[dg.AssetKey(["raw", "figures"])],
)
def corrections_still_apply(
    context: dg.AssetCheckExecutionContext, warehouse_files: WarehouseFiles
) -> dg.AssetCheckResult:
    """Every correction names a figure that exists and the value the raw file holds now; a
    stale correction (figure gone, or its old value changed) fails the run."""
    with warehouse_files.connect() as con:
        rows = con.execute(CORRECTION_TARGETS).fetchall()
    stale = stale_corrections(rows)
    counts = {"corrections": len(rows), "stale": len(stale)}
    return _problems_result(context, stale, "stale_corrections", counts)


def build_rejection_check(family: RawFamily) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", family.name]),
        name="no_rejected_file",
        blocking=True,
        description=(
            f"A rejected, missing or empty {family.name} file fails the run: without it every "
            "figure would silently lose what the file says about it."
        ),
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse_files: WarehouseFiles
    ) -> dg.AssetCheckResult:
        with warehouse_files.connect() as con:
            rows = con.execute(
                f"""SELECT source_file, source_row, column_name, value, reason
                    FROM {REJECTIONS_TABLE} WHERE family = ?
                    ORDER BY source_file, source_row NULLS FIRST, column_name""",
                [family.name],
            ).fetchall()
            loaded = con.execute(f"SELECT count(*) FROM {family.table}").fetchone()[0]
        problems = [
            Rejection(family.name, f, reason, source_row=r, column_name=c, value=v).message()
            for f, r, c, v, reason in rows
        ]
        if not loaded and not problems:  # a missing or empty file is no registry either
            problems = [f"raw/{family.pattern}: no file or no rows; the registry is required"]
        return _problems_result(
            context,
            problems,
            "rejections",
            {"problems": len(problems)},
            log_as="rejected {}; the run stops until it is fixed",
        )

    return _check


rejection_checks = [build_rejection_check(f) for f in FAMILIES if f.rejection_blocks_run]


# The body each figure is attributed to (the rule lives in dbt, in
# int_figures_attributed_to_bodies), with the raw file and row the figure came from.
ATTRIBUTIONS = """
    SELECT c.source_file, c.source_row, a.figure_id, c.source_org, a.cited_body,
           a.candidate_count, a.candidate_body_ids, a.body_registered
    FROM intermediate.int_figures_attributed_to_bodies a
    JOIN intermediate.int_claims_enriched c ON c.figure_id = a.figure_id
    ORDER BY c.source_file, c.source_row"""


def ambiguous_attributions(rows: list[tuple]) -> list[str]:
    """One message per figure whose cited body more than one organisation claims."""
    return [
        f"{source_file}, row {source_row} (figure {figure_id}): the cited body {cited!r} "
        f"(source_org {source_org!r}) matches the cited_as of {count} organisations: "
        f"{candidates}; change raw/organisations.csv so that one organisation claims it"
        for source_file, source_row, figure_id, source_org, cited, count, candidates, _ in rows
        if count > 1
    ]


@dg.asset_check(
    asset=dg.AssetKey(["marts", "claims"]),
    name="figures_attributed_to_one_body",
    blocking=True,
    description=(
        "Every figure's cited body is claimed by at most one organisation of "
        "raw/organisations.csv; an ambiguous figure fails the run, naming its file, row and "
        "the organisations that claim it."
    ),
)
def figures_attributed_to_one_body(
    context: dg.AssetCheckExecutionContext, warehouse_files: WarehouseFiles
) -> dg.AssetCheckResult:
    """Reads the attribution dbt made (one home for the matching rule) and names, for each
    ambiguous figure, the raw file, row and candidate organisations."""
    with warehouse_files.connect() as con:
        rows = con.execute(ATTRIBUTIONS).fetchall()
    ambiguous = ambiguous_attributions(rows)
    unregistered = sum(1 for row in rows if not row[-1])
    context.log.info(
        f"{unregistered} of {len(rows)} figures cite a body that is not in "
        "raw/organisations.csv (marts.organisations, origin = derived)"
    )
    counts = {"figures": len(rows), "unregistered_body": unregistered, "ambiguous": len(ambiguous)}
    return _problems_result(context, ambiguous, "ambiguous_figures", counts)


def build_aggregate_check(family: RawFamily) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", family.name]),
        name="gx_aggregates",
        blocking=True,
        description=(
            f"Rows of raw.{family.name} breaking each rule, counted by DuckDB in one pass and "
            "checked by GX (bounded memory at any size)."
        ),
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse_files: WarehouseFiles
    ) -> dg.AssetCheckResult:
        with warehouse_files.connect() as con:
            result, _ = aggregate_suite(con, family)
        return _result(
            context, f"raw_{family.name}_aggregates", result, warehouse_files.validation()
        )

    return _check


aggregate_checks = [build_aggregate_check(f) for f in FAMILIES if f.rules is not None]
