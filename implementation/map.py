"""A map drawn on the server: the projects' points on a plain SVG, no tiles, no script.

Villages have poor coverage and the page must work offline-first, so there is no tile server:
points are placed by an equirectangular projection (fine at a municipality's scale) and each
links to its project; the list beside it gives coordinates and an OpenStreetMap link.
"""

import math

WIDTH, HEIGHT, PAD = 600, 400, 30


def points(projects) -> list[dict]:
    """[{"project", "x", "y"}] for the projects that have a point, fitted into the drawing."""
    located = [p for p in projects if p.has_point]
    if not located:
        return []
    lats = [float(p.latitude) for p in located]
    lons = [float(p.longitude) for p in located]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))  # a degree of longitude is shorter
    min_x, max_x = min(lons) * scale_x, max(lons) * scale_x
    min_y, max_y = min(lats), max(lats)
    span = max(max_x - min_x, max_y - min_y) or 1.0
    unit = min(WIDTH, HEIGHT) - 2 * PAD
    off_x = (WIDTH - (max_x - min_x) / span * unit) / 2
    off_y = (HEIGHT - (max_y - min_y) / span * unit) / 2
    out = []
    for p, lat, lon in zip(located, lats, lons, strict=True):
        x = off_x + (lon * scale_x - min_x) / span * unit
        y = HEIGHT - (off_y + (lat - min_y) / span * unit)  # north is up
        out.append({"project": p, "x": round(x, 1), "y": round(y, 1)})
    return out
