from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from credit.selectors_plans import short_tranche_plans
from partners.models import Mill
from tebu_site.formatting import format_rupiah


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "List every loan whose planned tranches add up to less than its approved amount "
            "(domain.md 4: approved money left unscheduled is an error). Exits with status 1 "
            "when one falls short, so a scheduled check notices."
        )

    def add_arguments(self, parser):
        parser.add_argument("--mill", help=_("Only this mill (its code)."))

    def handle(self, *args, **options):
        mill = None
        if options.get("mill"):
            mill = Mill.objects.filter(code=options["mill"]).first()
            if mill is None:
                raise CommandError(_("No mill with code %(code)s.") % {"code": options["mill"]})
        short = short_tranche_plans(mill=mill)
        for row in short:
            loan = row.application
            self.stdout.write(
                _(
                    "%(number)s · %(farmer)s · %(product)s · %(status)s: approved %(approved)s, "
                    "planned %(planned)s, missing %(missing)s"
                )
                % {
                    "number": loan.number,
                    "farmer": loan.farmer.name,
                    "product": loan.product.name,
                    "status": loan.get_status_display(),
                    "approved": format_rupiah(row.approved),
                    "planned": format_rupiah(row.planned),
                    "missing": format_rupiah(row.missing),
                }
            )
        if short:
            raise CommandError(
                _("Tranche plans short of the approved amount: %(count)s.") % {"count": len(short)}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Every tranche plan adds up to its approved amount."))
        )
