"""The season close's pages (issue 16): started with the final figures, previewed by a worker with
the mill's totals and every farmer's difference, committed from the page; nobody of another mill
follows or commits the run, a farmer opens none of it; bad figures are refused beside the field;
committing writes a constant number of queries per farmer, whatever his number of DOs."""

import json
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from harvest.models import (
    DeliveryOrder,
    FinalRendemenBasis,
    HarvestPolicy,
    SeasonClose,
    SeasonCloseFarmer,
    SeasonCloseStatus,
    SettlementScheme,
)
from harvest.services import season_close
from harvest.services.delivery_orders import issue_do
from harvest.services.season_close import carry_out, request_commit, request_season_close
from harvest.services.season_close_writes import commit_farmer
from tests.factories import farmer_user
from tests.harvest.helpers import deliver, html, settled

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def issued(hw):
    """The north and south farmers each paid on one DO at the provisional rendemen 7.0."""
    hw.scheme.final_rendemen_basis = FinalRendemenBasis.MILL_AVERAGE
    hw.scheme.save()
    for farmer, plot in ((hw.farmer, hw.plot), (hw.south_farmer, hw.south_plot)):
        load = deliver(hw, net_kg=D("10000"), rendemen=D("7.0"), plot=plot)
        issue_do(do=settled(hw, [load], farmer=farmer, credit_deductions=()), by=hw.manager)


def start(client, hw, **extra):
    data = {
        "season": hw.season.pk,
        "final_rendemen_percent": "7,4",
        "final_sugar_price_per_kw": "",
        "final_molasses_price_per_kg": "",
    }
    return client.post(reverse("season-close"), {**data, **extra})


def test_the_page_previews_then_commits_once(
    hw, issued, client, django_capture_on_commit_callbacks
):
    client.force_login(hw.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, hw)
    run = SeasonClose.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("season-close-run", args=[run.pk])
    assert run.status == SeasonCloseStatus.PREVIEWED
    assert not DeliveryOrder.objects.filter(final_settlement=True).exists()
    page = html(client.get(response.url))
    assert (
        'data-testid="season-close-totals"' in page and 'data-testid="season-close-commit"' in page
    )
    assert hw.farmer.name in page and hw.south_farmer.name in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("season-close-commit", args=[run.pk]))
    finals = DeliveryOrder.objects.filter(final_settlement=True)
    assert finals.count() == 2
    page = html(client.get(response.url))
    assert all(order.number in page for order in finals)
    assert 'http-equiv="refresh"' not in page and 'data-testid="season-close-commit"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("season-close-commit", args=[run.pk]), follow=True)
    assert again.status_code == 200 and 'data-testid="run-done"' in html(again)
    assert finals.count() == 2


def test_the_farmer_sees_his_final_do_in_his_list(hw, issued, client):
    run = request_season_close(by=hw.manager, season=hw.season, final_rendemen_percent=D("7.4"))
    carry_out(request_commit(by=hw.manager, run=carry_out(run.pk)).pk)
    final = DeliveryOrder.objects.get(final_settlement=True, farmer=hw.farmer)
    paid = DeliveryOrder.objects.get(final_settlement=False, farmer=hw.farmer)
    client.force_login(farmer_user(hw.farmer))
    assert final.number in html(client.get(reverse("my-dos")))
    detail = html(client.get(reverse("my-do", args=[final.pk])))
    assert _("DO %(number)s at the final figures") % {"number": paid.number} in detail
    # The what-if calculator has nothing to settle again on a final DO: no error either.
    assert client.get(reverse("my-do", args=[final.pk]), {"rendemen": "8"}).status_code == 200
    client.force_login(hw.manager)
    staff_page = client.get(reverse("do-detail", args=[final.pk]))
    assert staff_page.status_code == 200 and final.number in html(staff_page)


def test_another_mills_staff_cannot_see_or_commit_the_run(hw, issued, client):
    run = carry_out(request_season_close(by=hw.manager, season=hw.season).pk)
    client.force_login(hw.other_sinder)
    assert client.get(reverse("season-close-run", args=[run.pk])).status_code == 404
    assert client.post(reverse("season-close-commit", args=[run.pk])).status_code == 404
    assert run.farmers.filter(committed=True).count() == 0


def test_a_farmer_cannot_open_the_staff_pages(hw, issued, client):
    run = carry_out(request_season_close(by=hw.manager, season=hw.season).pk)
    client.force_login(farmer_user(hw.farmer))
    for url in (reverse("season-close"), reverse("season-close-run", args=[run.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("season-close-commit", args=[run.pk])).status_code == 403


def test_staff_who_may_not_settle_cannot_commit(hw, issued, client):
    run = carry_out(request_season_close(by=hw.manager, season=hw.season).pk)
    client.force_login(hw.qc)
    assert client.get(reverse("season-close")).status_code == 403
    assert client.post(reverse("season-close-commit", args=[run.pk])).status_code == 403
    assert not DeliveryOrder.objects.filter(final_settlement=True).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("final_rendemen_percent", "25"),
        ("final_sugar_price_per_kw", "-5"),
        ("final_sugar_price_per_kw", "abc"),
    ],
)
def test_bad_figures_are_refused_beside_the_field(hw, issued, client, field, value):
    client.force_login(hw.manager)
    response = start(client, hw, **{field: value})
    assert response.status_code == 200 and not SeasonClose.objects.exists()
    assert 'aria-invalid="true"' in html(response) or "form-error" in html(response)


def test_a_season_without_a_closing_scheme_says_so(hw, client):
    client.force_login(hw.manager)
    response = start(client, hw)
    assert response.status_code == 200 and not SeasonClose.objects.exists()
    assert hw.season.name in html(response)  # the refusal names the season, above the form


def test_committing_a_farmer_does_not_query_per_do(hw):
    """One farmer with one DO, the other with four: their commits take as many queries."""
    hw.scheme.final_rendemen_basis = FinalRendemenBasis.MILL_AVERAGE
    hw.scheme.save()
    for farmer, plot, dos in ((hw.farmer, hw.plot, 1), (hw.south_farmer, hw.south_plot, 4)):
        for _load in range(dos):
            load = deliver(hw, net_kg=D("10000"), rendemen=D("7.0"), plot=plot)
            issue_do(do=settled(hw, [load], farmer=farmer, credit_deductions=()), by=hw.manager)
    run = request_season_close(by=hw.manager, season=hw.season, final_rendemen_percent=D("7.4"))
    run = request_commit(by=hw.manager, run=carry_out(run.pk))
    run = SeasonClose.objects.select_related("mill", "season").get(pk=run.pk)  # as the worker
    policy = HarvestPolicy.for_mill(hw.mill)
    counts = {}
    for row in run.farmers.all():
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            commit_farmer(
                run=run, row_id=row.pk, by=hw.manager, policy=policy, number=f"F/{row.pk}"
            )
        counts[row.farmer_id] = len(queries)
    assert DeliveryOrder.objects.filter(final_settlement=True).count() == 2
    assert counts[hw.farmer.pk] == counts[hw.south_farmer.pk] <= 20


def test_a_regions_staff_see_only_their_regions_farmers(hw, issued, client):
    run = carry_out(request_season_close(by=hw.manager, season=hw.season).pk)
    client.force_login(hw.sinder)  # the north region's field officer
    page = html(client.get(reverse("season-close-run", args=[run.pk])))
    assert hw.farmer.name in page and hw.south_farmer.name not in page


def _commit_queries(hw) -> int:
    run = request_season_close(by=hw.manager, season=hw.season, final_rendemen_percent=D("7.4"))
    run = request_commit(by=hw.manager, run=carry_out(run.pk))
    run = SeasonClose.objects.select_related("mill", "season").get(pk=run.pk)  # as the worker
    with CaptureQueriesContext(connection) as queries:
        season_close.commit(run)
    assert run.farmers.filter(committed=True).count() == 2
    return len(queries)


def test_committing_a_chunk_takes_as_many_queries_whatever_the_dos(hw):
    hw.scheme.final_rendemen_basis = FinalRendemenBasis.MILL_AVERAGE
    hw.scheme.save()

    def pay(farmer, plot, dos):
        for _load in range(dos):
            load = deliver(hw, net_kg=D("10000"), rendemen=D("7.0"), plot=plot)
            issue_do(do=settled(hw, [load], farmer=farmer, credit_deductions=()), by=hw.manager)

    pay(hw.farmer, hw.plot, 1)
    pay(hw.south_farmer, hw.south_plot, 1)
    few = _commit_queries(hw)
    # Reopened (only for this count): the farmers' rows and final DOs go, four DOs more each.
    SeasonCloseFarmer.objects.all().delete()
    DeliveryOrder.objects.filter(final_settlement=True).delete()
    pay(hw.farmer, hw.plot, 4)
    pay(hw.south_farmer, hw.south_plot, 4)
    assert _commit_queries(hw) == few


@pytest.mark.parametrize(
    ("parameters", "accepted"),
    [
        (
            {"kind": "flat_value_share", "flat_farmer_share": "0.65", "sugar_price_per_kw": "1"},
            True,
        ),
        ({"kind": "price_per_kg", "contract_price_per_kg": "380"}, False),
    ],
)
def test_the_scheme_page_sets_the_season_close(hw, client, parameters, accepted):
    SettlementScheme.objects.filter(mill=hw.mill).update(effective_to="2029-12-31")
    client.force_login(hw.manager)
    response = client.post(
        reverse("scheme-create"),
        {
            "season": hw.season.pk,
            "name": "Coba",
            "parameters": json.dumps(parameters),
            "effective_from": "2030-01-01",
            "final_rendemen_basis": "farmer",
        },
    )
    created = SettlementScheme.objects.filter(name="Coba").first()
    if accepted:
        assert response.status_code == 302 and created.final_rendemen_basis == "farmer"
    else:
        # Cane bought by weight does not depend on the rendemen: refused beside the field.
        assert response.status_code == 200 and created is None
        assert response.context["form"].errors.get("final_rendemen_basis")
