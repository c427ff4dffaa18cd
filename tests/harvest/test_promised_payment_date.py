"""A DO past its date tells the farmer when he will be paid and whom to ask (issue 14.2): the
mill records a new date with a reason (audited, told by notice), the farmer's page shows it or
says none was given, with his field officer's phone."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder
from harvest.services.delivery_orders import issue_do, promise_payment
from notices.models import Notice
from tebu_site.history import changes
from tests.factories import farmer_user
from tests.harvest.helpers import deliver, html, settled

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(hw):
    order = issue_do(
        do=settled(hw, [deliver(hw, net_kg=D("90000"), rendemen=D("7"))]), by=hw.manager
    )
    DeliveryOrder.objects.filter(pk=order.pk).update(
        issued_at=timezone.now() - timedelta(days=40),
        expected_payment_on=timezone.localdate() - timedelta(days=10),
    )
    hw.sinder.first_name, hw.sinder.last_name, hw.sinder.phone = "Dewi", "Lestari", "0812 3456 7890"
    hw.sinder.save()
    hw.north.field_staff.add(hw.sinder)
    return DeliveryOrder.objects.get(pk=order.pk)


def _summary(client, order) -> str:
    page = html(client.get(reverse("my-do", args=[order.pk])))
    return page.split('data-testid="do-summary"')[1].split("</section>")[0]


def test_before_a_promise_the_farmer_reads_that_none_was_given_and_whom_to_call(hw, late, client):
    client.force_login(farmer_user(hw.farmer))
    summary = _summary(client, late)
    assert 'data-testid="do-no-promise"' in summary
    ask = summary.split('data-testid="do-who-to-ask"')[1].split("</p>")[0]
    assert "Dewi Lestari" in ask and 'href="tel:081234567890"' in ask


def test_the_mill_promises_a_date_with_a_reason_and_the_farmer_reads_it(hw, late, client):
    new_date = timezone.localdate() + timedelta(days=7)
    client.force_login(hw.manager)
    response = client.post(
        reverse("do-promise", args=[late.pk]),
        {"on": new_date.isoformat(), "reason": "Lelang gula minggu ini belum cair"},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.promised_payment_on, late.promised_by) == (new_date, hw.manager)
    # Audited: who promised, the date before and after.
    promise = changes(late, late.history.order_by("history_date", "history_id"))[-1]
    assert (promise.before.promised_payment_on, promise.after.promised_payment_on) == (
        None,
        new_date,
    )
    assert promise.by == hw.manager
    assert Notice.objects.filter(farmer=hw.farmer, event="do_payment_promised").exists()
    assert late.expected_payment_on < timezone.localdate()  # the contract's date stays

    client.force_login(farmer_user(hw.farmer))
    promise = _summary(client, late).split('data-testid="do-promise"')[1].split("</div>")[0]
    assert new_date.strftime("%Y") in promise and "Lelang gula minggu ini belum cair" in promise


def test_a_date_in_the_past_or_no_reason_is_refused(hw, late):
    with pytest.raises(ValidationError) as caught:
        promise_payment(
            do=late, by=hw.manager, on=timezone.localdate() - timedelta(days=1), reason=" "
        )
    assert set(caught.value.message_dict) == {"on", "reason"}
    late.refresh_from_db()
    assert late.promised_payment_on is None


def test_staff_of_another_mill_cannot_promise(hw, late, client):
    client.force_login(hw.other_sinder)
    response = client.post(
        reverse("do-promise", args=[late.pk]),
        {"on": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert response.status_code == 404
    late.refresh_from_db()
    assert late.promised_payment_on is None
