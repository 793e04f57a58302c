"""Hand-drawn SVG charts of the report page (range bars and lines over time)."""

from __future__ import annotations

import html
import math
from datetime import date

RED, BLUE, GREY = "#c0392b", "#2471a3", "#7f8c8d"
CITY_COLOURS = ["#c0392b", "#2471a3", "#27ae60", "#8e44ad", "#d68910", "#17a589"]


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _number(value, scale: float = 1.0, digits: int | None = None) -> str:
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
