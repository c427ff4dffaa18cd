"""The manager's home shows the farmers' satisfaction next to the money (issue 14): the latest
CSI of a whole round (not narrowed to a region or partner type), from the stored result."""

from __future__ import annotations

from analytics.models import AnalysisKind, AnalysisRun, RunStatus
from analytics.presentation import BAND_BADGES, BANDS
from tebu_site.access import scope_for
from tebu_site.home_cards import HomeCard
from tebu_site.models import Role

CSI_CARD_ROLES = {Role.ADMINISTRATOR, Role.MANAGER, Role.ANALYST}
# A mill computes a round's CSI a few times; the latest whole-round result is among the last few.
RECENT_RUNS = 20


def satisfaction_card(user) -> HomeCard | None:
    if user.role not in CSI_CARD_ROLES and not user.is_superuser:
        return None
    runs = scope_for(
        user,
        AnalysisRun.objects.filter(kind=AnalysisKind.CSI_IPA, status=RunStatus.SUCCEEDED),
    ).order_by("-created_at", "-id")[:RECENT_RUNS]
    for run in runs:
        parameters = run.parameters or {}
        if parameters.get("region_ids") or parameters.get("partner_types"):
            continue
        result = run.result or {}
        if result.get("csi") is None:
            continue
        return HomeCard(
            "analytics/partials/home_satisfaction_card.html",
            {
                "run": run,
                "csi": result["csi"],
                "band": BANDS.get(result.get("csi_band"), ""),
                "band_badge": BAND_BADGES.get(result.get("csi_band"), ""),
                "round_id": parameters.get("round_id"),
            },
            order=15,
        )
    return None
