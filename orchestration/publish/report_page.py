"""The report page of a publication: one self-contained HTML file (inline CSS and SVG, nothing
fetched), readable offline by anyone who never opens Dagster.

One section per question: the balance, how sure we are (like-for-like comparisons and
conflicts between sources), how the estimates moved (revision chains and growing series) and
what it means for North Korea's economy, then every figure with its source. Python only queries
and shapes the rows; ``templates/report.html.j2`` lays them out. A failing query fails the
page (and the report step): a section is never silently empty, and an empty one says so.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import jinja2
from markupsafe import Markup

from orchestration import settings
from orchestration.publish import charts, queries

TEMPLATES = Path(__file__).parent / "templates"
IMPACT_MEASURES = {
    "arms_value_share_of_gdp_per_year": "Share of GDP: the arms deliveries per year",
    "arms_value_over_period_to_one_year_gdp": "Arms value over its whole period, against one "
    "year's GDP",
    "official_trade_growth": "Official trade growth",
    "kpw_value_loss_vs_usd": "The won: loss of value against the US dollar",
    "rice_price_change": "Rice and other prices",
    "high_level_meetings_per_month": "Meetings between the two governments",
}


def _grouped(rows: list[dict], *columns: str) -> list[list[dict]]:
    """Rows in groups sharing ``columns``, in the order the groups first appear."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[tuple(r.get(c) for c in columns)].append(r)
    return list(groups.values())


# --- numbers -------------------------------------------------------------------------------


def _plain(value: float) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0")


def _money(value: float, divisor: float) -> str:
    scaled = value / divisor
    return f"{scaled:,.2f}" if abs(scaled) < 100 else f"{scaled:,.0f}"


def _money_divisor(values: list[float]) -> tuple[float, str]:
    biggest = max((abs(v) for v in values), default=0.0)
    return next(((d, s) for d, s in ((1e9, " bn"), (1e6, " m")) if biggest >= d), (1.0, ""))


def amount(low, high, unit: str | None = None) -> str:
    """A range as readers say it: '5.60–9.80 bn USD', '−5.2 %', 'at least 1,000,000'."""
    if low is None and high is None:
        return "not published"
    unit = unit or ""
    if unit.startswith("fraction"):
        fmt, suffix = (lambda v: f"{v * 100:,.1f}".replace("-", "−")), " %"
        suffix += " per year" if unit == "fraction_per_year" else ""
    elif unit.startswith("USD"):
        divisor, prefix = _money_divisor([v for v in (low, high) if v is not None])
        fmt, suffix = (lambda v: _money(v, divisor)), f"{prefix} {unit.replace('_', ' ')}"
    elif unit == "ratio":
        fmt, suffix = (lambda v: f"{v:,.1f}"), ""
    else:
        fmt, suffix = _plain, f" {unit.replace('_', ' ')}" if unit else ""
    if low is not None and high is not None:
        text = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    else:
        text = f"at least {fmt(low)}" if low is not None else f"up to {fmt(high)}"
    return text + suffix


def period(start, end) -> str:
    """A period as 'YYYY-MM-DD → YYYY-MM-DD' (dates only)."""
    if start is None and end is None:
        return "undated"
    day = lambda v: "?" if v is None else str(v)[:10]  # noqa: E731 - one use
    return f"{day(start)} → {day(end)}"


# --- sections: each returns what its part of the template shows ----------------------------


def balance(con: duckdb.DuckDBPyConnection) -> dict:
    rows = queries.rows(
        con, "SELECT * FROM marts.balance ORDER BY published_from NULLS LAST, source_id"
    )
    for i, r in enumerate(rows):
        r["anchor"] = f"balance-{i}"
        r["name"] = r.get("source_title") or r.get("source_id")
    return {"rows": rows, "chart": _svg(charts.balance_figure(rows), "balance") if rows else ""}


def _svg(fig, name: str) -> Markup:
    """A matplotlib chart as inline SVG (matplotlib escapes the text it writes)."""
    return Markup(charts.svg(fig, name))  # noqa: S704 - SVG written by matplotlib


def comparisons(con: duckdb.DuckDBPyConnection) -> list[list[dict]]:
    """Every like-for-like group (same thing, same period, same scope) of more than one
    estimate, one row per original publication."""
    rows = queries.rows(
        con,
        """SELECT * FROM marts.source_comparison WHERE like_for_like_members > 1
           ORDER BY like_for_like_group, vintage_date NULLS LAST, source_id""",
    )
    return _anchored(_grouped(rows, "like_for_like_group"), "cmp")


def conflicts(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = queries.rows(con, "SELECT * FROM marts.conflicts ORDER BY rule, conflict_id")
    for i, r in enumerate(rows):
        r["anchor"] = f"conflict-{i}"
    return rows


def revisions(con: duckdb.DuckDBPyConnection) -> list[list[dict]]:
    """Revision chains (one body's estimates of one metric and flow) with more than one
    vintage, each estimate with its category, period and change kind."""
    rows = queries.rows(
        con,
        """SELECT * FROM marts.estimate_revisions
           QUALIFY count(DISTINCT vintage) OVER (
               PARTITION BY metric, flow_from, flow_to, body_id, unit) > 1
           ORDER BY metric, flow_from NULLS FIRST, flow_to NULLS FIRST, body_id, unit,
                    vintage_number, category NULLS FIRST, period_start""",
    )
    return _anchored(_grouped(rows, "metric", "flow_from", "flow_to", "body_id", "unit"), "rev")


def series(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Running totals that grow over time (one series per thing counted from one start),
    each with a chart of its value against the date it runs to."""
    rows = queries.rows(con, "SELECT * FROM marts.estimate_series ORDER BY series_id, point_number")
    groups = _anchored(_grouped(rows, "series_id"), "series")
    return [
        {"rows": g, "chart": _svg(charts.series_figure(g), f"series-{n}")}
        for n, g in enumerate(groups)
    ]


def impact(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """What the figures mean for North Korea's economy: per measure (the headline share of
    GDP first), its rows with their basis. A measure not named above keeps its own name."""
    rows = queries.rows(con, "SELECT * FROM marts.economic_impact ORDER BY subject, period_start")
    order = list(IMPACT_MEASURES)
    measures = sorted(
        _grouped(rows, "measure"),
        key=lambda g: order.index(g[0]["measure"]) if g[0]["measure"] in order else len(order),
    )
    return [
        {"measure": g[0]["measure"], "title": IMPACT_MEASURES.get(g[0]["measure"]), "rows": g}
        for g in _anchored(measures, "impact")
    ]


def won_chart(con: duckdb.DuckDBPyConnection) -> Markup:
    """The won per place over time, each reading linked to its figure."""
    return _svg(charts.won_figure(charts.won_readings(con)), "won")


def claims(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = queries.rows(con, "SELECT * FROM marts.claims ORDER BY figure_id")
    for r in rows:
        r["host"] = urlsplit(r.get("source_url") or "").netloc.removeprefix("www.")
        r["value_text"] = _claim_value(r)
    return rows


def _claim_value(r: dict) -> str:
    """The value as published: point, range, 'at least' or 'up to'."""
    low, point, high = r.get("value_low"), r.get("value_point"), r.get("value_high")
    parts = []
    if low is not None and high is not None:
        parts.append(f"{_plain(low)}–{_plain(high)}")
    elif low is not None:
        parts.append(f"at least {_plain(low)}")
    elif high is not None:
        parts.append(f"up to {_plain(high)}")
    if point is not None:
        parts.append(f"point {_plain(point)}" if parts else _plain(point))
    return "; ".join(parts)


def _anchored(groups: list[list[dict]], prefix: str) -> list[list[dict]]:
    """Give each row of each group an anchor ``<prefix>-<group>-<row>`` for its figures."""
    for g, members in enumerate(groups):
        for n, r in enumerate(members):
            r["anchor"] = f"{prefix}-{g}-{n}"
    return groups


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        queries.rows(
            con,
            "SELECT 1 FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
            [schema, table],
        )
    )


def publication(con: duckdb.DuckDBPyConnection) -> dict:
    """Which publication the page shows (its run and time) and the as-of date it was built
    for; a warehouse never published (no audit tables) says so."""
    shown = {"run_id": None, "published_at": None, "as_of": None, "previous": None}
    if _has_table(con, "audit", "publications"):
        latest = queries.rows(
            con, "SELECT run_id, published_at FROM audit.publications ORDER BY published_at DESC"
        )
        shown.update(latest[0] if latest else {})
        shown["previous"] = str(latest[1]["published_at"])[:19] if len(latest) > 1 else None
        shown["published_at"] = str(shown["published_at"] or "")[:19] or None
    if _has_table(con, "audit", "refresh_state"):
        state = queries.rows(con, "SELECT as_of FROM audit.refresh_state ORDER BY recorded_at DESC")
        shown["as_of"] = state[0]["as_of"] if state else None
    return shown


GLOSSARY = {
    "metric": ("claims", "metric"),
    "category": ("claims", "category"),
    "unit": ("claims", "unit"),
    "bound kind": ("claims", "bound_kind"),
    "known from": ("claims", "known_from"),
    "body": ("claims", "body"),
    "like-for-like group": ("source_comparison", "like_for_like_group"),
    "envelope": ("source_comparison", "envelope_low"),
    "spread": ("source_comparison", "spread_ratio"),
    "change kind": ("estimate_revisions", "change_kind"),
    "conflict rule": ("conflicts", "rule"),
    "basis": ("economic_impact", "basis"),
}
"""Terms of the page and the mart column whose dbt YAML description explains each."""


def glossary(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The terms of ``GLOSSARY`` with the descriptions the dbt YAML gives their columns, read
    from the column comments publication wrote into the warehouse (never written twice)."""
    comments = {
        (r["table_name"], r["column_name"]): r["comment"]
        for r in queries.rows(
            con,
            """SELECT table_name, column_name, comment FROM duckdb_columns()
               WHERE schema_name = 'marts' AND comment IS NOT NULL AND comment <> ''""",
        )
    }
    return [
        {"term": term, "column": f"marts.{table}.{column}", "text": comments[(table, column)]}
        for term, (table, column) in GLOSSARY.items()
        if (table, column) in comments
    ]


# --- the page ------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        # an unknown value prints as nothing, never as "None"; the template says what it means
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["period"] = lambda r, prefix="": period(
        r.get(f"{prefix}period_start"), r.get(f"{prefix}period_end")
    )
    env.globals["amount"] = amount
    return env


def context(con: duckdb.DuckDBPyConnection) -> dict:
    """Everything the template shows, queried and shaped."""
    return {
        "publication": publication(con),
        "balance": balance(con),
        "comparisons": comparisons(con),
        "conflicts": conflicts(con),
        "revisions": revisions(con),
        "series": series(con),
        "impact": impact(con),
        "won_chart": won_chart(con),
        "claims": claims(con),
        "glossary": glossary(con),
    }


def render(published: Path) -> str:
    with duckdb.connect(str(published), read_only=True) as con:
        # a missing table is an error, never a Python variable of the same name
        con.execute("SET python_enable_replacements = false")
        data = context(con)
    return _environment().get_template("report.html.j2").render(**data)


def write_report(published: Path, folder: Path | None = None) -> Path:
    """Write ``index.html`` atomically: a reader never sees half a page, and a page that fails
    to render (a section's query failed) leaves the previous one as it was."""
    folder = folder or settings.report_dir(published)
    page = render(published)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "index.html"
    tmp = folder / f".index.{os.getpid()}.html"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return target


if __name__ == "__main__":  # rewrite the page from the published warehouse: `make report`
    print(write_report(settings.published_path()))
