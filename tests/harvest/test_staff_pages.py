"""The staff pages from harvest to payment: each renders for its role and hands its form to the
service; refusals show beside the field."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harvest.models import DeliveryOrder, DoStatus, RendemenAnalysis, Spta, Weighing
from harvest.services.delivery_orders import issue_do
from harvest.services.schemes import end_scheme
from tests.factories import DJATIROTO_SCHEME, DeliveryOrderFactory, SptaFactory
from tests.harvest.helpers import deliver, html, settled, weigh

pytestmark = pytest.mark.django_db

D = Decimal


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_field_staff_issue_an_spta_and_print_it_with_a_qr_code(hw, client):
    client.force_login(hw.sinder)
    assert client.get(reverse("spta-issue")).status_code == 200

    response = client.post(
        reverse("spta-issue"),
        {
            "plot": hw.plot.pk,
            "cutting_date": timezone.localdate().isoformat(),
            "quota_kw": "80",
            "truck_plate": "P 1 A",
            "driver_name": "Karto",
        },
    )

    spta = Spta.objects.get()
    assert response.status_code == 302 and response.url == reverse("spta-detail", args=[spta.pk])
    page = client.get(response.url).content.decode().replace("<wbr>", "")
    assert spta.number in page
    assert '<svg role="img"' in page and "viewBox" in page  # inline QR, drawn on the server
    qr = page.split('data-testid="spta-qr"')[1].split("</svg>")[0]
    assert "href" not in qr and "src=" not in qr  # nothing fetched from the internet


def test_spta_list_and_cutting_schedule(hw, client):
    SptaFactory(plot=hw.plot, quota_kw=D("80"))
    client.force_login(hw.sinder)

    assert hw.plot.code in client.get(reverse("spta-list")).content.decode().replace("<wbr>", "")
    page = client.get(reverse("cutting-schedule")).content.decode().replace("<wbr>", "")
    assert 'data-testid="schedule-days"' in page
    assert hw.plot.code in page  # contracted plot without a planting date is listed
    assert hw.south_plot.code not in page  # another region's


def test_weighbridge_fast_entry_and_the_refusal_beside_the_field(hw, client):
    spta = SptaFactory(plot=hw.plot)
    client.force_login(hw.clerk)
    now = timezone.now()
    form = {
        "spta_number": spta.number,
        "gross_kg": "7000",
        "tare_kg": "15000",
        "trash_percent": "0",
        "cut_at": local(now - timedelta(hours=5)),
        "arrived_at": local(now - timedelta(hours=1)),
    }

    refused = client.post(reverse("weighing-entry"), form)
    assert refused.status_code == 200
    assert "lebih besar dari berat bruto" in refused.content.decode().replace("<wbr>", "")
    assert not Weighing.objects.exists()

    accepted = client.post(
        reverse("weighing-entry"), {**form, "gross_kg": "15000", "tare_kg": "7000"}
    )
    assert accepted.status_code == 302
    assert Weighing.objects.get().net_kg == D("8000")

    again = client.post(reverse("weighing-entry"), form)
    assert "sudah dipakai" in again.content.decode().replace("<wbr>", "")
    assert Weighing.objects.count() == 1


def test_qc_records_rendemen_from_readings_on_the_page(hw, client):
    spta = SptaFactory(plot=hw.plot)
    weighing = weigh(hw, spta)
    client.force_login(hw.qc)
    assert spta.number in client.get(reverse("rendemen-page")).content.decode().replace("<wbr>", "")

    response = client.post(
        reverse("rendemen-page"),
        {
            "weighings": [weighing.pk],
            "brix_reading": "20",
            "temperature_correction": "0.2",
            "pol_reading": "65",
            "specific_gravity": "1.08",
            "dilution_factor": "1",
            "extraction_factor": "0.5",
        },
    )

    assert response.status_code == 302
    assert RendemenAnalysis.objects.get().rendemen_percent == D("6.91")


def test_rendemen_of_25_is_refused_on_the_page(hw, client):
    weighing = weigh(hw, SptaFactory(plot=hw.plot))
    client.force_login(hw.qc)

    response = client.post(
        reverse("rendemen-page"),
        {"weighings": [weighing.pk], "rendemen_percent": "25", "direct_reason": "lab book"},
    )

    assert response.status_code == 200
    assert "antara 0 dan 20" in response.content.decode().replace("<wbr>", "")
    assert not RendemenAnalysis.objects.exists()


def test_manager_adds_a_scheme_on_the_page(hw, client):
    end_scheme(scheme=hw.scheme, by=hw.manager, effective_to=hw.scheme.effective_from)
    client.force_login(hw.manager)
    assert client.get(reverse("scheme-create")).status_code == 200

    response = client.post(
        reverse("scheme-create"),
        {
            "season": hw.season.pk,
            "name": "Bagi hasil 2026",
            "parameters": json.dumps(DJATIROTO_SCHEME),
            "effective_from": "2026-01-01",
        },
    )

    assert response.status_code == 302
    assert "Bagi hasil 2026" in html(client.get(reverse("scheme-list")))


def test_do_register_filters_by_status_region_and_overdue(hw, client):
    late = DeliveryOrderFactory(
        farmer=hw.farmer,
        scheme=hw.scheme,
        expected_payment_on=timezone.localdate() - timedelta(days=3),
    )
    paid = DeliveryOrderFactory(farmer=hw.farmer, scheme=hw.scheme, status=DoStatus.PAID)
    south = DeliveryOrderFactory(farmer=hw.south_farmer, scheme=hw.scheme)
    client.force_login(hw.manager)

    def numbers(query: str) -> set[str]:
        page = client.get(reverse("do-register") + query).content.decode().replace("<wbr>", "")
        return {o.number for o in (late, paid, south) if o.number in page}

    assert numbers("") == {late.number, paid.number, south.number}
    assert numbers("?status=paid") == {paid.number}
    assert numbers(f"?region={hw.south.pk}") == {south.number}
    assert numbers("?overdue=true") == {late.number}
    overdue = client.get(reverse("do-overdue")).content.decode().replace("<wbr>", "")
    assert late.number in overdue and south.number not in overdue
    by_days = client.get(reverse("do-overdue") + "?days=5").content.decode().replace("<wbr>", "")
    assert late.number in by_days and south.number in by_days and paid.number not in by_days


def test_batch_settlement_page(hw, client, django_capture_on_commit_callbacks):
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))
    client.force_login(hw.manager)
    today = timezone.localdate().isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("do-batch"),
            {"season": hw.season.pk, "start": today, "end": today, "natura_consumed_kw": "0"},
        )
    response = client.get(response.url)

    assert response.status_code == 200
    order = DeliveryOrder.objects.get()
    assert order.number in response.content.decode().replace("<wbr>", "")


def test_do_page_draft_credit_line_issue_and_two_instalments(hw, client):
    order = settled(hw, [deliver(hw, net_kg=D("30000"), rendemen=D("7"))])
    client.force_login(hw.manager)
    assert client.get(reverse("do-detail", args=[order.pk])).status_code == 200

    client.post(
        reverse("do-update-draft", args=[order.pk]),
        {"natura_consumed_kw": "0", "credit_deductions": "KUR angsuran; 1.500.000"},
    )
    order.refresh_from_db()
    assert order.line("deduction_credit").amount == D("1500000")

    client.post(reverse("do-issue", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == DoStatus.ISSUED
    half = str((order.payable / 2).quantize(D("0.01")))
    today = timezone.localdate().isoformat()
    client.force_login(hw.credit)
    client.post(
        reverse("do-payment", args=[order.pk]),
        {"paid_on": today, "amount": half, "method": "transfer", "reference": "TRF-1"},
    )
    order.refresh_from_db()
    assert order.status == DoStatus.PARTLY_PAID
    rest = str(order.payable - D(half))
    client.post(
        reverse("do-payment", args=[order.pk]),
        {"paid_on": today, "amount": rest, "method": "transfer", "reference": "TRF-2"},
    )
    order.refresh_from_db()
    assert order.status == DoStatus.PAID

    page = client.get(reverse("do-detail", args=[order.pk])).content.decode().replace("<wbr>", "")
    assert page.count('data-testid="do-payment"') == 2


def test_adjustment_on_the_page_needs_a_reason(hw, client):
    order = settled(hw, [deliver(hw, net_kg=D("30000"), rendemen=D("7"))])
    issue_do(do=order, by=hw.manager)
    client.force_login(hw.credit)

    response = client.post(
        reverse("do-adjust", args=[order.pk]),
        {"reason": "", "natura_consumed_kw": "0", "other_deductions": "Iuran; 25000"},
        follow=True,
    )
    assert not order.adjustments.exists()
    assert 'class="flash flash-error"' in response.content.decode().replace("<wbr>", "")

    client.post(
        reverse("do-adjust", args=[order.pk]),
        {"reason": "Iuran kelompok", "natura_consumed_kw": "0", "other_deductions": "Iuran; 25000"},
    )
    assert order.adjustments.get().by == hw.credit


def test_roles_without_the_step_are_refused(hw, client):
    client.force_login(hw.sinder)
    assert client.get(reverse("weighing-entry")).status_code == 403
    assert client.get(reverse("rendemen-page")).status_code == 403
    assert client.get(reverse("do-batch")).status_code == 403
    client.force_login(hw.clerk)
    assert client.get(reverse("spta-issue")).status_code == 403
