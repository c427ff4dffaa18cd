from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("Credit")

    def ready(self) -> None:
        # Partners never imports credit: credit answers the DO settlement's deduction hook and
        # the DO-issued signal from here.
        from credit import receivers

        receivers.connect()
