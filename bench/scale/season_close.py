"""Time a season close (issue 16) of one bench mill on the loaded scale database: the preview of
every farmer's difference, then the commit that writes a final DO (or a debit) per farmer, as the
worker does them (harvest.services.season_close). Everything is rolled back after each run, so
the database is the same afterwards and the runs are alike.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tebu_scale \\
        .venv/bin/python bench/scale/season_close.py --mill bench-001 --runs 3

The bench mill's schemes are switched to "provisional, then the mill's average" inside the run;
the final rendemen is the mill's analysed average plus ``--raise`` points (0.4 by default), so
every farmer gets a final DO.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from decimal import Decimal
from pathlib import Path

from common import ROOT, database_url, django_setup


class _Rollback(Exception):
    pass


def _count_dos_as_a_running_mill_does(mill, season) -> None:
    """The loader numbers the DOs without the series' counter (a running mill has one since its
    first DO); past serial 99,999 the fallback (the greatest number as text) would hand out
    100,000 again. Give the series its counter, as settle_do would have."""
    from harvest.models import DeliveryOrder
    from harvest.services.settlement import do_series
    from tebu_site.models import NumberSequence

    key, prefix, _highest = do_series(mill, season)
    numbers = DeliveryOrder.objects.filter(mill=mill, season=season, number__startswith=prefix)
    top = max((int(n[len(prefix) :]) for n in numbers.values_list("number", flat=True)), default=0)
    NumberSequence.objects.update_or_create(key=key, defaults={"last": top})


def _one_run(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from harvest.models import (
        DeliveryOrder,
        FinalRendemenBasis,
        SeasonClose,
        SettlementScheme,
        Weighing,
    )
    from harvest.services.season_close import (
        carry_out,
        mill_average,
        request_commit,
        request_season_close,
    )
    from partners.models import Mill

    mill = Mill.objects.get(code=args.mill)
    season = mill.seasons.get(is_current=True)
    manager = get_user_model().objects.get(username=f"bench-m{args.mill[-3:]}-manager")
    queries = {"preview": 0, "commit": 0}
    phase = ["setup"]

    def count(execute, sql, params, many, context):
        if phase[0] in queries:
            queries[phase[0]] += 1
        return execute(sql, params, many, context)

    out: dict = {}
    try:
        with transaction.atomic(), connection.execute_wrapper(count):
            SettlementScheme.objects.filter(mill=mill, season=season).update(
                final_rendemen_basis=FinalRendemenBasis.MILL_AVERAGE
            )
            _count_dos_as_a_running_mill_does(mill, season)
            probe = SeasonClose(mill=mill, season=season)
            average = mill_average(probe) or Decimal(7)
            final = min(average + Decimal(args.raise_points), Decimal(20)).quantize(
                Decimal("0.0001")
            )
            deliveries = Weighing.objects.filter(spta__mill=mill, spta__season=season).count()
            phase[0] = "preview"
            start = time.perf_counter()
            run = request_season_close(by=manager, season=season, final_rendemen_percent=final)
            run = carry_out(run.pk)
            previewed = time.perf_counter() - start
            if run.previewed_at is None:
                raise SystemExit(f"the preview failed: {run.error}")
            phase[0] = "commit"
            start = time.perf_counter()
            run = carry_out(request_commit(by=manager, run=run).pk)
            committed = time.perf_counter() - start
            phase[0] = "done"
            finals = DeliveryOrder.objects.filter(mill=mill, final_settlement=True).count()
            out = {
                "farmers": run.farmers_total,
                "deliveries": deliveries,
                "dos_settled_again": run.orders_count,
                "final_rendemen": str(final),
                "final_dos": finals,
                "committed": run.farmers_done,
                "not_committed": run.farmers_failed,
                "errors_first": list(
                    run.farmers.exclude(error="").values_list("error", flat=True)[:3]
                ),
                "final_dos_total": str(run.final_dos_total),
                "preview_s": round(previewed, 2),
                "commit_s": round(committed, 2),
                "preview_queries": queries["preview"],
                "commit_queries": queries["commit"],
            }
            raise _Rollback
    except _Rollback:
        pass
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mill", default="bench-001", help="a bench mill's code")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--raise", dest="raise_points", default="0.4", help="final rendemen above the average"
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
    farmers = runs[-1]["farmers"] or 1
    summary = {
        "machine": f"{platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()}",
        "mill": args.mill,
        "farmers": runs[-1]["farmers"],
        "deliveries": runs[-1]["deliveries"],
        "dos_settled_again": runs[-1]["dos_settled_again"],
        "preview_s_median": statistics.median(r["preview_s"] for r in runs),
        "commit_s_median": statistics.median(r["commit_s"] for r in runs),
        "total_s_median": round(statistics.median(r["preview_s"] + r["commit_s"] for r in runs), 2),
        "preview_queries": runs[-1]["preview_queries"],
        "commit_queries_per_farmer": round(runs[-1]["commit_queries"] / farmers, 1),
    }
    print(json.dumps(summary, indent=2))
    out = ROOT / "bench" / "output" / f"season-close-{time.strftime('%Y%m%d-%H%M%S')}.json"
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps({"runs": runs, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
