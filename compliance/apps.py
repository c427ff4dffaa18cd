from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        # The built-in rules register themselves on import; the receivers answer the partners
        # signals (DO paid below contract, DO payment recorded) and cheap post-save hooks. The
        # credit rule and metric are wired from here because credit never imports compliance.
        from compliance import receivers  # noqa: F401
        from compliance.credit_record import side_selling_events
        from compliance.home_cards import farmer_events_card, staff_events_card
        from compliance.rules import (
            builtin,  # noqa: F401
            credit,  # noqa: F401  (the credit tranche rule)
            sample_custody,  # noqa: F401  (rendemen sample late or its chain broken)
            tma,  # noqa: F401  (TMA money withheld without account)
        )
        from compliance.scorecard.credit import credit_disbursement_delay
        from compliance.scorecard.metrics import register_metric
        from credit.selectors_limits import register_side_selling_counter
        from tebu_site.home_cards import register_farmer_card, register_staff_card

        register_metric("credit_disbursement_delay", credit_disbursement_delay)
        register_side_selling_counter(side_selling_events)
        register_farmer_card(farmer_events_card)
        register_staff_card(staff_events_card)
