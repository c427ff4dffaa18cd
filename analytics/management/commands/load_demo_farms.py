from django.core.management.base import BaseCommand

from analytics.demo import load_demo_farms


class Command(BaseCommand):
    help = "Demo farm records (costs and revenues) for the current season. Safe to run twice."

    def handle(self, *args, **options):
        created = load_demo_farms()
        self.stdout.write(self.style.SUCCESS(f"Demo farm records ready ({created} new)."))
