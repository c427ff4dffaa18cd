"""Surveyors bring shapes as typed coordinates, GeoJSON or GPX; all become the same GeoJSON."""

import json

import pytest

from partners import geometry as geo

GPX = b"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Garmin" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>Petak Buriyanto</name><trkseg>
    <trkpt lat="-8.2000" lon="113.4500"></trkpt>
    <trkpt lat="-8.2000" lon="113.4510"></trkpt>
    <trkpt lat="-8.2009" lon="113.4510"></trkpt>
    <trkpt lat="-8.2009" lon="113.4500"></trkpt>
  </trkseg></trk>
</gpx>"""


def test_coordinates_typed_latitude_first_make_a_closed_polygon():
    shape = geo.parse_coordinates("-8.2000, 113.4500\n-8.2000, 113.4510\n-8.2009, 113.4510\n")
    assert shape["type"] == "Polygon"
    ring = shape["coordinates"][0]
    assert ring[0] == ring[-1] == [113.45, -8.2]  # stored longitude first, ring closed


def test_coordinates_longitude_first_are_read_the_same():
    a = geo.parse_coordinates("-8.2, 113.45\n-8.2, 113.451\n-8.2009, 113.451")
    b = geo.parse_coordinates("113.45 -8.2\n113.451 -8.2\n113.451 -8.2009")
    assert a == b


def test_one_coordinate_is_a_point():
    assert geo.parse_coordinates("-8.2, 113.45") == {"type": "Point", "coordinates": [113.45, -8.2]}


def test_two_points_are_refused():
    with pytest.raises(geo.GeometryError):
        geo.parse_coordinates("-8.2, 113.45\n-8.3, 113.46")


def test_garbage_line_names_its_line_number():
    with pytest.raises(geo.GeometryError, match="2"):
        geo.parse_coordinates("-8.2, 113.45\nhere\n-8.3, 113.46")


def test_geojson_feature_collection_of_one_feature():
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "x"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [
                            [[113.45, -8.2], [113.451, -8.2], [113.451, -8.201], [113.45, -8.2]]
                        ],
                    },
                }
            ],
        }
    )
    assert geo.parse_geojson(text)["type"] == "Polygon"


def test_geojson_with_latitude_first_is_refused_with_a_hint():
    bad = {
        "type": "Polygon",
        "coordinates": [[[-8.2, 113.45], [-8.2, 113.46], [-8.21, 113.46], [-8.2, 113.45]]],
    }
    with pytest.raises(geo.GeometryError, match="longitude"):
        geo.parse_geojson(bad)


def test_self_crossing_boundary_is_refused():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(geo.GeometryError):
        geo.parse_geojson(bow_tie)


def test_gpx_track_becomes_a_polygon():
    shape = geo.parse_gpx(GPX)
    assert shape["type"] == "Polygon"
    assert len(shape["coordinates"][0]) == 5
    assert geo.area_ha(shape) > 0


def test_gpx_with_a_doctype_is_refused():
    with pytest.raises(geo.GeometryError):
        geo.parse_gpx(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><gpx></gpx>')


def test_upload_picks_the_reader_by_extension():
    assert geo.parse_upload("petak.GPX", GPX)["type"] == "Polygon"
    with pytest.raises(geo.GeometryError):
        geo.parse_upload("petak.kml", b"<kml/>")


def test_svg_drawing_fits_the_box_north_up():
    shape = geo.svg_shape(geo.parse_gpx(GPX))
    assert shape.path.startswith("M") and shape.path.endswith("Z")
    numbers = [
        float(n) for n in shape.path.replace("M", " ").replace("L", " ").replace("Z", " ").split()
    ]
    assert min(numbers) >= 0 and max(numbers) <= 100
