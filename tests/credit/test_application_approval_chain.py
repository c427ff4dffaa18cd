"""Issue 12.5 for credit: a KUR application is approved only after every step of its product's
chain (RDKK approval by the assistant manager and the cane manager, the signature at Disbun, the
cooperative's survey, then the creditworthiness decision), each by another person holding the
step's role or position, never by who entered it; a step sends it back with a reason; the
farmer sees the steps and where it waits; staff see what waits on them."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import escape
from rest_framework.test import APIClient

from credit.models import ApplicationApproval, ApplicationStatus
from credit.services import approvals, workflow
from partners.models import Decision
from tebu_site.models import Role
from tests.approvals import holder_of, made_it_yourself, took_a_step, walk_application_chain
from tests.credit.helpers import kur_application, to_verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
S = ApplicationStatus


def verified(cw, **kwargs):
    return to_verified(cw, kur_application(cw, **kwargs), walk=False)


def test_kur_has_the_studys_chain_by_default(cw):
    state = approvals.application_chain_state(verified(cw))
    assert [(s.step.position and s.step.position.code, s.step.role) for s in state.steps] == [
        ("assistant_manager", ""),
        ("cane_manager", ""),
        ("disbun_liaison", ""),
        ("cooperative_surveyor", ""),
        (None, Role.CREDIT_OFFICER),
    ]


def test_kur_is_approved_only_after_every_step_each_by_another_person(cw):
    application = verified(cw)
    first = approvals.application_chain_state(application).waiting
    with pytest.raises(ValidationError, match=re.escape(first.name)):
        workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    takers = []
    for _index in range(4):
        state = approvals.application_chain_state(application)
        user = holder_of(state.waiting, cw.mill)
        approvals.approve_step(application=application, by=user, note="ok")
        takers.append(user)
        application.refresh_from_db()
        assert application.status == S.VERIFIED
    with pytest.raises(ValidationError, match="amount"):
        approvals.approve_step(application=application, by=cw.credit)
    workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    application.refresh_from_db()
    assert application.status == S.APPROVED and application.approved_amount == D("60000000")
    rows = list(ApplicationApproval.objects.filter(application=application).order_by("at", "id"))
    assert [row.by for row in rows] == [*takers, cw.credit]
    assert [row.step.order for row in rows] == [1, 2, 3, 4, 5]
    assert all(row.decision == Decision.APPROVED for row in rows)


def test_one_person_takes_one_step(cw):
    application = verified(cw)
    state = approvals.application_chain_state(application)
    both = holder_of(state.steps[0].step, cw.mill)
    state.steps[1].step.position.holders.add(both)
    approvals.approve_step(application=application, by=both)
    with pytest.raises(PermissionDenied, match=re.escape(took_a_step())):
        approvals.approve_step(application=application, by=both)


def test_the_officer_who_entered_the_application_cannot_decide_it(cw):
    application = to_verified(cw, kur_application(cw, by=cw.credit))
    with pytest.raises(PermissionDenied, match=re.escape(made_it_yourself())):
        workflow.approve_application(application=application, by=cw.credit, amount=D("60000000"))
    other = UserFactory(role=Role.CREDIT_OFFICER, mills=[cw.mill])
    workflow.approve_application(application=application, by=other, amount=D("60000000"))
    application.refresh_from_db()
    assert application.status == S.APPROVED


def test_the_field_officer_who_entered_it_cannot_take_a_step_on_the_page_or_the_api(cw, client):
    application = verified(cw)  # entered by cw.sinder
    state = approvals.application_chain_state(application)
    state.waiting.position.holders.add(cw.sinder)
    client.force_login(cw.sinder)
    page = client.get(f"/credit/applications/{application.pk}/").content.decode()
    assert 'data-testid="chain-approve"' not in page and made_it_yourself() in page
    response = client.post(f"/credit/applications/{application.pk}/approve/", {"note": "ok"})
    assert response.status_code == 302
    api = APIClient()
    api.force_authenticate(cw.sinder)
    response = api.post(f"/api/credit/applications/{application.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert not ApplicationApproval.objects.filter(application=application).exists()

    assistant = holder_of(state.waiting, cw.mill)
    client.force_login(assistant)
    client.post(f"/credit/applications/{application.pk}/approve/", {"note": "RDKK sesuai"})
    row = ApplicationApproval.objects.get(application=application)
    assert row.by == assistant and row.note == "RDKK sesuai"
    # The decision on the page asks for the amount.
    walk_application_chain(application)
    client.force_login(cw.credit)
    page = client.get(f"/credit/applications/{application.pk}/").content.decode()
    assert 'name="chain-amount"' in page
    client.post(
        f"/credit/applications/{application.pk}/approve/",
        {"chain-amount": "60000000", "chain-approved_on": "2019-01-10", "chain-note": ""},
    )
    application.refresh_from_db()
    assert application.status == S.APPROVED


def test_a_step_sends_it_back_with_a_reason_and_the_chain_starts_again(cw):
    application = verified(cw)
    first = walk_application_chain(application)
    assert len(first) == 4
    with pytest.raises(ValidationError):
        approvals.send_back(application=application, by=cw.credit, reason="")
    approvals.send_back(application=application, by=cw.credit, reason="Agunan kurang")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.status_changes.order_by("-at", "-id").first().note.endswith("Agunan kurang")
    workflow.mark_documents_complete(application=application, by=cw.credit)
    workflow.verify_application(application=application, by=cw.credit)
    application.refresh_from_db()
    state = approvals.application_chain_state(application)
    assert state.done_count == 0 and state.waiting.order == 1
    assert state.sent_back[0].note == "Agunan kurang"


def test_the_farmer_sees_the_steps_and_where_his_application_waits(cw, client):
    application = verified(cw)
    takers = []
    for _index in range(2):
        state = approvals.application_chain_state(application)
        takers.append(holder_of(state.waiting, cw.mill))
        approvals.approve_step(application=application, by=takers[-1])
    state = approvals.application_chain_state(application)
    client.force_login(cw.farmer_login)
    page = client.get("/credit/my/").content.decode()
    for entry in state.steps:
        assert escape(entry.step.name) in page
    assert page.count('data-state="done"') == 2
    assert page.count('data-state="waiting"') == 1
    assert f"<strong>{escape(state.waiting.name)}</strong>" in page  # "Waiting on: ..."
    assert 'data-testid="chain-approve"' not in page
    assert takers[0].username not in page  # staff names stay on the staff pages

    api = APIClient()
    api.force_authenticate(cw.farmer_login)
    chain = api.get(f"/api/credit/applications/{application.pk}/").json()["approval_chain"]
    assert chain["waiting_on"] == state.waiting.name
    assert [s["state"] for s in chain["steps"]] == ["done", "done", "waiting", "ahead", "ahead"]
    assert all(s["by"] is None for s in chain["steps"])
    # Another farmer sees nothing of it.
    api.force_authenticate(cw.south_login)
    assert api.get(f"/api/credit/applications/{application.pk}/").status_code == 404


def test_waiting_on_me_by_role_and_position_scoped(cw, client):
    application = verified(cw)
    state = approvals.application_chain_state(application)
    assistant = holder_of(state.waiting, cw.mill)
    client.force_login(assistant)
    assert application.number in client.get("/credit/applications/waiting-on-me/").content.decode()
    client.force_login(cw.manager)  # a manager without the position
    assert (
        application.number not in client.get("/credit/applications/waiting-on-me/").content.decode()
    )
    cw.mill.positions.get(code="assistant_manager").holders.add(cw.other_manager)
    api = APIClient()
    api.force_authenticate(cw.other_manager)  # holds the position, but at another mill
    assert api.get("/api/credit/applications/waiting-on-me/").json()["results"] == []
    api.force_authenticate(assistant)
    numbers = [
        a["number"] for a in api.get("/api/credit/applications/waiting-on-me/").json()["results"]
    ]
    assert numbers == [application.number]
