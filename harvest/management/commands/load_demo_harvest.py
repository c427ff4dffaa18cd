from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from harvest.demo import load_demo_harvest


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Load demo harvest data (settlement schemes, SPTAs, weighings, rendemen, DOs and "
            "payments) after load_demo. Safe to run twice."
        )

    def handle(self, *args, **options):
        loaded = load_demo_harvest()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo harvest data ready: %(schemes)s new schemes, %(sptas)s SPTAs, "
                    "%(dos)s DOs and %(payments)s payments created."
                )
                % {
                    "schemes": loaded.schemes,
                    "sptas": loaded.sptas,
                    "dos": loaded.delivery_orders,
                    "payments": loaded.payments,
                }
            )
        )
