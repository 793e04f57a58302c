"""Charts people read at a glance in the Dagster UI, as PNG embedded in markdown metadata."""

from __future__ import annotations

import base64
import io

import duckdb


def _pyplot():
    """matplotlib, imported by the first chart drawn rather than when the code location loads
    (a second or more of every webserver, daemon and run start)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    import matplotlib.pyplot as plt

    return plt


def _subplots(figsize: tuple[float, float]):
    return _pyplot().subplots(figsize=figsize)


def _markdown_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    _pyplot().close(fig)
    return f"![chart](data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()})"


def _range_bars(ax, y, low, high, color, label):
    """Draw a range bar; an open bound becomes an arrow-less stub at the known end."""
    for yi, lo, hi in zip(y, low, high, strict=True):
        if lo is None and hi is None:
            continue
        if lo is not None and hi is not None and lo == hi:
            ax.plot([lo], [yi], marker="o", color=color, markersize=7)
        elif lo is not None and hi is not None:
            ax.plot([lo, hi], [yi, yi], color=color, linewidth=8, solid_capstyle="butt")
        else:
            known = lo if lo is not None else hi
            ax.plot(
                [known], [yi], marker=">" if lo is not None else "<", color=color, markersize=10
            )
    ax.plot([], [], color=color, linewidth=8, label=label)


def balance_chart(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        """SELECT coalesce(source_name, source_id), prk_to_rus_usd_low / 1e9,
                  prk_to_rus_usd_high / 1e9, rus_to_prk_usd_low / 1e9, rus_to_prk_usd_high / 1e9
           FROM marts.balance ORDER BY published_from"""
    ).fetchall()
    fig, ax = _subplots((8, 0.9 + 0.7 * max(len(rows), 1)))
    y = list(range(len(rows)))
    _range_bars(
        ax,
        [v + 0.15 for v in y],
        [r[1] for r in rows],
        [r[2] for r in rows],
        "#c0392b",
        "North Korea → Russia",
    )
    _range_bars(
        ax,
        [v - 0.15 for v in y],
        [r[3] for r in rows],
        [r[4] for r in rows],
        "#2471a3",
        "Russia → North Korea",
    )
    ax.set_yticks(y, [(r[0] or "?")[:45] for r in rows])
    ax.set_xlabel("bn USD (range; a triangle marks an open 'at least' / 'up to' bound)")
    ax.set_title("What each side gave, per root publication")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return _markdown_png(fig)


def kpw_rates_chart(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        """SELECT location, observed_from,
                  (coalesce(kpw_low, kpw_high) + coalesce(kpw_high, kpw_low)) / 2
           FROM marts.kpw_market_rates
           WHERE per_currency = 'USD' AND precision = 'day'
             AND coalesce(kpw_low, kpw_high) IS NOT NULL AND location IS NOT NULL
             AND location IN (SELECT location FROM marts.kpw_market_rates
                              WHERE per_currency = 'USD' GROUP BY location HAVING count(*) >= 3)
           ORDER BY location, observed_from"""
    ).fetchall()
    fig, ax = _subplots((8, 4))
    for location in sorted({r[0] for r in rows}):
        points = [(r[1], r[2]) for r in rows if r[0] == location]
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=location)
    ax.set_ylabel("won per US dollar (market)")
    ax.set_title("The won's collapse: market rate per city")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    return _markdown_png(fig)


def impact_chart(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        """SELECT concat_ws(' · ', measure, coalesce(subject, '?'),
                  coalesce(strftime(period_start, '%Y-%m'), '?') || '→'
                  || coalesce(strftime(period_end, '%Y-%m'), '?')), value_low, value_high
           FROM marts.economic_impact
           WHERE unit IN ('fraction', 'fraction_per_year')
             AND (measure = 'arms_value_share_of_gdp_per_year' OR subject = 'Pyongyang'
                  OR measure = 'official_trade_growth')
           ORDER BY measure, subject, period_start"""
    ).fetchall()
    fig, ax = _subplots((9, 0.9 + 0.35 * max(len(rows), 1)))
    y = list(range(len(rows)))
    _range_bars(ax, y, [r[1] for r in rows], [r[2] for r in rows], "#7d3c98", "range")
    ax.set_yticks(y, [(r[0] or "?")[:70] for r in rows], fontsize=7)
    ax.axvline(0, color="black", linewidth=0.5)
    ax.set_xlabel("fraction (0.6 = 60 %; the arms share per year of its period)")
    ax.set_title("Economic impact: shares of GDP, trade growth, Pyongyang won and rice")
    ax.grid(axis="x", alpha=0.3)
    return _markdown_png(fig)


CHARTS = {
    ("marts", "balance"): balance_chart,
    ("marts", "kpw_market_rates"): kpw_rates_chart,
    ("marts", "economic_impact"): impact_chart,
}
