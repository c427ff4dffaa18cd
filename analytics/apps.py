from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from analytics import receivers  # noqa: F401 - connects the signal receivers
        from analytics.home_cards import satisfaction_card
        from tebu_site.home_cards import register_staff_card

        register_staff_card(satisfaction_card)
