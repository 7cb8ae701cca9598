"""The chart over time, drawn on the hub as inline SVG (no script, no CDN): the records
that count, summed day by day, with the target as a dashed line when there is one."""

from __future__ import annotations

from datetime import date
from html import escape

from markupsafe import Markup

from ektp_desk.hub.dashboard.figures import indonesian_date

WIDTH, HEIGHT = 900, 220
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 15, 30


def line_chart(series: list[tuple[date, int]], target: int | None = None) -> Markup:
    """`series`: (day, cumulative count), days ascending. An empty series says so."""
    if not series:
        return Markup('<p class="chart-empty">Belum ada rekaman.</p>')
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    top = max([count for _, count in series] + [target or 0, 1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(count: int) -> float:
        return TOP + plot_h * (1 - count / top)

    points = " ".join(f"{x(d):.1f},{y(c):.1f}" for d, c in series)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"'
        ' role="img" aria-label="Jumlah terekam dari waktu ke waktu"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}"'
        f' y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 8}">{escape(indonesian_date(first))}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">'
        f"{escape(indonesian_date(last))}</text>",
    ]
    if target:
        parts.append(
            f'<line class="target" x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}"'
            f' y2="{y(target):.1f}"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(target) - 4:.1f}" text-anchor="end">'
            f"target {target}</text>"
        )
    parts.append(f'<polyline class="line" points="{points}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
