from django.core.management.base import BaseCommand

from partners.demo import load_demo


class Command(BaseCommand):
    help = "Load demo data (two mills, ~40 farmers, one login per role). Safe to run twice."

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (username / password):"))
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<10} {account.password:<20} {account.role:<18} {account.note}"
            )
