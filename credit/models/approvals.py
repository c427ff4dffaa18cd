"""Who took which step of a credit application's approval chain (partners.models.approvals)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from credit.models.applications import VIA_APPLICATION, CreditApplication
from partners.models import ApprovalDecisionBase


class ApplicationApproval(ApprovalDecisionBase):
    """One step of the application's chain taken (approved or sent back), by whom and when.
    Never edited."""

    scoping = VIA_APPLICATION

    application = models.ForeignKey(
        CreditApplication, on_delete=models.CASCADE, related_name="approvals"
    )

    class Meta(ApprovalDecisionBase.Meta):
        verbose_name = _("application approval")
        verbose_name_plural = _("application approvals")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="sent_back") | ~models.Q(note=""),
                name="application_approval_send_back_has_reason",
                violation_error_message=_("Say why it is sent back."),
            )
        ]
