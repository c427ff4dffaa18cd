"""Existing mills get the default positions and the E-Farming chain for plot drawings (new
mills get them when they are made, partners.receivers)."""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext as _

POSITIONS = {
    "gis_operator": "GIS operator",
    "surveyor": "Surveyor (juru ukur/gambar)",
    "assistant_manager": "Assistant manager",
    "cane_manager": "Cane manager",
    "disbun_liaison": "Estate-crops office (Disbun) liaison",
    "cooperative_surveyor": "Cooperative surveyor (A.O.)",
}
STEPS = [
    ("GIS operator", "", "gis_operator"),
    ("Surveyor", "", "surveyor"),
    ("QC", "qc", ""),
    ("KKW", "field_staff", ""),
    ("Assistant manager", "", "assistant_manager"),
    ("Cane manager", "", "cane_manager"),
]


def forwards(apps, schema_editor):
    Mill = apps.get_model("partners", "Mill")
    Position = apps.get_model("partners", "Position")
    ApprovalChain = apps.get_model("partners", "ApprovalChain")
    ApprovalStep = apps.get_model("partners", "ApprovalStep")
    with translation.override(settings.LANGUAGE_CODE):
        for mill in Mill.objects.all():
            positions = {
                code: Position.objects.get_or_create(
                    mill=mill, code=code, defaults={"name": _(name)}
                )[0]
                for code, name in POSITIONS.items()
            }
            if ApprovalChain.objects.filter(mill=mill, purpose="plot_drawing").exists():
                continue
            chain = ApprovalChain.objects.create(
                mill=mill, purpose="plot_drawing", name=_("Plot drawing approval")
            )
            for order, (name, role, position) in enumerate(STEPS, start=1):
                ApprovalStep.objects.create(
                    chain=chain,
                    order=order,
                    name=_(name),
                    role=role,
                    position=positions.get(position),
                )


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_approval_chains")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
