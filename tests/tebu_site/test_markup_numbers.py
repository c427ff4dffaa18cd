"""The checker the page crawler runs on every page finds each way a number written for people
reaches markup written for machines (issue 14.5), and lets the machine forms through."""

import pytest

from tests.tebu_site.markup_numbers import problems_in


@pytest.mark.parametrize(
    "markup",
    [
        '<svg viewBox="0 0 100 100"><circle cx="50,0" cy="12.5" r="6"/></svg>',
        '<svg viewBox="0 0 100,5 100"></svg>',
        '<svg><path d="M 10,5 20.5 30 Z"/></svg>',
        '<a href="geo:-8,1906,113,4506">map</a>',
        '<div data-lat="-8,1906"></div>',
        '<div data-amount="1.234,5"></div>',
        '<input type="number" name="x" value="7,5">',
        '<script type="application/json" id="c">{"x": 1,5}</script>',
    ],
)
def test_a_number_written_for_people_in_markup_is_found(markup):
    assert problems_in(markup)


def test_machine_numbers_pass():
    page = (
        '<svg viewBox="0 0 100 100"><circle cx="50.0" cy="12.5" r="6"/>'
        '<path d="M 10 5 L 20.5 30 Z"/><text x="4" y="96">≈ 1,5 km</text></svg>'
        '<a href="geo:-8.1906,113.4506?z=17">map</a>'
        '<div data-lat="-8.1906" data-ids="3" data-label="Rp 1.234.567"></div>'
        '<input type="text" value="7,5"><input type="number" value="7.5">'
        '<script type="application/json" id="c">{"x": 1.5}</script>'
        "<p>Rendemen 7,53 %</p>"
    )
    assert problems_in(page) == []
