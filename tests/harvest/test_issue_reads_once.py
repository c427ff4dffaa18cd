"""Issuing a DO reads its farmer with it (issue 18): settling again, credit's receivers and the
farmer's notice use the farmer, his mill, region and login and the season read when the draft
is locked, not each with a query of its own (a batch of 3,334 issues paid five queries a DO)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harvest.services.delivery_orders import issue_do
from notices.models import Notice
from tests.factories import farmer_user
from tests.harvest.helpers import deliver, settled

pytestmark = pytest.mark.django_db

READ_AGAIN = re.compile(
    r'^SELECT .* FROM "(partners_farmer|partners_season|partners_region|tebu_site_user)"'
)


def test_issuing_reads_the_farmer_and_season_once_with_the_draft(hw):
    farmer_user(hw.farmer)
    draft = settled(hw, [deliver(hw, net_kg=Decimal("10000"), rendemen=Decimal("7.00"))])
    with CaptureQueriesContext(connection) as queries:
        order = issue_do(do=draft, by=hw.manager)
    again = [q["sql"][:120] for q in queries if READ_AGAIN.match(q["sql"])]
    assert again == []
    # ...and what they read is still what is written: the notice names the farmer and his mill.
    notice = Notice.objects.get(dedupe_key=f"do-issued:{order.pk}", channel="portal")
    assert (notice.farmer_id, notice.mill_id, notice.region_id) == (
        hw.farmer.pk,
        hw.farmer.mill_id,
        hw.farmer.region_id,
    )
    assert notice.recipient_id == hw.farmer.user_id
