"""Inline SVG bar charts with a title, axis labels and units. No script, no external file.

Each bar is a ``<rect class="bar">`` carrying ``data-label`` and ``data-value``
(the number drawn, in the chart's unit), so a reader, or a test, can check it.
"""
from __future__ import annotations

from dataclasses import dataclass

from xinwen.eval.review.markup import esc

WIDTH = 560
LEFT = 190  # room for the category labels
RIGHT = 90  # room for the value labels
ROW = 22
TOP = 46
BOTTOM = 48


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    x_label: str  # names the unit, e.g. "signed investment (亿元 = 10⁸ CNY)"
    y_label: str
    rows: list[tuple[str, float]]
    fmt: str = "{:,.2f}"
    x_max: float | None = None  # fixed scale end (F1: 1.0), else the largest value


def _ticks(top: float, whole: bool) -> list[float]:
    """Five ticks from 0 to ``top``; whole numbers only for counts (``whole``)."""
    if whole and top < 4:
        return [float(k) for k in range(int(top) + 1)]
    return [top * k / 4 for k in range(5)]


def bar_chart(chart: Chart) -> str:
    """The SVG element of one horizontal bar chart."""
    n = max(len(chart.rows), 1)
    height = TOP + n * ROW + BOTTOM
    plot = WIDTH - LEFT - RIGHT
    top = chart.x_max or max((v for _, v in chart.rows), default=0) or 1.0
    parts = [
        f'<svg class="chart" id="{esc(chart.chart_id)}" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{esc(chart.chart_id)}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{esc(chart.chart_id)}-title">{esc(chart.title)}</title>',
        f'<text class="title" x="{WIDTH / 2}" y="18" text-anchor="middle">'
        f'{esc(chart.title)}</text>',
        f'<text class="y-label" x="8" y="36">{esc(chart.y_label)}</text>',
    ]
    base = TOP + n * ROW
    for tick in _ticks(top, chart.fmt == "{:,.0f}"):
        x = LEFT + plot * tick / top
        parts.append(f'<line class="axis" x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{base + 16}" text-anchor="middle">'
                     f'{esc(chart.fmt.format(tick))}</text>')
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{TOP - 4}" x2="{LEFT}" y2="{base}"/>')
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{LEFT + plot}" y2="{base}"/>')
    parts.append(f'<text class="x-label" x="{LEFT + plot / 2}" y="{base + 36}" '
                 f'text-anchor="middle">{esc(chart.x_label)}</text>')
    if not chart.rows:
        parts.append(f'<text class="empty" x="{LEFT + 8}" y="{TOP + 15}">no data</text>')
    for k, (label, value) in enumerate(chart.rows):
        y = TOP + k * ROW
        w = max(plot * value / top, 0)
        shown = chart.fmt.format(value)
        parts.append(f'<text class="cat" x="{LEFT - 6}" y="{y + 15}" text-anchor="end">'
                     f'{esc(label[:18])}</text>')
        parts.append(f'<rect class="bar" x="{LEFT}" y="{y + 3}" width="{w:.1f}" height="{ROW - 6}" '
                     f'data-label="{esc(label)}" data-value="{value!r}">'
                     f'<title>{esc(label)}: {esc(shown)}</title></rect>')
        parts.append(f'<text class="val" x="{LEFT + w + 4:.1f}" y="{y + 15}">{esc(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)
