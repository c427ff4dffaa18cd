"""Time a batch settlement of one mill's period on the loaded scale database (issue 18).

Adds one accepted, analysed, unsettled load for each of ``--farmers`` farmers of a bench mill,
weighed on one day after every loaded period (cloned by SQL from each farmer's last load), then
times ``settle_period`` (drafts for the period) and their issue, the way the batch page's worker
does it (``issue_drafts``, ``--issue-one-by-one``: ``issue_do`` for each draft, the path before),
and counts the SQL queries of each. Everything is rolled back after each run,
so the database is the same afterwards and the runs are alike.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tebu_scale \\
        .venv/bin/python bench/scale/settle.py --farmers 3334 --runs 3

``--one-by-one`` times the farmer-by-farmer settlement settle_period did before the batch path
(``settlement_batch._settle_period_one_by_one``), for a before/after on the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from common import ROOT, database_url, django_setup
from sqlkit import SqlKit


class _Rollback(Exception):
    pass


def _deliveries(kit: SqlKit, mill_id: int, farmers: int) -> tuple[object, int]:
    """One load for each of the first ``farmers`` farmers of the mill, weighed on a day after
    every loaded period; returns the day and how many loads were made."""
    day = kit.one(
        "SELECT max(period_end) + 3 FROM harvest_deliveryorder WHERE mill_id = %s", [mill_id]
    )
    kit.run(
        "CREATE TEMP TABLE bench_settle ON COMMIT DROP AS "
        "SELECT row_number() OVER (ORDER BY farmer_id) AS k, farmer_id, w_id, s_id, r_id FROM ("
        "  SELECT DISTINCT ON (s.farmer_id) s.farmer_id, w.id AS w_id, s.id AS s_id, "
        "         w.rendemen_analysis_id AS r_id"
        "  FROM harvest_weighing w JOIN harvest_spta s ON s.id = w.spta_id"
        "  WHERE s.mill_id = %s AND w.rendemen_analysis_id IS NOT NULL AND NOT w.rejected"
        "  ORDER BY s.farmer_id, w.weighed_at DESC"
        ") last_loads ORDER BY farmer_id LIMIT %s",
        [mill_id, farmers],
    )
    made = kit.one("SELECT count(*) FROM bench_settle")
    spta, rendemen = kit.base("harvest_spta"), kit.base("harvest_rendemenanalysis")
    weighing = kit.base("harvest_weighing")
    # Cut the evening before, weighed at 03:00 on the day.
    cut = f"((date '{day}' - 1 + time '22:00') AT TIME ZONE 'Asia/Jakarta')"
    kit.clone(
        "harvest_spta",
        "bench_settle b JOIN harvest_spta t ON t.id = b.s_id",
        {
            "id": f"{spta} + b.k",
            "number": "t.number || '/P' || b.k",
            "cutting_date": f"date '{day}' - 1",
            "issued_at": f"{cut} - interval '1 day'",
            "expires_at": cut,
            "closed_at": f"{cut} + interval '5 hours'",
            "created_at": cut,
            "updated_at": cut,
        },
    )
    kit.clone(
        "harvest_rendemenanalysis",
        "bench_settle b JOIN harvest_rendemenanalysis t ON t.id = b.r_id",
        {
            "id": f"{rendemen} + b.k",
            "sample_code": "t.sample_code || '/P' || b.k",
            "measured_at": f"{cut} + interval '8 hours'",
            "created_at": cut,
            "updated_at": cut,
        },
    )
    kit.clone(
        "harvest_weighing",
        "bench_settle b JOIN harvest_weighing t ON t.id = b.w_id",
        {
            "id": f"{weighing} + b.k",
            "spta_id": f"{spta} + b.k",
            "rendemen_analysis_id": f"{rendemen} + b.k",
            "delivery_order_id": "NULL",
            "cut_at": cut,
            "arrived_at": f"{cut} + interval '4 hours'",
            "weighed_at": f"{cut} + interval '5 hours'",
            "created_at": f"{cut} + interval '5 hours'",
            "updated_at": f"{cut} + interval '5 hours'",
        },
    )
    for table in ("harvest_spta", "harvest_rendemenanalysis", "harvest_weighing"):
        kit.fix_sequence(table)
    # The bench mills' scheme shares profit from the sugar auction: the period needs a price.
    kit.run(
        "INSERT INTO harvest_auctionprice (created_at, updated_at, period_start, period_end, "
        "note, price_per_kw, mill_id, recorded_by_id, season_id) "
        "SELECT now(), now(), %s::date - 30, %s::date + 30, 'bench', 1650000, s.mill_id, "
        "(SELECT min(id) FROM tebu_site_user), s.id "
        "FROM partners_season s WHERE s.mill_id = %s AND s.is_current",
        [day, day, mill_id],
    )
    return day, made


def _loans(kit: SqlKit, mill_id: int) -> int:
    """--with-loans: the farmers of the period who applied for credit this season (the loader's
    --credit-share of them) are given their loan: made active and paid in two tranches, to the
    farmer and to the mill for cutting and haulage, as the demo's KUR is (cloned from it). Their
    DOs then deduct the instalment and use the tranche, and their issue posts a repayment."""
    kit.run(
        "CREATE TEMP TABLE bench_loans ON COMMIT DROP AS "
        "SELECT row_number() OVER (ORDER BY a.id) AS k, a.id AS app_id FROM "
        "credit_creditapplication a JOIN bench_settle b ON b.farmer_id = a.farmer_id "
        "JOIN partners_season s ON s.id = a.season_id AND s.is_current AND s.mill_id = %s",
        [mill_id],
    )
    kit.run("UPDATE credit_creditapplication SET status = 'active' WHERE id IN "
            "(SELECT app_id FROM bench_loans)")  # fmt: skip
    template = kit.one(
        "SELECT application_id FROM credit_disbursement WHERE payee = 'mill' AND paid_on "
        "IS NOT NULL ORDER BY id LIMIT 1"
    )
    kit.run("DELETE FROM credit_disbursement WHERE application_id IN "
            "(SELECT app_id FROM bench_loans)")  # fmt: skip
    kit.clone(
        "credit_disbursement",
        f"bench_loans l CROSS JOIN credit_disbursement t WHERE t.application_id = {template}",
        {"application_id": "l.app_id"},
        skip=("id",),
    )
    return kit.one("SELECT count(*) FROM bench_loans")


def _one_run(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from harvest.models import DeliveryOrder
    from harvest.services.delivery_orders import issue_do
    from harvest.services.settlement import settle_period
    from harvest.services.settlement_batch import _settle_period_one_by_one
    from harvest.services.settlement_issue import CHUNK
    from harvest.services.settlement_issue_batch import issue_drafts

    settle = _settle_period_one_by_one if args.one_by_one else settle_period
    from partners.models import Mill

    mill = Mill.objects.get(code=args.mill)
    season = mill.seasons.get(is_current=True)
    manager = get_user_model().objects.get(username=f"bench-m{args.mill[-3:]}-manager")
    queries = {"settle": 0, "issue": 0}
    phase = ["setup"]

    def count(execute, sql, params, many, context):
        if phase[0] in queries:
            queries[phase[0]] += 1
        return execute(sql, params, many, context)

    out: dict = {}
    try:
        with transaction.atomic(), connection.execute_wrapper(count):
            with connection.cursor() as cursor:
                day, made = _deliveries(SqlKit(cursor, args), mill.pk, args.farmers)
                loans = _loans(SqlKit(cursor, args), mill.pk) if args.with_loans else 0
            phase[0] = "settle"
            start = time.perf_counter()
            batch = settle(by=manager, mill=mill, season=season, start=day, end=day)
            settled = time.perf_counter() - start
            phase[0] = "issue"
            start = time.perf_counter()
            ids = [] if args.settle_only else [order.pk for order in batch.created]
            if args.issue_one_by_one:
                for order in DeliveryOrder.objects.filter(pk__in=ids).order_by("number", "pk"):
                    issue_do(do=order, by=manager)
            else:  # as the batch page's worker does (settlement_issue.carry_out_issue)
                for first in range(0, len(ids), CHUNK):
                    failed = issue_drafts(ids=ids[first : first + CHUNK], by=manager).failures
                    assert not failed, failed[:3]
            issued = time.perf_counter() - start
            phase[0] = "done"
            out = {
                "loads": made,
                "farmers_with_loans": loans,
                "drafts_deducting_credit": sum(
                    bool(order.inputs.get("credit_deductions")) for order in batch.created
                ),
                "drafts": len(batch.created),
                "skipped": len(batch.skipped),
                "skipped_first": batch.skipped[:3],
                "settle_s": round(settled, 2),
                "issue_s": round(issued, 2),
                "settle_queries": queries["settle"],
                "issue_queries": queries["issue"],
            }
            raise _Rollback
    except _Rollback:
        pass
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mill", default="bench-001", help="a bench mill's code")
    parser.add_argument("--farmers", type=int, default=3334)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one-by-one", action="store_true", help="the old per-farmer path")
    parser.add_argument("--settle-only", action="store_true", help="draft, do not issue")
    parser.add_argument(
        "--with-loans", action="store_true", help="the period's applicants' loans paid out"
    )
    parser.add_argument(
        "--issue-one-by-one", action="store_true", help="issue_do for each draft, the old path"
    )
    args = parser.parse_args()
    database_url()
    os.environ.setdefault("DJANGO_DEBUG", "1")  # the services, not the pages: no static files
    django_setup()
    runs = []
    for number in range(1, args.runs + 1):
        result = _one_run(args)
        runs.append(result)
        print(f"run {number}: {json.dumps(result)}", flush=True)
    drafts = runs[-1]["drafts"] or 1
    summary = {
        "machine": f"{platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()}",
        "farmers": args.farmers,
        "path": "one by one" if args.one_by_one else "batch",
        "issue_path": "one by one" if args.issue_one_by_one else "batch",
        "settle_s_median": statistics.median(r["settle_s"] for r in runs),
        "issue_s_median": statistics.median(r["issue_s"] for r in runs),
        "settle_queries_per_do": round(runs[-1]["settle_queries"] / drafts, 1),
        "issue_queries_per_do": round(runs[-1]["issue_queries"] / drafts, 1),
        "dos_per_s": round(
            drafts / statistics.median(r["settle_s"] + r["issue_s"] for r in runs), 1
        ),
    }
    print(json.dumps(summary, indent=2))
    out = ROOT / "bench" / "output" / f"settle-{time.strftime('%Y%m%d-%H%M%S')}.json"
    Path(out).write_text(json.dumps({"runs": runs, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
