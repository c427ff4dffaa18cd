from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from complaints.demo import load_demo_complaints


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Load demo complaints and forums for PG Semboro (the complaint desk, a few "
            "complaints, a forum with action items) after load_demo. Safe to run twice."
        )

    def handle(self, *args, **options):
        loaded = load_demo_complaints()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo complaints ready: %(users)s new users, %(complaints)s complaints and "
                    "%(forums)s forums created."
                )
                % {
                    "users": loaded.users,
                    "complaints": loaded.complaints,
                    "forums": loaded.forums,
                }
            )
        )
