"""The report page of a publication: one self-contained HTML file (inline CSS and SVG, no
script, nothing fetched), readable offline by anyone who never opens Dagster.

It shows the balance per source with its ranges, the won's fall per city, how estimates moved
between vintages and the competing estimates side by side. Every number links to the figures
it rests on, listed at the end of the page with their source and URL. Only the columns that
carry the meaning are read, and a missing table or NULL value leaves a gap, not an error.
"""

from __future__ import annotations

import html
import math
import os
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

from orchestration import settings

RED, BLUE, GREY = "#c0392b", "#2471a3", "#7f8c8d"
CITY_COLOURS = ["#c0392b", "#2471a3", "#27ae60", "#8e44ad", "#d68910", "#17a589"]
CSS = """
body{font-family:Georgia,serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.8em}h2{border-bottom:2px solid #ddd;padding-top:.6em}h3{font-size:1.05em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0 1.2em}
td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}th{background:#f4f4f4}
td.n{text-align:right;white-space:nowrap}a{color:#1a5276}.note{color:#555;font-size:.9em}
svg{display:block;margin:.4em 0;background:#fcfcfc;border:1px solid #eee}
svg text{font-family:sans-serif;font-size:11px;fill:#333}
.figs a{font-family:monospace;font-size:.9em}.url{word-break:break-all}.claims{table-layout:fixed;width:100%}.claims td{overflow-wrap:anywhere}.r{text-align:right}:target{background:#fff3c4}
"""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    """Rows as dicts; an absent table or column (another schema version) gives none."""
    try:
        cursor = con.execute(sql)
    except duckdb.Error:
        return []
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _number(value, scale: float = 1.0, digits: int | None = None) -> str:
    """A readable number: whole numbers from 100 up, else two decimals (or ``digits``)."""
    if value is None:
        return "?"
    scaled = value / scale
    if digits is None:
        digits = 0 if abs(scaled) >= 100 else 2
    return f"{scaled:,.{digits}f}"


def _range(low, high, scale: float = 1.0, digits: int | None = None) -> str:
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low == high:
        return _number(low, scale, digits)
    return f"{_number(low, scale, digits)}–{_number(high, scale, digits)}"


def _linked(text: str, anchor: str) -> str:
    return f"<a href='#{_esc(anchor)}'>{_esc(text)}</a>" if text else ""


def _figure_links(ids: Iterable[str] | None, anchor: str) -> str:
    links = ", ".join(f"<a href='#{_esc(i)}'>{_esc(i)}</a>" for i in (ids or []))
    return f"<td class='figs' id='{_esc(anchor)}'>{links}</td>"


# --- SVG -----------------------------------------------------------------------------------


def _ticks(values: list[float], zero: bool = True) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering the values."""
    known = [v for v in values if v is not None] or [0.0, 1.0]
    lo, hi = min([*known, 0.0] if zero else known), max(known)
    if hi == lo:
        hi = lo + 1.0
    raw = (hi - lo) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    return [first + i * step for i in range(int(math.ceil((hi - first) / step)) + 1)]


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _scale(values: list[float], width: float, zero: bool = True):
    ticks = _ticks(values, zero)
    lo, hi = ticks[0], ticks[-1]
    return ticks, lambda v: (v - lo) / (hi - lo) * width


def range_chart(bars: list[dict], unit_label: str, scale: float = 1.0) -> str:
    """Horizontal range bars: one row per bar (label, low, high, colour, anchor). A point is
    a dot; an open bound a triangle at the known end pointing the open way."""
    left, width, row_h = 300, 560, 22
    values = [b[k] / scale for b in bars for k in ("low", "high") if b.get(k) is not None]
    ticks, x = _scale(values, width)
    height = row_h * len(bars) + 52
    parts = [f"<svg width='{left + width + 40}' height='{height}' role='img'>"]
    for value in ticks:
        px = left + x(value)
        parts.append(
            f"<line x1='{px:.1f}' y1='18' x2='{px:.1f}' y2='{height - 25}' stroke='#ddd'/>"
            f"<text x='{px:.1f}' y='{height - 10}' text-anchor='middle'>{_tick_label(value)}</text>"
        )
    parts.append(f"<text x='{left}' y='12'>{_esc(unit_label)}</text>")
    for i, bar in enumerate(bars):
        y = 32 + i * row_h
        label = str(bar["label"])
        label = label if len(label) <= 48 else label[:47] + "…"
        parts.append(f"<text x='{left - 6}' y='{y + 4}' text-anchor='end'>{_esc(label)}</text>")
        parts.append(f"<a href='#{_esc(bar['anchor'])}'>{_bar_shape(bar, y, left, x, scale)}</a>")
    parts.append("</svg>")
    return "".join(parts)


def _bar_shape(bar: dict, y: float, left: float, x, scale: float) -> str:
    low = None if bar.get("low") is None else bar["low"] / scale
    high = None if bar.get("high") is None else bar["high"] / scale
    colour = bar.get("colour", GREY)
    title = f"<title>{_esc(bar['label'])}: {_range(low, high)}</title>"
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        return (
            f"<rect x='{left + x(low):.1f}' y='{y - 6}' width='{max(x(high) - x(low), 2):.1f}' "
            f"height='12' fill='{colour}'>{title}</rect>"
        )
    if low is not None and high is not None:
        return f"<circle cx='{left + x(low):.1f}' cy='{y}' r='5' fill='{colour}'>{title}</circle>"
    known = left + x(low if low is not None else high)
    tip = 10 if low is not None else -10  # "at least" points right, "up to" left
    return (
        f"<polygon points='{known:.1f},{y - 6} {known:.1f},{y + 6} {known + tip:.1f},{y}' "
        f"fill='{colour}'>{title}</polygon>"
    )


def line_chart(series: dict[str, list[tuple[date, float, str]]], unit_label: str) -> str:
    """One line per series over time; each point links to its row."""
    left, width, height = 70, 820, 320
    points = [p for pts in series.values() for p in pts]
    if not points:
        return "<p class='note'>No day-dated observations.</p>"
    days = [p[0].toordinal() for p in points]
    d0, d1 = min(days), max(days) if max(days) > min(days) else min(days) + 1
    ticks, yv = _scale([p[1] for p in points], height - 60)
    parts = [f"<svg width='{left + width + 250}' height='{height}' role='img'>"]
    for value in ticks:
        py = height - 30 - yv(value)
        parts.append(
            f"<line x1='{left}' y1='{py:.1f}' x2='{left + width}' y2='{py:.1f}' stroke='#ddd'/>"
            f"<text x='{left - 4}' y='{py + 4:.1f}' text-anchor='end'>{value:,.0f}</text>"
        )
    for tick in range(5):
        day = date.fromordinal(int(d0 + (d1 - d0) * tick / 4))
        px = left + (day.toordinal() - d0) / (d1 - d0) * width
        parts.append(f"<text x='{px:.1f}' y='{height - 10}' text-anchor='middle'>{day}</text>")
    parts.append(f"<text x='{left}' y='12'>{_esc(unit_label)}</text>")
    for n, (name, pts) in enumerate(sorted(series.items())):
        colour = CITY_COLOURS[n % len(CITY_COLOURS)]
        xy = [
            (left + (p[0].toordinal() - d0) / (d1 - d0) * width, height - 30 - yv(p[1]), p[2])
            for p in sorted(pts)
        ]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in xy)
        parts.append(f"<polyline points='{path}' fill='none' stroke='{colour}' stroke-width='2'/>")
        for px, py, anchor in xy:
            parts.append(
                f"<a href='#{_esc(anchor)}'><circle cx='{px:.1f}' cy='{py:.1f}' r='3' "
                f"fill='{colour}'/></a>"
            )
        parts.append(
            f"<text x='{left + width + 10}' y='{30 + 16 * n}' fill='{colour}' "
            f"style='fill:{colour}'>■ {_esc(name[:38])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- sections ------------------------------------------------------------------------------

BN = 1e9


def _bar(label: str, low, high, colour: str, anchor: str) -> dict:
    return {"label": label, "low": low, "high": high, "colour": colour, "anchor": anchor}


def _value_bar(r: dict, label: str, colour: str, anchor: str) -> dict:
    return _bar(label, r.get("value_low"), r.get("value_high"), colour, anchor)


def _value_cell(r: dict, anchor: str, scale: float = 1.0) -> str:
    """The row's range (value_low … value_high), linked to its figures."""
    return f"<td class='n'>{_linked(_range(r.get('value_low'), r.get('value_high'), scale), anchor)}</td>"


def _tr(cells: str, r: dict, anchor: str) -> str:
    """A table row: ``cells``, then the links to the row's figures (the anchor's target)."""
    return f"<tr>{cells}{_figure_links(r.get('figure_ids'), anchor)}</tr>"


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _grouped(rows: list[dict], *columns: str) -> dict[tuple, list[dict]]:
    """Rows in groups sharing ``columns``, in the order the groups first appear."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[tuple(r.get(c) for c in columns)].append(r)
    return groups


def _balance_bars(r: dict, name: str, anchor: str) -> list[dict]:
    bars = []
    for key, colour, arrow in (("prk_to_rus", RED, "PRK→RUS"), ("rus_to_prk", BLUE, "RUS→PRK")):
        low, high = r.get(f"{key}_usd_low"), r.get(f"{key}_usd_high")
        if low is not None or high is not None:
            bars.append(_bar(f"{arrow} · {name}", low, high, colour, anchor))
    return bars


def _side_covers(r: dict, side: str) -> str:
    """What one side's value covers: its scope and the months of its period, as a note."""
    scope = r.get(f"{side}_scope")
    if not scope:
        return ""
    start, end = r.get(f"{side}_period_start"), r.get(f"{side}_period_end")
    months = f", {start:%Y-%m} → {end:%Y-%m}" if start and end else ""
    return f"<br><span class='note'>{_esc(scope)}{_esc(months)}</span>"


def _balance_row(r: dict, name: str, anchor: str) -> str:
    cells = [
        (_range(r.get("prk_to_rus_usd_low"), r.get("prk_to_rus_usd_high"), BN), "prk_to_rus"),
        (_range(r.get("rus_to_prk_usd_low"), r.get("rus_to_prk_usd_high"), BN), "rus_to_prk"),
        (_range(r.get("net_usd_low"), r.get("net_usd_high"), BN), None),
        (_range(r.get("ratio_low"), r.get("ratio_high"), 1, 1), None),
    ]
    publication = (
        f"<td>{_esc(name)}<br><span class='note'>{_esc(r.get('source_org'))}, "
        f"{_esc(r.get('published_on'))}</span></td>"
    )
    return _tr(
        publication
        + "".join(
            f"<td class='n'>{_linked(c, anchor)}{_side_covers(r, side) if side else ''}</td>"
            for c, side in cells
        ),
        r,
        anchor,
    )


def balance_section(con: duckdb.DuckDBPyConnection) -> str:
    rows = _rows(con, "SELECT * FROM marts.balance ORDER BY published_from NULLS LAST, source_id")
    if not rows:
        return "<h2 id='balance'>Who gave whom how much</h2><p>No source values the flows yet.</p>"
    bars, body = [], []
    for i, r in enumerate(rows):
        name = r.get("source_title") or r.get("source_id")
        bars += _balance_bars(r, name, f"balance-{i}")
        body.append(_balance_row(r, name, f"balance-{i}"))
    headers = ["publication", "PRK→RUS bn USD", "RUS→PRK bn USD", "net bn USD", "ratio", "figures"]
    return (
        "<h2 id='balance'>Who gave whom how much</h2>"
        "<p>What North Korea gave Russia (red) and Russia gave back (blue), per original "
        "publication, in billions of US dollars. A bar is a published range, a dot a point "
        "value, a triangle an open bound ('at least' points right). Net and ratio use "
        "interval arithmetic; '?' is a bound nobody published. Under each value: what it "
        "covers and over which months, which differ between publications.</p>"
        + range_chart(bars, "bn USD", BN)
        + _table(headers, body)
    )


def _won_per_city(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Day-dated market rates per city with at least three readings: (day, middle, figure)."""
    rates = _rows(
        con,
        """SELECT location, observed_from, kpw_low, kpw_high, figure_ids
           FROM marts.kpw_market_rates
           WHERE per_currency = 'USD' AND precision = 'day'
           ORDER BY location, observed_from""",
    )
    per_city: dict[str, list] = defaultdict(list)
    for r in rates:
        values = [v for v in (r["kpw_low"], r["kpw_high"]) if v is not None]
        if values and r["observed_from"] is not None:
            first = (r["figure_ids"] or [""])[0]
            per_city[r["location"]].append((r["observed_from"], sum(values) / len(values), first))
    return {k: v for k, v in per_city.items() if len(v) >= 3}


def won_section(con: duckdb.DuckDBPyConnection) -> str:
    losses = _rows(
        con,
        """SELECT * FROM marts.economic_impact WHERE measure = 'kpw_value_loss_vs_usd'
           ORDER BY subject, period_start""",
    )
    body = [
        _tr(
            f"<td>{_esc(r.get('subject'))}</td><td>{_esc(r.get('period_start'))} → "
            f"{_esc(r.get('period_end'))}</td><td class='n'>"
            f"{_linked(_range(r.get('value_low'), r.get('value_high'), 0.01, 0) + ' %', f'won-{i}')}"
            f"</td><td class='note'>{_esc(r.get('basis'))}</td>",
            r,
            f"won-{i}",
        )
        for i, r in enumerate(losses)
    ]
    return (
        "<h2 id='won'>The won's fall, city by city</h2>"
        "<p>Market rate of the North Korean won per US dollar in day-dated market surveys "
        "(cities with at least three readings; several sources on one day pooled to the "
        "middle of their range). Each point links to the figure behind it.</p>"
        + line_chart(_won_per_city(con), "won per US dollar (market)")
        + "<h3>Loss of value against the dollar (1 − first rate ÷ last rate)</h3>"
        + _table(["location", "period", "loss", "basis", "figures"], body)
    )


def _unit_scale(unit: str | None) -> tuple[float, str]:
    return (BN, "bn USD") if unit == "USD" else (1.0, unit or "")


class _GroupedRanges(ABC):
    """Rows drawn in groups (rows sharing ``group_by``): per group a ``heading``, a bar per row
    (``bar_label``, ``colour``) and a table (``columns`` before the figures, a ``row`` per
    member), anchored ``<prefix>-<g>-<n>``. A subclass says what each part shows."""

    anchor: str
    title: str
    intro: str
    query: str
    group_by: tuple[str, ...]
    prefix: str
    colour: str
    columns: tuple[str, ...]

    def section(self, con: duckdb.DuckDBPyConnection) -> str:
        """A section of the page: its title, an intro, then the grouped rows of ``query``."""
        return f"<h2 id='{self.anchor}'>{self.title}</h2><p>{self.intro}</p>" + self.html(
            _rows(con, self.query)
        )

    @abstractmethod
    def heading(self, first: dict, unit: tuple[float, str]) -> str: ...

    @abstractmethod
    def bar_label(self, r: dict) -> str: ...

    @abstractmethod
    def row(self, r: dict, anchor: str, scale: float) -> str: ...

    def html(self, rows: list[dict]) -> str:
        return "".join(
            self._group(members, f"{self.prefix}-{g}")
            for g, members in enumerate(_grouped(rows, *self.group_by).values())
        )

    def _group(self, members: list[dict], prefix: str) -> str:
        scale, label = _unit_scale(members[0].get("unit"))
        pairs = [(r, f"{prefix}-{j}") for j, r in enumerate(members)]
        bars = [_value_bar(r, self.bar_label(r), self.colour, a) for r, a in pairs]
        headers = [c.format(label=label) for c in self.columns] + ["figures"]
        return (
            self.heading(members[0], (scale, label))
            + range_chart(bars, label, scale)
            + _table(headers, [self.row(r, a, scale) for r, a in pairs])
        )


class _Revisions(_GroupedRanges):
    anchor, title = "revisions", "How the estimates moved"
    intro = (
        "Bodies that published more than one vintage of an estimate: each vintage's range "
        "(money in US dollars) and the change from the body's previous vintage."
    )
    query = """SELECT * FROM marts.estimate_revisions
        QUALIFY count(*) OVER (PARTITION BY metric, flow_from, flow_to, body_id, unit) > 1
        ORDER BY metric, flow_from, flow_to, body_id, unit, vintage_number"""
    group_by = ("metric", "flow_from", "flow_to", "body_id", "unit")
    prefix, colour = "rev", BLUE
    columns = ("vintage", "publication", "range ({label})", "change from previous")

    def heading(self, r: dict, unit: tuple[float, str]) -> str:  # noqa: ARG002 - one signature
        flow_from, flow_to = r.get("flow_from"), r.get("flow_to")
        flow = f" {flow_from}→{flow_to}" if flow_from or flow_to else ""
        return f"<h3>{_esc(r.get('metric'))}{_esc(flow)}: {_esc(r.get('body'))}</h3>"

    def row(self, r: dict, anchor: str, scale: float) -> str:
        change = _range(r.get("change_low"), r.get("change_high"), scale)
        vintage = f"<td>{_esc(r.get('vintage'))}</td><td>{_esc(r.get('source_title'))}</td>"
        change_cell = f"<td class='n'>{_linked(change, anchor)}</td>"
        return _tr(vintage + _value_cell(r, anchor, scale) + change_cell, r, anchor)

    def bar_label(self, r: dict) -> str:
        return f"{r.get('vintage') or 'undated'} · {r.get('source_title') or ''}"


class _Comparisons(_GroupedRanges):
    anchor, title = "comparisons", "Competing estimates side by side"
    intro = (
        "Estimates of the same thing for the same period, one row per original "
        "publication (relays count once), with the method where known."
    )
    query = """SELECT * FROM marts.source_comparison WHERE estimates_compared > 1
        ORDER BY comparison_id, vintage_date NULLS LAST, source_id"""
    group_by = ("comparison_id",)
    prefix, colour = "cmp", RED
    columns = ("body", "period", "range ({label})", "method")

    def heading(self, first: dict, unit: tuple[float, str]) -> str:
        scale, label = unit
        envelope = _range(first.get("envelope_low"), first.get("envelope_high"), scale)
        return (
            f"<h3>{_esc(first.get('comparison_id'))}</h3><p class='note'>"
            f"{_esc(first.get('comparison_period_start'))} → "
            f"{_esc(first.get('comparison_period_end'))}; envelope {_esc(envelope)} "
            f"{_esc(label)}</p>"
        )

    def row(self, r: dict, anchor: str, scale: float) -> str:
        body = (
            f"<td>{_esc(r.get('body'))}<br><span class='note'>"
            f"{_esc(r.get('source_title'))}, {_esc(r.get('vintage'))}</span></td>"
            f"<td>{_esc(r.get('period_start'))} → {_esc(r.get('period_end'))}</td>"
        )
        method = f"<td>{_esc(r.get('method'))}</td>"
        return _tr(body + _value_cell(r, anchor, scale) + method, r, anchor)

    def bar_label(self, r: dict) -> str:
        return f"{r.get('body') or r.get('source_id')}"


def claims_section(con: duckdb.DuckDBPyConnection) -> str:
    rows = _rows(con, "SELECT * FROM marts.claims ORDER BY figure_id")
    body = "".join(
        f"<tr id='{_esc(r.get('figure_id'))}'><td>{_esc(r.get('figure_id'))}</td>"
        f"<td>{_esc(r.get('metric'))} {_esc(r.get('category') or '')}"
        f"{' · ' + _esc(r.get('location')) if r.get('location') else ''}</td>"
        f"<td>{_esc(r.get('flow_from') or '')}{'→' if r.get('flow_from') else ''}"
        f"{_esc(r.get('flow_to') or '')}</td>"
        f"<td>{_esc(r.get('period_start'))} … {_esc(r.get('period_end'))}</td>"
        f"<td class='r'>{_esc(_claim_value(r))}</td><td>{_esc(r.get('unit'))}</td>"
        f"<td>{_esc(r.get('source_org'))}: {_esc(r.get('source_title'))} "
        f"{'(' + _esc(r.get('published_on')) + ')' if r.get('published_on') else ''}</td>"
        f"<td class='url'><a href='{_esc(r.get('source_url'))}'>{_esc(_host(r.get('source_url')))}"
        "</a></td></tr>"
        for r in rows
    )
    return (
        "<h2 id='claims'>The figures behind every number</h2><p>Every figure as published, "
        "with who published it and where it was found.</p><table class='claims'>"
        + "".join(f"<col style='width:{w}%'>" for w in (6, 15, 7, 13, 16, 8, 25, 10))
        + "<tr><th>figure</th>"
        "<th>metric</th><th>flow</th><th>period</th><th>value</th><th>unit</th>"
        "<th>source</th><th>URL</th></tr>" + body + "</table>"
    )


def _host(url: str | None) -> str:
    """The site a URL is on, as link text (the full URL is the link)."""
    host = urlsplit(url or "").netloc
    return host.removeprefix("www.") or (url or "")


def _plain(value: float) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0")


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


def render(published: Path) -> str:
    with duckdb.connect(str(published), read_only=True) as con:
        publication = _rows(
            con,
            "SELECT run_id, published_at FROM audit.publications ORDER BY published_at DESC LIMIT 1",
        )
        sections = [
            balance_section(con),
            won_section(con),
            _Revisions().section(con),
            _Comparisons().section(con),
            claims_section(con),
        ]
    run = publication[0] if publication else {"run_id": "?", "published_at": "?"}
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Russia–North Korea ledger: report</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>Russia–North Korea ledger</h1>"
        "<p>What each side has given the other, how sure we are, how the estimates changed. "
        "Every number links to the figures it rests on and every figure to where it was "
        "published. Sources disagree; ranges are kept, never averaged away.</p>"
        f"<p class='note'>Publication of {_esc(run['published_at'])} UTC (Dagster run "
        f"{_esc(run['run_id'])}). Downloads: <code>data/exports/latest/</code>.</p>"
        "<p><a href='#balance'>Balance</a> · <a href='#won'>The won</a> · "
        "<a href='#revisions'>Revisions</a> · <a href='#comparisons'>Comparisons</a> · "
        "<a href='#claims'>Figures</a></p>" + "".join(sections) + "</body></html>"
    )


def write_report(published: Path, folder: Path | None = None) -> Path:
    """Write ``index.html`` atomically (a reader never sees half a page)."""
    folder = folder or settings.report_dir(published)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "index.html"
    tmp = folder / f".index.{os.getpid()}.html"
    tmp.write_text(render(published), encoding="utf-8")
    os.replace(tmp, target)
    return target


if __name__ == "__main__":  # rewrite the page from the published warehouse: `make report`
    print(write_report(settings.published_path()))
