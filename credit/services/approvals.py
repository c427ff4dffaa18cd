"""A credit application's approval chain (the machinery is partners.services.approvals).

A verified application waits on its product's chain. Each step is taken by another person
holding the step's role or position; the people who entered the application take none. The
last step is the creditworthiness decision: it gives the approved amount and approves the
application (credit.services.workflow.approve_application). Any step may send the application
back with a reason (→ submitted): its documents are checked and it is verified again, and the
chain starts again from the first step.

Defaults (domain.md 4): KUR, RDKK approval by the assistant manager and the cane manager, the
signature at the district estate-crops office (Disbun), the cooperative's survey of residence,
land and collateral, then the decision; PKBL, RDKK approvals, the collateral check and the
decision; other products, the assistant manager's RDKK approval and the decision.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from credit.models import (
    ApplicationApproval,
    ApplicationStatus,
    CreditApplication,
    CreditProduct,
    ProductKind,
)
from credit.models.applications import OPEN_LOAN_STATUSES
from partners.models import ApprovalChain, ChainPurpose, Decision
from partners.services.approvals import (
    ChainState,
    StepSpec,
    chain_state,
    clean_reason,
    create_chain,
    require_may_take,
)
from tebu_site.models import Role
from tebu_site.services import require_visible

S = ApplicationStatus

_RDKK_AM = StepSpec(
    gettext_lazy("RDKK approved by the assistant manager"), position="assistant_manager"
)
_RDKK_CM = StepSpec(gettext_lazy("RDKK approved by the cane manager"), position="cane_manager")
_DECISION = StepSpec(gettext_lazy("Creditworthiness decision"), role=Role.CREDIT_OFFICER)
DEFAULT_STEPS: dict[str, tuple[StepSpec, ...]] = {
    ProductKind.KUR: (
        _RDKK_AM,
        _RDKK_CM,
        StepSpec(
            gettext_lazy("Signed at the district estate-crops office (Disbun)"),
            position="disbun_liaison",
        ),
        StepSpec(
            gettext_lazy("Cooperative's survey of residence, land and collateral"),
            position="cooperative_surveyor",
        ),
        _DECISION,
    ),
    ProductKind.PKBL: (
        _RDKK_AM,
        _RDKK_CM,
        StepSpec(gettext_lazy("Collateral checked"), role=Role.CREDIT_OFFICER),
        _DECISION,
    ),
}
OTHER_STEPS: tuple[StepSpec, ...] = (_RDKK_AM, _DECISION)


def ensure_product_chain(product: CreditProduct) -> ApprovalChain:
    """The product's chain, made from its kind's default when it has none."""
    if product.approval_chain_id:
        return product.approval_chain
    chain = create_chain(
        mill=product.mill,
        purpose=ChainPurpose.CREDIT,
        name=product.name,
        steps=DEFAULT_STEPS.get(product.kind, OTHER_STEPS),
    )
    CreditProduct.objects.filter(pk=product.pk).update(approval_chain=chain)
    product.approval_chain = chain
    return chain


def application_makers(application: CreditApplication) -> set[int]:
    """Who made the application: who entered it, and the farmer's own login."""
    makers = {application.created_by_id}
    if application.farmer.user_id:
        makers.add(application.farmer.user_id)
    return makers


def round_started(application: CreditApplication):
    """When the application last became verified (the approvals after it count)."""
    verified = [
        change.at for change in application.status_changes.all() if change.to_status == S.VERIFIED
    ]
    return max(verified) if verified else None


def application_chain_state(
    application: CreditApplication, chain: ApprovalChain | None = None
) -> ChainState:
    if chain is None:
        chain_id = application.product.approval_chain_id
        chain = (
            ApprovalChain.objects.prefetch_related("steps__position__holders").get(pk=chain_id)
            if chain_id
            else None
        )
    return chain_state(
        chain,
        application.approvals.all(),
        round_started=round_started(application),
        in_chain=application.status == S.VERIFIED,
        settled=application.status in OPEN_LOAN_STATUSES or application.status == S.REPAID,
    )


def lock_for_step(application: CreditApplication, by, *, decision: bool | None = None):
    """Lock the application and check ``by`` may take the step it waits on; ``decision`` says
    whether the caller takes the last step (the decision) or one before it."""
    require_visible(by, application)
    application = (
        CreditApplication.objects.select_for_update(of=("self",))
        .select_related("product", "farmer", "season")
        .get(pk=application.pk)
    )
    if application.status != S.VERIFIED:
        raise ValidationError(
            _("Application %(number)s is %(status)s; it is not waiting for approval.")
            % {"number": application.number, "status": application.get_status_display()}
        )
    ensure_product_chain(application.product)
    state = application_chain_state(application)
    if decision is True and state.waiting is not None and not state.is_last_waiting:
        raise ValidationError(
            _(
                "The application waits on “%(step)s” first; every step of the chain comes "
                "before the decision."
            )
            % {"step": state.waiting.name}
        )
    if decision is False and state.is_last_waiting:
        raise ValidationError(
            {"amount": [_("This step is the decision: give the approved amount.")]}
        )
    step = require_may_take(state, by, makers=application_makers(application))
    return application, state, step


@transaction.atomic
def approve_step(*, application: CreditApplication, by, note: str = "") -> ApplicationApproval:
    """Take a step of the chain before the last; the last is the decision with its amount."""
    application, _state, step = lock_for_step(application, by, decision=False)
    return ApplicationApproval.objects.create(
        application=application,
        step=step,
        decision=Decision.APPROVED,
        by=by,
        note=(note or "").strip(),
    )


@transaction.atomic
def send_back(*, application: CreditApplication, by, reason: str) -> ApplicationApproval:
    from credit.services.workflow import move

    reason = clean_reason(reason)
    application, _state, step = lock_for_step(application, by)
    row = ApplicationApproval.objects.create(
        application=application, step=step, decision=Decision.SENT_BACK, by=by, note=reason
    )
    move(application, S.SUBMITTED, by, f"{step.name}: {reason}")
    return row
