"""Every change to a farmer, their plots and contracts is on the farmer page: who, when, the value
before and after."""

from datetime import date

import pytest
from django.utils.translation import gettext as _

from partners.audit import farmer_timeline
from partners.models import ContractStatus, Farmer, PartnerType, Plot, RegistrationStatus
from partners.services import contracts
from partners.services.farmers import update_farmer
from partners.services.plots import update_plot
from tests.partners.helpers import approved_plot

pytestmark = pytest.mark.django_db


def label(model, field):
    return str(model._meta.get_field(field).verbose_name)


def changes_of(entries, subject):
    return {
        (c.label, c.old, c.new): entry.who
        for entry in entries
        if entry.subject == subject
        for c in entry.changes
    }


def test_farmer_change_shows_who_before_and_after(world):
    world.sinder.first_name, world.sinder.last_name = "Slamet", "Riyadi"
    world.sinder.save()
    update_farmer(
        farmer=world.farmer, by=world.sinder, changes={"phone": "0812 1111 2222", "name": "Buri"}
    )
    found = changes_of(farmer_timeline(world.farmer), _("Farmer"))
    assert found[(label(Farmer, "phone"), "–", "+6281211112222")] == "Slamet Riyadi"
    assert found[(label(Farmer, "name"), "Buriyanto", "Buri")] == "Slamet Riyadi"


def test_choice_and_foreign_key_changes_are_shown_by_their_names(world):
    update_farmer(
        farmer=world.farmer,
        by=world.manager,
        changes={"region": world.south, "partner_type": PartnerType.TRM},
    )
    found = changes_of(farmer_timeline(world.farmer), _("Farmer"))
    assert (label(Farmer, "region"), "Wilayah Utara", "Wilayah Selatan") in found
    assert (
        label(Farmer, "partner_type"),
        str(PartnerType.TRK.label),
        str(PartnerType.TRM.label),
    ) in found


def test_plot_and_contract_changes_are_in_the_farmers_timeline(world):
    plot = approved_plot(world)
    update_plot(plot=plot, by=world.qc, changes={"variety": "PS 881"})
    contract = contracts.create_contract(
        by=world.sinder, farmer=world.farmer, season=world.season, plots=[plot], partner_type="trk"
    )
    contracts.sign_contract(contract=contract, by=world.sinder, signed_on=date(2025, 6, 2))
    entries = farmer_timeline(world.farmer)
    plot_changes = changes_of(entries, _("Plot %(code)s") % {"code": plot.code})
    assert plot_changes[(label(Plot, "variety"), "–", "PS 881")] == world.qc.get_full_name()
    status = label(Plot, "registration_status")
    approved, contracted = RegistrationStatus.APPROVED.label, RegistrationStatus.CONTRACTED.label
    assert (status, str(approved), str(contracted)) in plot_changes
    subject = _("Contract %(number)s") % {"number": contract.number}
    contract_changes = changes_of(entries, subject)
    signed = (
        str(_("status")),
        str(ContractStatus.DRAFT.label),
        str(ContractStatus.SIGNED.label),
    )
    assert signed in contract_changes
    plot_lists = [c for e in entries if e.subject == subject for c in e.changes]
    assert (str(_("plots")), "–", plot.code) in {(c.label, c.old, c.new) for c in plot_lists}


def test_timeline_is_on_the_farmer_page_newest_first(world, client):
    update_farmer(farmer=world.farmer, by=world.sinder, changes={"household_size": 5})
    update_farmer(farmer=world.farmer, by=world.sinder, changes={"household_size": 6})
    client.force_login(world.sinder)
    page = client.get(f"/farmers/{world.farmer.pk}/").content.decode()
    assert 'data-testid="timeline"' in page
    assert page.index("<del>5</del>") < page.index("<del>–</del>")
    assert "<ins>6</ins>" in page


def test_saving_without_changes_adds_nothing_to_the_trail(world):
    update_farmer(farmer=world.farmer, by=world.sinder, changes={"name": "Buriyanto"})
    assert world.farmer.history.count() == 1
