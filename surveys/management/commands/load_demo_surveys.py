from django.core.management.base import BaseCommand, CommandError

from surveys.demo import load_demo_surveys


class Command(BaseCommand):
    help = (
        "Load demo satisfaction surveys (run after load_demo): the standard questionnaire per "
        "mill, closed and open rounds with answers, and their CSI/IPA results. Safe to run twice."
    )

    def handle(self, *args, **options):
        try:
            lines = load_demo_surveys()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS("Demo surveys ready:"))
        for line in lines:
            self.stdout.write(f"  {line}")
