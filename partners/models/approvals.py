"""Approval chains with separation of duties (domain.md sections 3 and 4).

A chain is data: an ordered list of steps per mill and purpose (the plot drawing of the
E-Farming procedure; a credit product's approvals, whose product points at its chain). A step
names who may take it, either a staff role (tebu_site.models.Role) or a *position* of the mill
(GIS operator, surveyor, assistant manager, cane manager, Disbun liaison, cooperative surveyor...)
held by named users. Positions are rows, so a mill names a new one without new code.

Each decision is a row that is never edited (who, when, which step, approved or sent back, note);
a send-back starts the chain again. The rows of one subject are kept in a table of its own app
(PlotApproval here, the credit app's ApplicationApproval) on the shared abstract base below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.org import Mill
from partners.models.plots import Plot
from tebu_site.access import Scoping
from tebu_site.fields import RangedPositiveSmallIntegerField
from tebu_site.models import Role, TimeStampedModel


class Position(TimeStampedModel):
    """A job at one mill that an approval step can ask for (asisten manajer, manajer tanaman,
    operator GIS...), and the users who hold it."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(
        Mill, on_delete=models.CASCADE, related_name="positions", verbose_name=_("mill")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="positions", blank=True, verbose_name=_("holders")
    )

    history = HistoricalRecords(m2m_fields=[holders])

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["mill", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "code"], name="position_code_unique_per_mill")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.mill})"


class ChainPurpose(models.TextChoices):
    PLOT_DRAWING = "plot_drawing", _("Plot drawing")
    CREDIT = "credit", _("Credit application")


class ApprovalChain(TimeStampedModel):
    """The steps a plot drawing (one chain per mill) or a credit application (the chain its
    product names) goes through before it is approved."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(
        Mill, on_delete=models.CASCADE, related_name="approval_chains", verbose_name=_("mill")
    )
    purpose = models.CharField(_("for"), max_length=20, choices=ChainPurpose.choices)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        ordering = ["mill", "purpose", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mill"],
                condition=models.Q(purpose="plot_drawing"),
                name="one_plot_drawing_chain_per_mill",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.mill})"


class ApprovalStep(models.Model):
    """One step of a chain: its place, its name and who may take it (a role or a position)."""

    scoping = Scoping(mill="chain__mill")

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    order = RangedPositiveSmallIntegerField(_("order"), minimum=1, maximum=50)
    name = models.CharField(_("step"), max_length=200)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_steps",
        verbose_name=_("position"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["chain", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="approval_step_order_unique"),
            models.CheckConstraint(
                condition=(models.Q(role="") & models.Q(position__isnull=False))
                | (~models.Q(role="") & models.Q(position__isnull=True)),
                name="approval_step_role_or_position",
                violation_error_message=_("A step names either a role or a position, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def holder_label(self) -> str:
        if self.position_id:
            return self.position.name
        return str(Role(self.role).label) if self.role else ""


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class ApprovalDecisionBase(models.Model):
    """Who took which step, when, with what outcome and note. Never edited: the rows are the
    audit trail, and a send-back is a row too (the chain starts again after it)."""

    step = models.ForeignKey(
        ApprovalStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.step}: {self.get_decision_display()}"


class PlotApproval(ApprovalDecisionBase):
    scoping = Scoping(mill="plot__mill", region="plot__farmer__region", farmer="plot__farmer")

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="approvals")

    class Meta(ApprovalDecisionBase.Meta):
        verbose_name = _("plot approval")
        verbose_name_plural = _("plot approvals")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="sent_back") | ~models.Q(note=""),
                name="plot_approval_send_back_has_reason",
                violation_error_message=_("Say why it is sent back."),
            )
        ]
