"""Each role's home answers its question first (issue 14): its daily actions at the top; the
weighbridge clerk sees the trucks to expect, the lab the loads waiting for rendemen; the
manager's main button is no longer "register a farmer"."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SptaFactory
from tests.harvest.helpers import deliver, html, spta_today, weigh

pytestmark = pytest.mark.django_db

D = Decimal


def home(client, user) -> str:
    client.force_login(user)
    return html(client.get(reverse("home")))


def first_action(page: str) -> str:
    return page.split('data-testid="home-action">')[1].split("<")[0]


def test_each_role_starts_from_its_own_actions(hw, client):
    manager, sinder, clerk, qc = (home(client, u) for u in (hw.manager, hw.sinder, hw.clerk, hw.qc))
    assert first_action(manager) in ("Partnership scorecard", "Kartu kinerja kemitraan")
    assert 'href="/farmers/new/"' not in manager.split('data-testid="home-actions"')[1][:600]
    assert f'href="{reverse("farmer-create")}"' in sinder.split("</nav>", 2)[1]
    assert f'href="{reverse("spta-issue")}"' in sinder
    assert f'href="{reverse("weighing-entry")}"' in clerk.split('data-testid="home-actions"')[1]
    assert f'href="{reverse("rendemen-page")}"' in qc.split('data-testid="home-actions"')[1]
    # Every action opens for its role.
    for user in (hw.manager, hw.sinder, hw.clerk, hw.qc):
        client.force_login(user)
        page = home(client, user).split('data-testid="home-actions"')[1].split("</nav>")[0]
        for href in [part.split('"')[0] for part in page.split('href="')[1:]]:
            assert client.get(href).status_code == 200, (user.role, href)


def test_the_clerk_sees_the_trucks_to_expect_and_the_loads_of_the_day(hw, client):
    waiting = spta_today(hw)
    weigh(hw, spta_today(hw))
    SptaFactory(  # another mill's truck, valid today
        plot=hw.other_plot,
        cutting_date=timezone.localdate(),
        expires_at=timezone.now() + timedelta(hours=12),
    )
    page = home(client, hw.clerk)
    card = page.split('data-testid="weighbridge-queue"')[1].split("</article>")[0]
    assert 'data-testid="queue-count">1<' in card
    assert f"{waiting.short_number}</strong> · {waiting.farmer.name}" in card
    assert "1 load weighed today" in card or "1 muatan ditimbang hari ini" in card
    assert 'data-testid="weighbridge-queue"' not in home(client, hw.manager)


def test_the_lab_sees_the_loads_waiting_for_rendemen(hw, client):
    weigh(hw, spta_today(hw))
    weigh(hw, spta_today(hw))
    deliver(hw, net_kg=D("10000"), rendemen=D("7"))  # has its rendemen: not waiting
    card = home(client, hw.qc).split('data-testid="lab-queue"')[1].split("</article>")[0]
    assert 'data-testid="queue-count">2<' in card
    assert 'data-testid="queue-oldest"' in card
