"""Benchmark of the nightly compliance rules and the stored scorecard for one mill (issue 18).

Builds one mill with N DOs (bulk inserts, a minute for 70,000) in the PostgreSQL database named by
DATABASE_URL (migrated first; a new empty database each time: the factories' names start over),
then times:

- first run: every DO unpaid past the threshold raised at once (the worst night);
- busy day: 2 % of the DOs newly past the threshold and 2 % of the raised ones paid;
- nothing changed: a run after the busy day's run;
- the scorecard: the summary refresh (the task) and the page's read of it.

Each figure is the median of 3 runs (the first run and the busy day are each rolled back after
being timed, so every repetition sees the same data), with the SQL query count. The notices'
sending task and the scorecard refresh a run schedules are left out of the run's time (workers
do them), the notices themselves are written and counted.

    dropdb --if-exists bench_compliance; createdb bench_compliance  # or -T a migrated copy
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_compliance \\
        nice -n 10 .venv/bin/python bench/compliance_rules.py --dos 70000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tebu_site.settings")


class Rollback(Exception):
    pass


def setup():
    import django

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own.")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    # Workers send the notices and refresh the scorecard; not part of the rule run.
    from compliance.scorecard import summary
    from notices import tasks

    tasks.send_notices.delay = lambda *args, **kwargs: None
    summary.schedule_refresh = lambda mill_id: None


def build(dos: int, per_farmer: int):
    """One mill, one season, two regions, dos / per_farmer farmers, ``dos`` issued DOs spread over
    the last 120 days, half paid (10 to 40 days after issue)."""
    from django.utils import timezone

    from harvest.models import DeliveryOrder, DoStatus
    from partners.models import Farmer
    from tests.compliance.factories import issued_do, wib
    from tests.factories import FarmerFactory, MillFactory, RegionFactory

    mill = MillFactory()
    regions = [RegionFactory(mill=mill), RegionFactory(mill=mill)]
    model_farmer = FarmerFactory(region=regions[0], mill=mill, phone="081234567890")
    farmers = []
    for n in range(max(dos // per_farmer, 1) - 1):
        farmer = Farmer.objects.get(pk=model_farmer.pk)
        farmer.pk = None
        farmer._state.adding = True
        farmer.nik = f"9{mill.pk:04d}{n:011d}"
        farmer.region = regions[n % 2]
        farmers.append(farmer)
    farmers = [model_farmer, *Farmer.objects.bulk_create(farmers, batch_size=2000)]
    today = timezone.localdate()
    model = issued_do(model_farmer, issued_on=today - timedelta(days=100))
    order = DeliveryOrder.objects.get(pk=model.pk)
    orders = []
    for n in range(dos - 1):
        copy = DeliveryOrder(
            **{
                f.attname: getattr(order, f.attname)
                for f in DeliveryOrder._meta.concrete_fields
                if f.attname != "id"
            }
        )
        issued_on = today - timedelta(days=1 + n % 120)
        copy.number = f"B/{mill.pk}/{n:07d}"
        copy.farmer_id = farmers[n % len(farmers)].pk
        copy.issued_at = wib(issued_on)
        if n % 2:
            copy.status = DoStatus.PAID
            copy.paid_at = wib(issued_on + timedelta(days=10 + n % 31), 14)
            if copy.paid_at > timezone.now():
                copy.status, copy.paid_at = DoStatus.ISSUED, None
        else:
            copy.status, copy.paid_at = DoStatus.ISSUED, None
        orders.append(copy)
    DeliveryOrder.objects.bulk_create(orders, batch_size=5000)
    return mill


def timed(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    return seconds, len(queries.captured_queries), result


def median_of(runs: int, function, rollback: bool):
    from django.db import transaction

    figures = []
    for _ in range(runs):
        outcome = {}
        try:
            with transaction.atomic():
                outcome["figures"] = timed(function)
                if rollback:
                    raise Rollback
        except Rollback:
            pass
        figures.append(outcome["figures"])
    seconds = statistics.median(f[0] for f in figures)
    return seconds, figures[0][1], figures[0][2]


def busy_day(mill):
    """2 % of the DOs cross the threshold today (issued 15 days ago, unpaid) and 2 % of the
    raised ones are paid."""
    from django.utils import timezone

    from compliance.models import ComplianceEvent
    from harvest.models import DeliveryOrder, DoStatus
    from tests.compliance.factories import wib

    count = DeliveryOrder.objects.filter(mill=mill).count() // 50
    today = timezone.localdate()
    fresh = list(
        DeliveryOrder.objects.filter(
            mill=mill, status=DoStatus.ISSUED, issued_at__gte=wib(today)
        ).values_list("pk", flat=True)[:count]
    )
    young = list(
        DeliveryOrder.objects.filter(
            mill=mill, status=DoStatus.ISSUED, issued_at__gte=wib(today - timedelta(days=14))
        ).values_list("pk", flat=True)[:count]
    )
    DeliveryOrder.objects.filter(pk__in=fresh + young).update(
        issued_at=wib(today - timedelta(days=15))
    )
    raised = ComplianceEvent.objects.filter(mill=mill, rule_key="do_unpaid").values(
        "delivery_order"
    )[:count]
    DeliveryOrder.objects.filter(pk__in=raised).update(status=DoStatus.PAID, paid_at=timezone.now())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dos", type=int, default=10_000)
    parser.add_argument("--per-farmer", type=int, default=35)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from compliance.models import ComplianceEvent
    from compliance.rules import run_rules
    from compliance.scorecard import summary
    from compliance.scorecard.build import build_scorecard
    from harvest.models import DeliveryOrder
    from notices.models import Notice
    from tebu_site.models import Role
    from tests.factories import UserFactory

    start = time.perf_counter()
    with transaction.atomic():
        mill = build(args.dos, args.per_farmer)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a load of this size
        cursor.execute("ANALYZE")
    print(
        f"built {DeliveryOrder.objects.filter(mill=mill).count():,} DOs of mill {mill.pk} "
        f"in {time.perf_counter() - start:.1f} s"
    )

    def run():
        return run_rules(mill=mill)

    def report(name, seconds, queries, result):
        print(
            f"{name:<28} median {seconds:8.2f} s  queries {queries:6,}  "
            f"raised {len(result.raised):6,}  closed {len(result.closed):6,}"
        )

    report("first run (rolled back)", *median_of(args.runs, run, rollback=True))
    with transaction.atomic():
        seconds, queries, result = timed(run)
    report("first run (kept)", seconds, queries, result)
    print(
        f"  events {ComplianceEvent.objects.filter(mill=mill).count():,}, "
        f"notices {Notice.objects.filter(mill=mill).count():,}"
    )
    report("nothing changed", *median_of(args.runs, run, rollback=False))

    with transaction.atomic():
        busy_day(mill)
        report("busy day (rolled back)", *median_of(args.runs, run, rollback=True))
        transaction.set_rollback(True)

    season = mill.seasons.get(is_current=True)
    seconds, queries, _ = median_of(args.runs, lambda: summary.refresh(season), rollback=False)
    print(f"{'scorecard refresh (task)':<28} median {seconds:8.2f} s  queries {queries:6,}")
    manager = UserFactory(role=Role.MANAGER)
    manager.mills.add(mill)
    seconds, queries, card = median_of(
        args.runs, lambda: build_scorecard(manager, mill=mill, season=season), rollback=False
    )
    print(
        f"{'scorecard read':<28} median {seconds * 1000:8.1f} ms queries {queries:6,}  "
        f"(paid {card.payment.paid_count:,}, unpaid {card.payment.unpaid_count:,})"
    )
    client = Client()
    client.force_login(manager)
    url = reverse("compliance:scorecard")
    client.get(url, {"season": season.pk})
    seconds, queries, response = median_of(
        args.runs, lambda: client.get(url, {"season": season.pk}), rollback=False
    )
    print(
        f"{'scorecard page':<28} median {seconds * 1000:8.1f} ms queries {queries:6,}  "
        f"status {response.status_code}"
    )


if __name__ == "__main__":
    main()
