"""Issue 12.5: a plot drawing is approved only after every step of its mill's chain (the
Semboro E-Farming default: GIS operator, surveyor, QC, KKW, assistant manager, cane manager),
each by another person holding the step's role or position, never by who drew it; a step can
send it back with a reason; the queue "waiting on me" shows each person the plots they may sign."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from partners.models import Decision, PlotApproval, RegistrationStatus
from partners.selectors_approvals import plot_chain_state
from partners.services import registration
from partners.services.plots import add_plot
from tebu_site.models import Role
from tests.approvals import holder_of, made_it_yourself, took_a_step, walk_plot_chain
from tests.factories import UserFactory, square

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def drawn_by_sinder(world, code="P-100"):
    """The sinder registers the plot with its GPS polygon (he drew it); QC checks overlaps;
    the KKW validation is the sinder's too."""
    plot = add_plot(
        by=world.sinder,
        farmer=world.farmer,
        code=code,
        area_ha=Decimal("1.0000"),
        land_type="sawah",
        crop_class="pc",
        geometry=square(113.45, -8.2),
    )
    registration.check_overlaps(plot=plot, by=world.qc)
    registration.validate_plot(plot=plot, by=world.sinder)
    plot.refresh_from_db()
    return plot


def test_the_mill_has_the_e_farming_chain_by_default(world):
    plot = drawn_by_sinder(world)
    state = plot_chain_state(plot)
    assert [(s.step.role, s.step.position and s.step.position.code) for s in state.steps] == [
        ("", "gis_operator"),
        ("", "surveyor"),
        (Role.QC, None),
        (Role.FIELD_STAFF, None),
        ("", "assistant_manager"),
        ("", "cane_manager"),
    ]
    assert state.waiting == state.steps[0].step


def test_plot_is_approved_only_after_every_step_each_by_another_person(world):
    plot = drawn_by_sinder(world)
    takers = []
    for index in range(6):
        state = plot_chain_state(plot)
        assert plot.registration_status == S.VALIDATED, f"approved after {index} steps"
        user = holder_of(state.waiting, world.mill, [world.north])
        registration.approve_plot(plot=plot, by=user, note=f"step {index + 1}")
        takers.append(user)
        plot.refresh_from_db()
    assert plot.registration_status == S.APPROVED
    rows = list(PlotApproval.objects.filter(plot=plot).order_by("at", "id"))
    assert [row.step.order for row in rows] == [1, 2, 3, 4, 5, 6]
    assert [row.by for row in rows] == takers
    assert [row.note for row in rows] == [f"step {i}" for i in range(1, 7)]
    assert all(row.decision == Decision.APPROVED for row in rows)
    # The approval itself is a registration step naming the last approver.
    last = plot.registration_steps.order_by("-at", "-id").first()
    assert last.action == "approve" and last.by == takers[-1]


def test_one_person_takes_one_step_even_holding_two_positions(world):
    plot = drawn_by_sinder(world)
    state = plot_chain_state(plot)
    both = holder_of(state.steps[0].step, world.mill)
    state.steps[1].step.position.holders.add(both)
    registration.approve_plot(plot=plot, by=both)
    with pytest.raises(PermissionDenied, match=re.escape(took_a_step())):
        registration.approve_plot(plot=plot, by=both)
    assert plot_chain_state(plot).done_count == 1


def test_a_user_without_the_steps_role_or_position_cannot_take_it(world):
    plot = drawn_by_sinder(world)
    with pytest.raises(PermissionDenied):
        registration.approve_plot(plot=plot, by=world.manager)  # holds no GIS operator position
    walk_plot_chain(plot, leave=4)  # waiting on QC
    other_mill_qc = UserFactory(role=Role.QC, mills=[world.other_mill])
    with pytest.raises(PermissionDenied):
        registration.approve_plot(plot=plot, by=other_mill_qc)
    registration.approve_plot(plot=plot, by=world.qc)
    assert plot_chain_state(plot).done_count == 3


def test_the_field_officer_who_drew_the_plot_cannot_approve_it_by_the_service(world):
    plot = drawn_by_sinder(world)
    walk_plot_chain(plot, leave=3)  # waiting on the KKW, the sinder's role
    assert plot_chain_state(plot).waiting.role == Role.FIELD_STAFF
    with pytest.raises(PermissionDenied, match=re.escape(made_it_yourself())):
        registration.approve_plot(plot=plot, by=world.sinder)
    assert not PlotApproval.objects.filter(plot=plot, by=world.sinder).exists()


def test_the_field_officer_who_drew_the_plot_cannot_approve_it_on_the_page(world, client):
    plot = drawn_by_sinder(world)
    walk_plot_chain(plot, leave=3)
    client.force_login(world.sinder)
    page = client.get(f"/plots/{plot.pk}/").content.decode()
    assert 'data-testid="chain-approve"' not in page
    assert made_it_yourself() in page
    response = client.post(f"/plots/{plot.pk}/step/approve/", {"note": "ok"}, follow=True)
    assert made_it_yourself() in response.content.decode()
    plot.refresh_from_db()
    assert plot.registration_status == S.VALIDATED
    assert plot_chain_state(plot).done_count == 3

    # Another KKW of the region takes the step from the same page.
    kkw = UserFactory(role=Role.FIELD_STAFF, mills=[world.mill], regions=[world.north])
    client.force_login(kkw)
    assert 'data-testid="chain-approve"' in client.get(f"/plots/{plot.pk}/").content.decode()
    client.post(f"/plots/{plot.pk}/step/approve/", {"note": "batas sesuai"})
    assert plot_chain_state(plot).done_count == 4


def test_the_field_officer_who_drew_the_plot_cannot_approve_it_through_the_api(world):
    plot = drawn_by_sinder(world)
    walk_plot_chain(plot, leave=3)
    api = APIClient()
    api.force_authenticate(world.sinder)
    response = api.post(f"/api/plots/{plot.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert made_it_yourself() in response.json()["detail"]
    detail = api.get(f"/api/plots/{plot.pk}/").json()
    chain = detail["approval_chain"]
    assert detail["registration_status"] == "validated"
    assert chain["waiting_on"] == plot_chain_state(plot).waiting.name
    assert [s["state"] for s in chain["steps"]] == ["done"] * 3 + ["waiting", "ahead", "ahead"]

    kkw = UserFactory(role=Role.FIELD_STAFF, mills=[world.mill], regions=[world.north])
    api.force_authenticate(kkw)
    assert (
        api.post(f"/api/plots/{plot.pk}/approve/", {"note": "ok"}, format="json").status_code == 200
    )


def test_a_step_sends_the_plot_back_with_a_reason_and_the_chain_starts_again(world):
    plot = drawn_by_sinder(world)
    first_round = walk_plot_chain(plot, leave=4)
    with pytest.raises(ValidationError):
        registration.send_back_plot(plot=plot, by=world.qc, reason="  ")
    registration.send_back_plot(plot=plot, by=world.qc, reason="Batas timur tidak sesuai")
    plot.refresh_from_db()
    assert plot.registration_status == S.SURVEYED
    sent = PlotApproval.objects.get(plot=plot, decision=Decision.SENT_BACK)
    assert sent.by == world.qc and sent.note == "Batas timur tidak sesuai"

    registration.record_survey(plot=plot, geometry=square(113.45, -8.2), by=world.sinder)
    registration.check_overlaps(plot=plot, by=world.qc)
    registration.validate_plot(plot=plot, by=world.sinder)
    plot.refresh_from_db()
    state = plot_chain_state(plot)
    assert state.done_count == 0 and state.waiting.order == 1
    assert state.sent_back[0].note == "Batas timur tidak sesuai"
    # The people of the first round may sign again in the new one.
    registration.approve_plot(plot=plot, by=first_round[0])
    assert plot_chain_state(plot).done_count == 1


def test_waiting_on_me_lists_the_plots_whose_step_is_mine_scoped(world, client):
    plot = drawn_by_sinder(world)
    gis = holder_of(plot_chain_state(plot).waiting, world.mill)
    client.force_login(gis)
    page = client.get("/plots/waiting-on-me/").content.decode()
    assert plot.code in page
    client.force_login(world.qc)
    assert plot.code not in client.get("/plots/waiting-on-me/").content.decode()

    walk_plot_chain(plot, leave=4)  # now waiting on QC
    assert plot.code in client.get("/plots/waiting-on-me/").content.decode()
    other_qc = UserFactory(role=Role.QC, mills=[world.other_mill])
    client.force_login(other_qc)
    assert plot.code not in client.get("/plots/waiting-on-me/").content.decode()

    api = APIClient()
    api.force_authenticate(world.qc)
    codes = [p["code"] for p in api.get("/api/plots/waiting-on-me/").json()["results"]]
    assert codes == [plot.code]
    api.force_authenticate(other_qc)
    assert api.get("/api/plots/waiting-on-me/").json()["results"] == []
