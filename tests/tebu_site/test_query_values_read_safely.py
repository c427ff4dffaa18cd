"""tebu_site.params: a value from a URL or a POST is cleaned by a form field and read as the default
when it is missing or bad (issue 13): never an exception that would be a 500."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.http import QueryDict

from partners.models import Farmer, Plot
from tebu_site import params
from tests.factories import FarmerFactory, PlotFactory

D = Decimal
NOT_NUMBERS = ["abc", "NaN", "nan", "inf", "-Infinity", "1e999999", "²", "\x00", "x" * 5000]


def q(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data[name] = value
    return data


@pytest.mark.parametrize("raw", [*NOT_NUMBERS, "0", "-1", "1.5", "99999999999999999999999"])
def test_an_id_that_is_no_primary_key_reads_as_none(raw):
    assert params.read_id(q(farmer=raw), "farmer") is None


def test_an_id_reads_as_its_number():
    assert params.read_id(q(farmer="42"), "farmer") == 42
    assert params.read_id(q(farmer=str(params.MAX_ID)), "farmer") == params.MAX_ID
    assert params.read_id(q(), "farmer") is None


@pytest.mark.parametrize("raw", [*NOT_NUMBERS, "1000000", "-5"])
def test_a_bounded_int_out_of_its_range_or_no_number_reads_as_the_default(raw):
    assert params.read_int(q(days=raw), "days", min_value=0, max_value=3650, default=7) == 7


@pytest.mark.parametrize("raw", [*NOT_NUMBERS, "100000000000000", "-1", "1.234"])
def test_money_that_is_no_amount_reads_as_none(raw):
    assert params.read_money(q(amount=raw), "amount") is None


def test_money_reads_up_to_what_the_column_holds():
    assert params.read_money(q(amount="66300000.50"), "amount") == D("66300000.50")
    assert params.read_money(q(amount="99999999999999.99"), "amount") == params.MONEY_MAX


@pytest.mark.parametrize("raw", ["9999-12-31", "0001-01-01", "2026-02-30", "abc", "\x00", "1e9"])
def test_a_date_outside_the_window_or_not_a_date_reads_as_the_default(raw):
    today = date(2026, 7, 1)
    assert params.read_date(q(start=raw), "start", default=today) == today


def test_a_date_in_the_window_reads_as_that_date():
    assert params.read_date(q(start="2026-08-17"), "start") == date(2026, 8, 17)


def test_text_with_a_nul_character_or_too_long_reads_as_the_default():
    assert params.read_text(q(q="a\x00b"), "q") == ""
    assert params.read_text(q(q="x" * 101), "q", max_length=100) == ""
    assert params.read_text(q(q="  Buriyanto "), "q") == "Buriyanto"


def test_a_choice_not_offered_reads_as_the_default():
    assert params.read_choice(q(view="evil"), "view", ["mine", "all"], default="mine") == "mine"
    assert params.read_choice(q(view="all"), "view", ["mine", "all"], default="mine") == "all"


def test_read_returns_the_cleaned_values_and_says_what_was_bad():
    result = params.read(
        q(days="1e999999", start="2026-08-17"),
        days=params.int_field(max_value=3650),
        start=params.date_field(),
        defaults={"days": 30},
    )
    assert result["days"] == 30 and result["start"] == date(2026, 8, 17)
    assert list(result.errors) == ["days"]


@pytest.mark.django_db
def test_read_object_finds_only_in_the_queryset_given():
    mine, other = FarmerFactory(), FarmerFactory()
    visible = Farmer.objects.filter(pk=mine.pk)
    assert params.read_object(q(farmer=str(mine.pk)), "farmer", visible) == mine
    assert params.read_object(q(farmer=str(other.pk)), "farmer", visible) is None
    assert params.read_object(q(farmer="99999999999999999999999"), "farmer", visible) is None
    assert params.read_object(q(farmer="abc"), "farmer", visible) is None


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["99999999999999999999999", "abc", "²", "-1"])
def test_a_multiple_choice_of_ids_refuses_one_that_is_no_id_before_querying(raw):
    """On SQLite, Django's own field sends 10**23 to ``id IN (...)`` and the driver raises an
    OverflowError (a 500); ours answers the field's invalid-choice message."""
    plot = PlotFactory()
    field = params.ModelMultipleChoiceField(queryset=Plot.objects.all(), required=False)
    form_class = type("PlotsForm", (forms.Form,), {"plots": field})
    form = form_class(q(plots=raw))
    assert not form.is_valid() and "plots" in form.errors
    ok = form_class({"plots": [str(plot.pk)]})
    assert ok.is_valid() and list(ok.cleaned_data["plots"]) == [plot]


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["1.5", "1e999999", "99999999999999999999999", "NaN"])
def test_an_id_filter_refuses_what_is_no_id(raw):
    from partners.filters import PlotFilter

    filterset = PlotFilter(q(farmer=raw), queryset=Plot.objects.all())
    assert not filterset.is_valid() and "farmer" in filterset.errors
    list(filterset.qs)  # and the list still evaluates
