from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestConfig(AppConfig):
    name = "harvest"
    verbose_name = _("Harvest to payment")

    def ready(self):
        from harvest.home_cards import (
            lab_queue_card,
            latest_do_card,
            unpaid_dos_card,
            weighbridge_queue_card,
        )
        from tebu_site.home_cards import register_farmer_card, register_staff_card

        register_farmer_card(latest_do_card)
        register_staff_card(unpaid_dos_card)
        register_staff_card(weighbridge_queue_card)
        register_staff_card(lab_queue_card)

        from django.db.models.signals import post_delete, post_save

        from harvest.models import DeliveryOrder, DoPayment
        from harvest.services.summaries import on_delivery_order_saved, on_payment_saved

        # Any write path (services, admin, imports) keeps the DO totals current.
        for signal in (post_save, post_delete):
            signal.connect(
                on_delivery_order_saved, sender=DeliveryOrder, dispatch_uid=f"do-sum-{signal}"
            )
            signal.connect(on_payment_saved, sender=DoPayment, dispatch_uid=f"pay-sum-{signal}")
