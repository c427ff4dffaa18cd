"""Who guarantees a loan (*avalis*). At PG Pakis Baru the mill guarantees its farmers' BRI credit
(domain.md 5b); elsewhere a person or a farmer group may. The signed guarantee letter is a line of
the application's document checklist, so it is uploaded, checked and downloaded like the others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from credit.models.applications import VIA_APPLICATION, ApplicationDocument, CreditApplication
from partners.models import FarmerGroup, Mill
from tebu_site.models import TimeStampedModel


class GuarantorKind(models.TextChoices):
    MILL = "mill", _("The mill (avalis)")
    PERSON = "person", _("A person")
    GROUP = "group", _("A farmer group or cooperative")


class Guarantee(TimeStampedModel):
    """The guarantor of one application (one per application; changed while the documents are
    still being checked), with the checklist line that holds the signed letter."""

    scoping = VIA_APPLICATION

    application = models.OneToOneField(
        CreditApplication,
        on_delete=models.CASCADE,
        related_name="guarantee",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("guarantor"), max_length=10, choices=GuarantorKind.choices)
    mill = models.ForeignKey(
        Mill,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mill"),
    )
    group = models.ForeignKey(
        FarmerGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("farmer group"),
    )
    person_name = models.CharField(_("guarantor's name"), max_length=200, blank=True)
    person_id_number = models.CharField(_("guarantor's NIK"), max_length=20, blank=True)
    person_relation = models.CharField(_("relation to the farmer"), max_length=100, blank=True)
    document = models.ForeignKey(
        ApplicationDocument,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("guarantee letter"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guarantee (avalis)")
        verbose_name_plural = _("guarantees (avalis)")
        ordering = ["application", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="mill", mill__isnull=False)
                | models.Q(kind="group", group__isnull=False)
                | (models.Q(kind="person") & ~models.Q(person_name="")),
                name="credit_guarantee_names_its_guarantor",
                violation_error_message=_(
                    "The guarantee must name its guarantor: the mill, the group or the person."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.guarantor_name}"

    @property
    def guarantor_name(self) -> str:
        if self.kind == GuarantorKind.MILL:
            return str(self.mill.name if self.mill else "")
        if self.kind == GuarantorKind.GROUP:
            return str(self.group.name if self.group else "")
        return self.person_name
