"""Season contracts: a partnership lasts one season and is renewed by a new contract
(domain.md section 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.farmers import Farmer, PartnerType
from partners.models.org import Mill, Season
from partners.models.plots import Plot
from tebu_site.access import Scoping
from tebu_site.models import TimeStampedModel


class PartnershipPattern(models.TextChoices):
    """Patterns the field studies describe (domain.md sections 3 and 5b)."""

    CREDIT_PARTNERSHIP = "credit", _("Credit partnership (TRK/TRM)")
    INTI_PLASMA = "inti_plasma", _("Nucleus–plasma (inti-plasma)")
    KOA = "koa", _("Operational cooperation (KOA)")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    GENERAL_TRADE = "general_trade", _("General trade")
    AGENCY = "agency", _("Agency")
    SELF_RELIANT = "self_reliant", _("Self-reliant partnership")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    CANCELLED = "cancelled", _("Cancelled")


class ContractTemplate(TimeStampedModel):
    """A mill's standard contract: its pattern and clauses, copied into each new contract."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="contract_templates", verbose_name=_("mill")
    )
    name = models.CharField(_("name"), max_length=200)
    partnership_pattern = models.CharField(
        _("partnership pattern"), max_length=20, choices=PartnershipPattern.choices
    )
    clauses = models.TextField(
        _("clauses"), help_text=_("One clause per line, in the order they are printed.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("contract template")
        verbose_name_plural = _("contract templates")
        ordering = ["mill", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "name"], name="contract_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def clause_list(self) -> list[str]:
        return [line.strip() for line in self.clauses.splitlines() if line.strip()]


class SeasonContract(TimeStampedModel):
    """One farmer's partnership contract with one mill for one season, covering some of their
    plots. Drafted by staff, printed, signed by the farmer; the signed date is recorded here."""

    scoping = Scoping(mill="mill", region="farmer__region", farmer="farmer")

    number = models.CharField(_("contract number"), max_length=40)
    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("mill")
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("season")
    )
    farmer = models.ForeignKey(
        Farmer, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("farmer")
    )
    plots = models.ManyToManyField(Plot, related_name="contracts", verbose_name=_("plots"))
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    partnership_pattern = models.CharField(
        _("partnership pattern"), max_length=20, choices=PartnershipPattern.choices
    )
    clauses = models.JSONField(_("clauses"), default=list, blank=True)
    template = models.ForeignKey(
        ContractTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature recorded by"),
    )
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[plots])

    class Meta:
        verbose_name = _("season contract")
        verbose_name_plural = _("season contracts")
        ordering = ["-season__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill", "season", "number"], name="contract_number_unique_per_season"
            ),
            models.UniqueConstraint(
                fields=["farmer", "season"],
                condition=~models.Q(status="cancelled"),
                name="one_contract_per_farmer_and_season",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="signed") | models.Q(signed_on__isnull=False),
                name="signed_contract_has_date",
                violation_error_message=_("A signed contract needs its signing date."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_draft(self) -> bool:
        return self.status == ContractStatus.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == ContractStatus.SIGNED
