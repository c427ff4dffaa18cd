"""Plot geometry: reading what the surveyor brings (GeoJSON, GPX, typed coordinates), measuring it
on the ellipsoid, finding overlaps and drawing it as SVG.

Geometries are stored as GeoJSON dicts in WGS84 longitude/latitude (RFC 7946 order). Areas are
geodesic (pyproj's Geod on WGS84), so no projection has to be chosen per mill. Nothing here touches
the database.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from pyproj import Geod
from shapely import geometry as shp
from shapely.validation import explain_validity

_GEOD = Geod(ellps="WGS84")
SQUARE_METRES_PER_HA = Decimal(10000)
# Declared and measured areas further apart than this get a warning (issue 3).
AREA_WARNING_RATIO = Decimal("0.05")
# Two GPS walks of a shared boundary overlap by a sliver; below this many m² it is not an overlap.
DEFAULT_OVERLAP_TOLERANCE_M2 = 50.0
POLYGON_TYPES = {"Polygon", "MultiPolygon"}


class GeometryError(ValueError):
    """The input cannot be read as a plot geometry; the message says why, for the user."""


@dataclass(frozen=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


# ---------------------------------------------------------------- reading


def _check_position(lon: float, lat: float) -> None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError(
            _("Coordinate %(lon)s, %(lat)s is outside the earth; GeoJSON lists longitude first.")
            % {"lon": lon, "lat": lat}
        )


def _close_ring(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if points and points[0] != points[-1]:
        points = [*points, points[0]]
    return points


def _from_points(points: list[tuple[float, float]]) -> dict:
    """One point gives a Point (waiting for the survey); three or more a closed Polygon."""
    unique = list(dict.fromkeys(points))
    if len(unique) == 1:
        return normalize_geometry({"type": "Point", "coordinates": list(unique[0])})
    if len(unique) < 3:
        raise GeometryError(_("A plot boundary needs at least three different points."))
    ring = _close_ring(points)
    return normalize_geometry({"type": "Polygon", "coordinates": [[list(p) for p in ring]]})


def normalize_geometry(geometry: dict) -> dict:
    """Check a GeoJSON geometry and return it with rounded coordinates and closed rings."""
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGON_TYPES | {"Point"}:
        raise GeometryError(_("The geometry must be a Polygon, a MultiPolygon or a Point."))
    try:
        shape = shp.shape(geometry)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        raise GeometryError(_("The GeoJSON coordinates cannot be read.")) from exc
    if shape.is_empty:
        raise GeometryError(_("The geometry is empty."))
    for lon, lat in _positions(shape):
        _check_position(lon, lat)
    if geometry["type"] == "Point":
        lon, lat = shape.coords[0][:2]
        return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
    if not shape.is_valid:
        raise GeometryError(
            _("The boundary is not a simple shape (%(reason)s). Check the order of the points.")
            % {"reason": explain_validity(shape)}
        )
    rounded = json.loads(json.dumps(shp.mapping(shape)))
    rounded["coordinates"] = _round_coords(rounded["coordinates"])
    return {"type": rounded["type"], "coordinates": rounded["coordinates"]}


def _round_coords(value):
    # 7 decimals of a degree is about 1 cm: more than any GPS gives.
    if value and isinstance(value[0], (int, float)):
        return [round(float(value[0]), 7), round(float(value[1]), 7)]
    return [_round_coords(item) for item in value]


def _positions(shape):
    if isinstance(shape, shp.Point):
        yield shape.coords[0][:2]
    elif isinstance(shape, shp.Polygon):
        for ring in [shape.exterior, *shape.interiors]:
            for position in ring.coords:
                yield position[:2]
    else:
        for part in shape.geoms:
            yield from _positions(part)


def parse_geojson(text: str | bytes | dict) -> dict:
    """A GeoJSON geometry, Feature or FeatureCollection of one feature (as text or parsed)."""
    if isinstance(text, (str, bytes)):
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise GeometryError(_("The text is not valid GeoJSON.")) from exc
    else:
        data = text
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise GeometryError(_("The GeoJSON file must hold exactly one plot (one feature)."))
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    return normalize_geometry(data)


_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"


def _two_numbers(line: str) -> list[str]:
    """The numbers of one typed point. Indonesian phones write decimal commas ("-8,2031
    113,4506" or "-8,2031; 113,4506"): when the line splits into two parts at a semicolon or a
    space, each part is one number whatever its decimal mark. Read otherwise, "-1,5" became the
    two numbers 1 and 5, or -15 (issue 14.10)."""
    parts = [part.strip().strip(",") for part in re.split(r"[;\s]+", line.strip())]
    parts = [part for part in parts if part]
    if len(parts) == 2 and all(re.fullmatch(r"[-+]?\d+([.,]\d+)?", part) for part in parts):
        return [part.replace(",", ".") for part in parts]
    return re.findall(r"[-+]?\d+\.\d+|[-+]?\d+", line.replace(";", " "))


def parse_coordinates(text: str) -> dict:
    """Points typed or pasted from a GPS app, one per line: "-8.2031, 113.4502".

    Phones show latitude first; in Indonesia the longitude (95°–141°) is always above 90, so
    either order is read correctly. A single line is a point; three or more a polygon.
    """
    points: list[tuple[float, float]] = []
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        found = _two_numbers(line)
        if len(found) != 2:
            raise GeometryError(
                _("Line %(line)s: write one point per line as latitude, longitude.")
                % {"line": number}
            )
        first, second = (float(value) for value in found)
        lat, lon = (second, first) if abs(first) > 90 >= abs(second) else (first, second)
        _check_position(lon, lat)
        points.append((lon, lat))
    if not points:
        raise GeometryError(_("No coordinates were given."))
    return _from_points(points)


def parse_gpx(data: bytes) -> dict:
    """A GPX file from a handheld GPS: the track walked round the plot, else a route, else
    waypoints."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # No document type definitions: they are how XML bombs and entity tricks get in.
        raise GeometryError(_("The GPX file cannot be read."))
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - DTDs are refused above
    except ElementTree.ParseError as exc:
        raise GeometryError(_("The GPX file cannot be read.")) from exc
    for tag in ("trkpt", "rtept", "wpt"):
        points = [
            (float(node.get("lon")), float(node.get("lat")))
            for node in root.iter()
            if node.tag.rsplit("}", 1)[-1] == tag and node.get("lat") and node.get("lon")
        ]
        if points:
            for lon, lat in points:
                _check_position(lon, lat)
            return _from_points(points)
    raise GeometryError(_("The GPX file has no track, route or waypoints."))


def parse_upload(name: str, data: bytes) -> dict:
    lowered = name.lower()
    if lowered.endswith(".gpx"):
        return parse_gpx(data)
    if lowered.endswith((".geojson", ".json")):
        return parse_geojson(data)
    raise GeometryError(_("Upload a .gpx or .geojson file."))


# ---------------------------------------------------------------- measuring


def is_polygon(geometry: dict | None) -> bool:
    return bool(geometry) and geometry.get("type") in POLYGON_TYPES


def to_shape(geometry: dict):
    return shp.shape(geometry)


def geodesic_area_m2(shape) -> float:
    if shape.is_empty or not isinstance(shape, (shp.Polygon, shp.MultiPolygon)):
        return 0.0
    area, _perimeter = _GEOD.geometry_area_perimeter(shape)
    return abs(area)


def area_ha(geometry: dict | None) -> Decimal | None:
    """Geodesic area of a polygon in ha, 4 decimals half-up; None for a point or nothing."""
    if not is_polygon(geometry):
        return None
    square_metres = Decimal(repr(geodesic_area_m2(to_shape(geometry))))
    return (square_metres / SQUARE_METRES_PER_HA).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def area_difference_ratio(declared: Decimal | None, measured: Decimal | None) -> Decimal | None:
    """|declared − measured| / measured, or None when either is missing."""
    if not declared or not measured:
        return None
    return abs(Decimal(declared) - Decimal(measured)) / Decimal(measured)


def areas_disagree(declared: Decimal | None, measured: Decimal | None) -> bool:
    ratio = area_difference_ratio(declared, measured)
    return ratio is not None and ratio > AREA_WARNING_RATIO


def bounding_box(geometry: dict | None) -> BoundingBox | None:
    if not geometry:
        return None
    min_lon, min_lat, max_lon, max_lat = to_shape(geometry).bounds
    return BoundingBox(min_lon, min_lat, max_lon, max_lat)


def centroid(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) of the middle of the plot, for a 'geo:' link to the phone's map app."""
    if not geometry:
        return None
    point = to_shape(geometry).centroid
    return round(point.y, 6), round(point.x, 6)


def overlap_m2(first: dict, second: dict) -> float:
    """Geodesic area in m² shared by two polygons (0 when either is a point)."""
    if not (is_polygon(first) and is_polygon(second)):
        return 0.0
    a, b = to_shape(first), to_shape(second)
    if not a.intersects(b):
        return 0.0
    return geodesic_area_m2(a.intersection(b))


# ---------------------------------------------------------------- drawing


@dataclass(frozen=True)
class SvgShape:
    view_box: str
    path: str  # "d" of an SVG path for a polygon; empty for a point
    point: tuple[float, float] | None  # (x, y) for a point
    width_m: int  # how wide the drawing is on the ground, for a scale note


def svg_shape(geometry: dict | None, size: float = 100.0, padding: float = 6.0) -> SvgShape | None:
    """Project the plot onto a small local plane (equirectangular around its centre: plots are a
    few hundred metres across) and fit it in a size × size box, north up."""
    if not geometry:
        return None
    shape = to_shape(geometry)
    if isinstance(shape, shp.Point):
        half = size / 2
        return SvgShape(f"0 0 {size:g} {size:g}", "", (half, half), 0)
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    mid_lat = math.radians((min_lat + max_lat) / 2)
    x_scale = math.cos(mid_lat)
    width = (max_lon - min_lon) * x_scale
    height = max_lat - min_lat
    span = max(width, height) or 1e-9
    scale = (size - 2 * padding) / span
    x_offset = padding + ((size - 2 * padding) - width * scale) / 2
    y_offset = padding + ((size - 2 * padding) - height * scale) / 2

    def project(lon: float, lat: float) -> str:
        x = x_offset + (lon - min_lon) * x_scale * scale
        y = y_offset + (max_lat - lat) * scale
        return f"{x:.2f} {y:.2f}"

    polygons = [shape] if isinstance(shape, shp.Polygon) else list(shape.geoms)
    parts = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)[:-1]
            parts.append("M" + " L".join(project(*c[:2]) for c in coords) + " Z")
    # 111,320 m per degree of latitude: good enough for a scale note on a sketch.
    width_m = round(max(width, height) * 111_320)
    return SvgShape(f"0 0 {size:g} {size:g}", " ".join(parts), None, width_m)
