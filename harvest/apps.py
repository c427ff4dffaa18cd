from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestConfig(AppConfig):
    name = "harvest"
    verbose_name = _("Harvest to payment")

    def ready(self):
        from harvest.home_cards import latest_do_card, unpaid_dos_card
        from tebu_site.home_cards import register_farmer_card, register_staff_card

        register_farmer_card(latest_do_card)
        register_staff_card(unpaid_dos_card)
