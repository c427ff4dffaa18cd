from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("Credit")

    def ready(self) -> None:
        # Partners never imports credit: credit answers the DO settlement's deduction hook and
        # the DO-issued signal from here.
        from credit import receivers
        from credit.home_cards import credit_pipeline_card, my_credit_card
        from tebu_site.home_cards import register_farmer_card, register_staff_card

        receivers.connect()
        register_farmer_card(my_credit_card)
        register_staff_card(credit_pipeline_card)
