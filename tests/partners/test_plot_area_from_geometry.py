"""The measured area comes from the GPS polygon on the WGS84 ellipsoid (pyproj), and a difference
of more than 5 % from the declared area is flagged."""

from decimal import Decimal

import pytest

from partners import geometry as geo
from partners.services.plots import add_plot
from partners.services.registration import record_survey
from tests.factories import PlotFactory, square

pytestmark = pytest.mark.django_db


def test_a_100_m_square_measures_one_hectare():
    area = geo.area_ha(square(113.45, -8.2, side_m=100))
    assert abs(area - Decimal("1.0000")) <= Decimal("0.0002")
    assert area.as_tuple().exponent == -4  # stored to 4 decimals


def test_area_agrees_with_an_equal_area_projection():
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape

    polygon = {
        "type": "Polygon",
        "coordinates": [
            [
                [113.45, -8.2],
                [113.4531, -8.2004],
                [113.4528, -8.2031],
                [113.4497, -8.2027],
                [113.45, -8.2],
            ]
        ],
    }
    # Indonesia's UTM zone 49S: within a plot, a conformal projection's area is close.
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32749", always_xy=True).transform
    projected = shapely.transform(
        shape(polygon), lambda xy: np.column_stack(to_utm(xy[:, 0], xy[:, 1]))
    )
    utm_ha = projected.area / 10000
    assert float(geo.area_ha(polygon)) == pytest.approx(utm_ha, rel=0.002)


def test_point_has_no_measured_area():
    assert geo.area_ha({"type": "Point", "coordinates": [113.45, -8.2]}) is None


def test_polygon_with_a_hole_subtracts_the_hole():
    outer = square(113.45, -8.2, 200)["coordinates"][0]
    hole = square(113.4505, -8.1995, 50)["coordinates"][0][::-1]
    with_hole = geo.normalize_geometry({"type": "Polygon", "coordinates": [outer, hole]})
    assert abs(geo.area_ha(with_hole) - Decimal("3.7500")) <= Decimal("0.001")


def test_survey_stores_measured_area_and_bounding_box(world):
    plot = PlotFactory(farmer=world.farmer, area_ha=Decimal("1.0000"), own_area_ha=Decimal("1"))
    record_survey(plot=plot, geometry=square(113.45, -8.2, 100), by=world.qc)
    plot.refresh_from_db()
    assert abs(plot.measured_area_ha - Decimal("1.0000")) <= Decimal("0.0002")
    assert plot.bbox_min_lon == pytest.approx(113.45)
    assert not plot.area_warning


def test_declared_area_more_than_5_percent_off_is_flagged(world):
    plot = add_plot(
        by=world.sinder,
        farmer=world.farmer,
        code="P-WARN",
        area_ha=Decimal("1.2000"),
        land_type="sawah",
        crop_class="pc",
        geometry=square(113.45, -8.2, 100),
    )
    assert plot.area_warning
    assert plot.area_difference_ratio > Decimal("0.05")
    survey_step = plot.registration_steps.get(action="survey")
    assert "%" in survey_step.note


def test_declared_area_within_5_percent_is_not_flagged(world):
    plot = add_plot(
        by=world.sinder,
        farmer=world.farmer,
        code="P-OK",
        area_ha=Decimal("1.0400"),
        land_type="sawah",
        crop_class="pc",
        geometry=square(113.45, -8.2, 100),
    )
    assert not plot.area_warning
