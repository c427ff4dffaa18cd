from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from credit.demo import load_demo_credit


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Load demo credit data (PG Semboro's KUR, PKBL and KUR-TMA, the inti-plasma package "
            "and applications) after load_demo_harvest. Safe to run twice."
        )

    def handle(self, *args, **options):
        loaded = load_demo_credit()
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo credit data ready: %(products)s new products, %(apps)s new applications.")
                % {"products": loaded.products, "apps": loaded.applications}
            )
        )
