"""Charts people read at a glance, drawn once with matplotlib: as inline SVG on the report
page (every mark a link to the row of figures it rests on) and as PNG embedded in markdown for
the Dagster metadata of the marts (``CHARTS``). A chart is built from rows (dicts) shaped by
its caller; ``svg`` and ``markdown_png`` only render it."""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from datetime import timedelta

import duckdb

from orchestration.publish import queries

RED, BLUE, PURPLE = "#c0392b", "#2471a3", "#7d3c98"
GAP = timedelta(days=90)  # readings further apart than this are not joined by a line


def _pyplot():
    """matplotlib, imported by the first chart drawn rather than when the code location loads
    (a second or more of every webserver, daemon and run start)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    import matplotlib.pyplot as plt

    return plt


def _subplots(figsize: tuple[float, float]):
    return _pyplot().subplots(figsize=figsize)


def markdown_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    _pyplot().close(fig)
    return f"![chart](data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()})"


def svg(fig, name: str) -> str:
    """The chart as an inline ``<svg>`` element: text kept as text, ids salted by ``name`` so
    that several charts on one page never share one."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    _pyplot().close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def _range_bar(ax, y: float, low, high, color: str, url: str | None = None) -> None:
    """A range as a bar, a point as a dot, an open bound as a triangle at the known end
    pointing the open way ('at least' points right)."""
    if low is None and high is None:
        return
    if low is not None and high is not None and low != high:
        (mark,) = ax.plot([low, high], [y, y], color=color, linewidth=8, solid_capstyle="butt")
    elif low is not None and high is not None:
        (mark,) = ax.plot([low], [y], marker="o", color=color, markersize=7)
    else:
        known = low if low is not None else high
        marker = ">" if low is not None else "<"
        (mark,) = ax.plot([known], [y], marker=marker, color=color, markersize=10)
    mark.set_url(url)


def balance_figure(rows: list[dict]):
    """Per publication what North Korea gave Russia (red) and Russia gave back (blue), bn USD;
    each row may carry an ``anchor`` its marks link to."""
    fig, ax = _subplots((8, 0.9 + 0.7 * max(len(rows), 1)))
    for y, r in enumerate(rows):
        for side, shift, colour in (("prk_to_rus", -0.15, RED), ("rus_to_prk", 0.15, BLUE)):
            low, high = (r.get(f"{side}_usd_{k}") for k in ("low", "high"))
            url = f"#{r['anchor']}" if r.get("anchor") else None
            _range_bar(ax, y + shift, _bn(low), _bn(high), colour, url)
    ax.plot([], [], color=RED, linewidth=8, label="North Korea → Russia")
    ax.plot([], [], color=BLUE, linewidth=8, label="Russia → North Korea")
    names = [(r.get("source_title") or r.get("source_id") or "?")[:45] for r in rows]
    ax.set_yticks(range(len(rows)), names)
    ax.invert_yaxis()  # the first publication on top, as in the table below
    ax.set_xlabel("bn USD (a triangle marks an open 'at least' / 'up to' bound)")
    ax.set_title("What each side gave, per original publication")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return fig


def _bn(value):
    return None if value is None else value / 1e9


def _segments(points: list[tuple]) -> list[list[tuple]]:
    """Points (day first) in runs whose neighbours are at most ``GAP`` apart."""
    runs: list[list[tuple]] = []
    for p in sorted(points, key=lambda p: p[0]):
        if runs and p[0] - runs[-1][-1][0] <= GAP:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _plot_place(ax, label: str, points: list[tuple], style: dict) -> None:
    for n, run in enumerate(_segments(points)):
        ax.plot([p[0] for p in run], [p[1] for p in run], label=label if n == 0 else None, **style)
    dots = ax.scatter([p[0] for p in points], [p[1] for p in points], s=14, **style)
    dots.set_urls([f"#{p[2]}" if p[2] else None for p in points])


def won_figure(readings: list[dict]):
    """Market rate of the won per US dollar over time, one line per place (location) with its
    readings (day, rate, anchor); a place naming several cities is drawn dashed and labelled
    as a group; a line breaks where readings are more than ``GAP`` apart."""
    per_place: dict[str, list[tuple]] = defaultdict(list)
    for r in readings:
        per_place[r["location"]].append((r["day"], r["rate"], r.get("anchor")))
    fig, ax = _subplots((9, 4.2))
    colours = _pyplot().get_cmap("tab10").colors
    for n, (place, points) in enumerate(sorted(per_place.items())):
        cities = place.split("/")
        group = len(cities) > 1
        label = f"group of {len(cities)} cities: {place}" if group else place
        style = {"color": colours[n % len(colours)], "linestyle": "--" if group else "-"}
        _plot_place(ax, label, points, style)
    ax.set_ylabel("won per US dollar (market)")
    ax.set_title(f"The won per city (lines break where readings are over {GAP.days} days apart)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.autofmt_xdate()
    return fig


def _scaled(points: list[dict]) -> tuple[float, str]:
    """A divisor and axis label for the series' unit (money in m or bn USD)."""
    unit = str(points[0].get("unit") or "") if points else ""
    values = [abs(p[k]) for p in points for k in ("value_low", "value_high") if p.get(k)]
    for divisor, prefix in ((1e9, "bn "), (1e6, "m ")):
        if values and max(values) >= divisor:
            return divisor, prefix + unit
    return 1.0, unit


def series_figure(points: list[dict]):
    """One growing series: each report's value against the date it runs to (a range as a
    vertical bar, an open bound as a triangle pointing the open way), linked to its row."""
    fig, ax = _subplots((5.5, 1.7))
    divisor, label = _scaled(points)
    for p in points:
        known = [p[k] / divisor for k in ("value_low", "value_high") if p.get(k) is not None]
        marker = "o" if len(known) == 2 else ("^" if p.get("value_low") is not None else "v")
        (mark,) = ax.plot([p["as_of_end"]] * len(known), known, marker=marker, color=PURPLE)
        mark.set_url(f"#{p['anchor']}" if p.get("anchor") else None)
    ax.set_ylabel(label, fontsize=8)
    ax.set_ylim(bottom=0)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    return fig


def impact_figure(rows: list[dict]):
    """Shares of GDP, trade growth and the Pyongyang won and rice as fractions."""
    fig, ax = _subplots((9, 0.9 + 0.35 * max(len(rows), 1)))
    for y, r in enumerate(rows):
        _range_bar(ax, y, r.get("value_low"), r.get("value_high"), PURPLE)
    ax.set_yticks(range(len(rows)), [r["label"][:70] for r in rows], fontsize=7)
    ax.axvline(0, color="black", linewidth=0.5)
    ax.set_xlabel("fraction (0.6 = 60 %; the arms share per year of its period)")
    ax.set_title("Economic impact: shares of GDP, trade growth, Pyongyang won and rice")
    ax.grid(axis="x", alpha=0.3)
    return fig


def won_readings(con: duckdb.DuckDBPyConnection, anchors: bool = True) -> list[dict]:
    """Day-dated market rates of the won per US dollar for places with at least three
    readings: location, day, the middle of the range and (``anchors``) its first figure."""
    rows = queries.rows(
        con,
        """SELECT location, observed_from::DATE AS day,
                  (coalesce(kpw_low, kpw_high) + coalesce(kpw_high, kpw_low)) / 2 AS rate,
                  figure_ids[1] AS anchor
           FROM marts.kpw_market_rates
           WHERE per_currency = 'USD' AND precision = 'day' AND location IS NOT NULL
             AND coalesce(kpw_low, kpw_high) IS NOT NULL AND observed_from IS NOT NULL
           QUALIFY count(*) OVER (PARTITION BY location) >= 3
           ORDER BY location, observed_from""",
    )
    return rows if anchors else [{**r, "anchor": None} for r in rows]


def balance_chart(con: duckdb.DuckDBPyConnection) -> str:
    return markdown_png(
        balance_figure(queries.rows(con, "SELECT * FROM marts.balance ORDER BY published_from"))
    )


def kpw_rates_chart(con: duckdb.DuckDBPyConnection) -> str:
    return markdown_png(won_figure(won_readings(con, anchors=False)))


def impact_chart(con: duckdb.DuckDBPyConnection) -> str:
    rows = queries.rows(
        con,
        """SELECT concat_ws(' · ', measure, coalesce(subject, '?'),
                  coalesce(strftime(period_start, '%Y-%m'), '?') || '→'
                  || coalesce(strftime(period_end, '%Y-%m'), '?')) AS label, value_low, value_high
           FROM marts.economic_impact
           WHERE unit IN ('fraction', 'fraction_per_year')
             AND (measure = 'arms_value_share_of_gdp_per_year' OR subject = 'Pyongyang'
                  OR measure = 'official_trade_growth')
           ORDER BY measure, subject, period_start""",
    )
    return markdown_png(impact_figure(rows))


CHARTS = {
    ("marts", "balance"): balance_chart,
    ("marts", "kpw_market_rates"): kpw_rates_chart,
    ("marts", "economic_impact"): impact_chart,
}
