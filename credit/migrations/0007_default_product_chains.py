"""Existing credit products get their kind's default approval chain (new products get it when
they are made, credit.receivers)."""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext as _

AM = ("RDKK approved by the assistant manager", "", "assistant_manager")
CM = ("RDKK approved by the cane manager", "", "cane_manager")
DECISION = ("Creditworthiness decision", "credit_officer", "")
STEPS = {
    "kur": [
        AM,
        CM,
        ("Signed at the district estate-crops office (Disbun)", "", "disbun_liaison"),
        (
            "Cooperative's survey of residence, land and collateral",
            "",
            "cooperative_surveyor",
        ),
        DECISION,
    ],
    "pkbl": [AM, CM, ("Collateral checked", "credit_officer", ""), DECISION],
}
POSITIONS = {
    "assistant_manager": "Assistant manager",
    "cane_manager": "Cane manager",
    "disbun_liaison": "Estate-crops office (Disbun) liaison",
    "cooperative_surveyor": "Cooperative surveyor (A.O.)",
}


def forwards(apps, schema_editor):
    CreditProduct = apps.get_model("credit", "CreditProduct")
    Position = apps.get_model("partners", "Position")
    ApprovalChain = apps.get_model("partners", "ApprovalChain")
    ApprovalStep = apps.get_model("partners", "ApprovalStep")
    with translation.override(settings.LANGUAGE_CODE):
        for product in CreditProduct.objects.filter(approval_chain__isnull=True):
            chain = ApprovalChain.objects.create(
                mill_id=product.mill_id, purpose="credit", name=product.name
            )
            for order, (name, role, code) in enumerate(
                STEPS.get(product.kind, [AM, DECISION]), start=1
            ):
                position = None
                if code:
                    position = Position.objects.get_or_create(
                        mill_id=product.mill_id, code=code, defaults={"name": _(POSITIONS[code])}
                    )[0]
                ApprovalStep.objects.create(
                    chain=chain, order=order, name=_(name), role=role, position=position
                )
            product.approval_chain = chain
            product.save(update_fields=["approval_chain"])


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0006_approval_chains"),
        ("partners", "0005_default_plot_drawing_chains"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
