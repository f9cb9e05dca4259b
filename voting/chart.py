"""A horizontal bar chart of one envelope's results, as geometry for a server-rendered SVG.

No chart library reaches the browser: the template draws rectangles from these numbers.
"""

from django.utils.translation import gettext as _

# Drawn in a 480-unit-wide box that the page scales to its width: on a 360 px phone one unit is
# about 0.75 px, so labels sit on their own line above each bar and are cut to fit.
ROW = 42  # units per project: a label line and a bar
WIDTH = 480
BAR_MAX = 400
LABEL_CHARS = 44


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(result) -> dict:
    projects = list(result.projects.all())
    most = max([p.votes for p in projects] or [0]) or 1
    rows = []
    for i, pr in enumerate(projects):
        y = 8 + i * ROW
        width = round(BAR_MAX * pr.votes / most, 1)
        rows.append(
            {
                "label": pr.project.title,
                "short": _shorten(pr.project.title),
                "votes": pr.votes,
                "won": pr.won,
                "label_y": y + 16,
                "bar_y": y + 22,
                "width": max(width, 1 if pr.votes else 0),
                "value_x": width + 6,
                "value_y": y + 34,
            }
        )
    winners = [r["label"] for r in rows if r["won"]]
    return {
        "rows": rows,
        "width": WIDTH,
        "height": 16 + len(rows) * ROW,
        "title": _("Votes per project: %(envelope)s") % {"envelope": result.envelope.name},
        "desc": _("%(n)d projects ranked by votes; funded: %(winners)s.")
        % {"n": len(rows), "winners": ", ".join(winners) or _("none")},
    }
