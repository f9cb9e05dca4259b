"""Horizontal bar charts as geometry for a server-rendered SVG (results, the dashboard).

No chart library reaches the browser: a template draws rectangles from these numbers. The box
is WIDTH units wide and the page scales it to its width, never wider than WIDTH px; on a 360 px
phone (328 px of content) a unit is 0.68 px, so the text is FONT units — 12 px there, and
each label sits on its own line above its bar, cut to fit.
"""

import math
from dataclasses import dataclass

WIDTH = 480
PHONE_CONTENT_PX = 328  # a 360 px screen less the page's padding
MIN_TEXT_PX = 12  # the smallest text a chart may show on that phone
FONT = math.ceil(MIN_TEXT_PX * WIDTH / PHONE_CONTENT_PX)  # 18 units
ROW = FONT + 28  # units per bar: a label line, the bar, its value
BAR_MAX = 400  # the largest bar; its value is written after it
LABEL_CHARS = 40


@dataclass(frozen=True)
class Bar:
    label: str  # in full, for the accessible table and the <title>
    value: int | float
    part: int | float | None = None  # a part of `value` drawn darker inside the bar
    highlight: bool = False  # drawn in the accent colour (a funded project)


def shorten(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def bar_chart(bars: list[Bar]) -> dict:
    """Bars -> {"rows": [...], "width", "height", "font"}; each row has its label, short label and the
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
                "label_y": y + FONT,
                "bar_y": y + FONT + 6,
                "value_x": width + 6,
                "value_y": y + FONT + 20,
            }
        )
    return {
        "rows": rows,
        "width": WIDTH,
        "height": 16 + max(len(rows), 1) * ROW,
        "font": FONT,
    }
