from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from compliance.demo import load_demo_compliance


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Load demo compliance data (catalogue, season figures, the rules run over the demo "
            "harvest, a few events recorded by hand) after load_demo_harvest. Safe to run twice."
        )

    def handle(self, *args, **options):
        loaded = load_demo_compliance()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo compliance data ready: %(raised)s events raised by the rules, "
                    "%(closed)s closed by them, %(manual)s recorded by hand."
                )
                % {"raised": loaded.raised, "closed": loaded.closed, "manual": loaded.manual}
            )
        )
