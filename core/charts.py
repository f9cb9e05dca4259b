"""Horizontal bar charts as geometry for a server-rendered SVG (results, the dashboard).

No chart library reaches the browser: a template draws rectangles from these numbers. The box
is WIDTH units wide and the page scales it to its width; on a 360 px phone a unit is about
0.75 px, so each label sits on its own line above its bar and is cut to fit.
"""

from dataclasses import dataclass

ROW = 42  # units per bar: a label line, the bar, its value
WIDTH = 480
BAR_MAX = 400  # the largest bar; its value is written after it
LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    label: str  # in full, for the accessible table and the <title>
    value: int | float
    part: int | float | None = None  # a part of `value` drawn darker inside the bar
    highlight: bool = False  # drawn in the accent colour (a funded project)


def shorten(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def bar_chart(bars: list[Bar]) -> dict:
    """Bars -> {"rows": [...], "width", "height"}; each row has its label, short label and the
    coordinates of its label, bar, part and value."""
    top = max((b.value for b in bars), default=0) or 1
    rows = []
    for i, bar in enumerate(bars):
        y = 8 + i * ROW
        width = round(BAR_MAX * bar.value / top, 1)
        rows.append(
            {
                "label": bar.label,
                "short": shorten(str(bar.label)),
                "value": bar.value,
                "highlight": bar.highlight,
                "width": max(width, 1 if bar.value else 0),
                "part": round(BAR_MAX * bar.part / top, 1) if bar.part is not None else None,
                "label_y": y + 16,
                "bar_y": y + 22,
                "value_x": width + 6,
                "value_y": y + 34,
            }
        )
    return {"rows": rows, "width": WIDTH, "height": 16 + max(len(rows), 1) * ROW}
