"""Load a national-shaped dataset into a PostgreSQL database through the real schema (issue 18).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tebu_scale \\
        .venv/bin/python bench/scale/load.py --fresh --mills 30 --farmers-per-mill 3334 \\
        --dos-per-farmer 20 --lines-per-do 22          # the national season of issue 18

    ... --mills 2 --farmers-per-mill 1000 --dos-per-farmer 50   # what bench/SCALE.md measured

How: ``--fresh`` drops and re-creates the database, runs ``manage.py migrate`` and the demo loaders
(real services, so every row they make passes the forms, services and constraints). The bench
mills are then made in SQL by *cloning* demo rows with ``INSERT ... SELECT ... FROM
generate_series``: every column is copied from a demo row of the same table unless the loader
overrides it (ids, foreign keys, numbers, names, statuses, dates). Columns are read from the
database catalogue, so a column added later is copied from the demo and the kit keeps working;
an override naming a column that no longer exists stops the load with its name.

Ids are given arithmetically (farmer k of the load is ``farmer_base + k``, its DO i is
``do_base + (k - 1) * D + i``...), so children are linked without joins, and the identity
sequences are moved past them at the end. Each bench mill gets its current season, regions,
harvest policy, compliance settings, event types, a settlement scheme, a credit product; a
manager, a field officer (region 1) and a credit officer; farmers with logins (one password hash
computed once with Django's hasher), plots, season contracts, and per DO one SPTA, one weighing,
one rendemen analysis, the DO with its lines, its payment(s) and the history rows the services
write (tebu_site.history: one for the issue, one for the payment); compliance events
(``do_unpaid`` for every overdue DO, the rule's own key, plus manual ones up to
``--events-per-do``) and credit applications (``--credit-share`` of the farmers), a
satisfaction survey round per mill answered by ``--survey-share`` of the farmers with its CSI/IPA
result. Then VACUUM ANALYZE, and the summaries are refreshed for the bench mills
(``refresh_mill(mill_id)`` and every argument-free ``refresh*`` function of the modules in
``SUMMARY_MODULES`` that exist).

Every bench login has the password ``bench.scale.PASSWORD``; usernames are
``bench-m<mill>-manager``, ``bench-m<mill>-field``, ``bench-m<mill>-credit`` and
``bench-f<farmer number>``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from common import PASSWORD, database_url, django_setup  # noqa: E402
from part_deliveries import HarvestPart  # noqa: E402
from part_events_loans import EventsCreditPart  # noqa: E402
from part_registry import RegistryPart  # noqa: E402
from part_satisfaction import SurveysPart  # noqa: E402
from sqlkit import SqlKit, step  # noqa: E402

DEMO_COMMANDS = [
    "load_demo",
    "load_demo_harvest",
    "load_demo_credit",
    "load_demo_farms",
    "load_demo_surveys",
    "load_demo_complaints",
    "load_demo_compliance",
]
TEMPLATE_MILL = "semboro"
# Modules whose refresh functions keep the summaries pages read (issue 18); absent ones are skipped.
SUMMARY_MODULES = (
    "harvest.services.summaries",
    "compliance.summaries",
    "compliance.scorecard.summaries",
    "compliance.services.summaries",
)
TEMPLATE_DO_STATUS = "paid"


def fresh_database(url: str) -> None:
    """Drop and create the database named in ``url``, migrate it and load the demo."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "scale" not in name and "bench" not in name:
        raise SystemExit(
            f"--fresh drops the database {name!r}: the kit only drops a database whose name says "
            f"it is a benchmark's (contains 'scale' or 'bench'), e.g. tebu_scale"
        )
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    env.pop("CELERY_BROKER_URL", None)  # the demo's tasks run in-process
    python = sys.executable
    step("migrate")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    log_dir = ROOT / "bench" / "output"
    log_dir.mkdir(exist_ok=True)
    with open(log_dir / "load-demo.log", "w") as log:
        for command in DEMO_COMMANDS:
            step(f"{command} (output in bench/output/load-demo.log)")
            subprocess.run([python, "manage.py", command], cwd=ROOT, env=env, check=True,
                           stdout=log, stderr=subprocess.STDOUT)  # fmt: skip


class Loader(SqlKit, RegistryPart, HarvestPart, EventsCreditPart, SurveysPart):
    """The whole load in one transaction: a failure leaves the database as it was."""

    def templates(self) -> None:
        q = self.one
        self.t_mill = q("SELECT id FROM partners_mill WHERE code = %s", [TEMPLATE_MILL])
        if self.t_mill is None:
            raise SystemExit("no demo mill to copy from: run with --fresh (or load the demo)")
        self.t_season = q(
            "SELECT id FROM partners_season WHERE mill_id = %s AND is_current", [self.t_mill]
        )
        self.t_do = q(
            "SELECT d.id FROM harvest_deliveryorder d WHERE d.mill_id = %s AND d.season_id = %s "
            "AND d.status = %s ORDER BY jsonb_array_length(d.lines_packed) DESC, d.id LIMIT 1",
            [self.t_mill, self.t_season, TEMPLATE_DO_STATUS],
        )
        self.t_weighing = q(
            "SELECT id FROM harvest_weighing WHERE delivery_order_id = %s ORDER BY id LIMIT 1",
            [self.t_do],
        )
        self.t_spta = q("SELECT spta_id FROM harvest_weighing WHERE id = %s", [self.t_weighing])
        self.t_rendemen = q(
            "SELECT rendemen_analysis_id FROM harvest_weighing WHERE id = %s", [self.t_weighing]
        )
        self.t_farmer = q("SELECT farmer_id FROM harvest_deliveryorder WHERE id = %s", [self.t_do])
        self.t_user = q("SELECT user_id FROM partners_farmer WHERE id = %s", [self.t_farmer])
        self.t_plot = q(
            "SELECT id FROM partners_plot WHERE mill_id = %s AND registration_status = "
            "'contracted' ORDER BY id LIMIT 1",
            [self.t_mill],
        )
        self.t_contract = q(
            "SELECT id FROM partners_seasoncontract WHERE season_id = %s AND status = 'signed' "
            "ORDER BY id LIMIT 1",
            [self.t_season],
        )
        self.t_payment = q(
            "SELECT id FROM harvest_dopayment WHERE delivery_order_id = %s ORDER BY id LIMIT 1",
            [self.t_do],
        )
        self.t_lines = q(
            "SELECT jsonb_array_length(lines_packed) FROM harvest_deliveryorder WHERE id = %s",
            [self.t_do],
        )
        self.t_milling_start = q(
            "SELECT milling_start FROM partners_season WHERE id = %s", [self.t_season]
        )
        missing = [k for k, v in vars(self).items() if k.startswith("t_") and v is None]
        if missing:
            raise SystemExit(f"the demo lacks a row to copy: {missing}")
        step(
            f"templates: mill {self.t_mill}, season {self.t_season}, DO {self.t_do} "
            f"({self.t_lines} lines), farmer {self.t_farmer}, plot {self.t_plot}"
        )

    def load(self) -> None:
        a = self.a
        M, F, P, D, L, R = (
            a.mills,
            a.farmers_per_mill,
            a.plots_per_farmer,
            a.dos_per_farmer,
            a.lines_per_do,
            a.regions_per_mill,
        )
        N = M * F  # farmers
        ND = N * D  # DOs
        self.run("SET LOCAL synchronous_commit = off")
        self.run("SET LOCAL jit = off")
        if self.one("SELECT count(*) FROM partners_mill WHERE code LIKE 'bench-%%'"):
            raise SystemExit("this database already holds bench mills: use --fresh")
        self.templates()
        from django.contrib.auth.hashers import make_password

        pw = make_password(PASSWORD)  # computed once, shared by every bench login
        b = {
            t: self.base(t)
            for t in (
                "partners_mill",
                "partners_season",
                "partners_region",
                "tebu_site_user",
                "partners_farmer",
                "partners_plot",
                "partners_seasoncontract",
                "harvest_spta",
                "harvest_weighing",
                "harvest_rendemenanalysis",
                "harvest_deliveryorder",
                "harvest_dopayment",
                "harvest_settlementscheme",
                "credit_creditproduct",
                "credit_creditapplication",
            )
        }
        self.b = b
        mill = b["partners_mill"]
        season = b["partners_season"]
        user = b["tebu_site_user"]
        # Helpers in SQL text: for farmer k (1..N) its mill index, for DO d (1..ND) its farmer.
        m_of_k = f"((k - 1) / {F} + 1)"
        mill_of_k = f"({mill} + {m_of_k})"
        staff = f"({user} + ({m_of_k} - 1) * 3)"  # +1 manager, +2 field officer, +3 credit
        ts = "timestamptz '2026-06-01 08:00+07'"

        self.v = SimpleNamespace(**{k: x for k, x in locals().items() if k != "self"})
        self.load_registry()
        self.load_harvest()
        self.load_events_credit()
        self.load_surveys()
        for table in [
            *b,
            "compliance_complianceevent",
            "surveys_surveyanswer",
            "analytics_analysisrun",
        ]:
            self.fix_sequence(table)


def refresh_summaries(mill_ids: list[int]) -> list[str]:
    """Refresh the summaries pages read, for every bench mill: ``refresh_mill(mill_id)`` where a
    summary module offers it, and every other ``refresh*`` function that needs no argument."""
    import inspect

    done = []
    for name in SUMMARY_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for attr in sorted(dir(module)):
            fn = getattr(module, attr)
            if not (attr.startswith("refresh") and inspect.isfunction(fn)):
                continue
            if fn.__module__ != name:
                continue
            if attr == "refresh_mill":
                for mill_id in mill_ids:
                    fn(mill_id)
                done.append(f"{name}.refresh_mill for {len(mill_ids)} mills")
                continue
            required = [
                p
                for p in inspect.signature(fn).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                                                        p.KEYWORD_ONLY)
            ]  # fmt: skip
            if required:
                print(f"  {name}.{attr}: not called (needs {[p.name for p in required]})")
                continue
            fn()
            done.append(f"{name}.{attr}")
    return done


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="drop and re-create the database, migrate, load the demo first",
    )
    parser.add_argument("--mills", type=int, default=30)
    parser.add_argument("--farmers-per-mill", type=int, default=3334)
    parser.add_argument("--plots-per-farmer", type=int, default=2)
    parser.add_argument("--dos-per-farmer", type=int, default=20)
    parser.add_argument("--lines-per-do", type=int, default=22)
    parser.add_argument("--regions-per-mill", type=int, default=4)
    parser.add_argument(
        "--events-per-do",
        type=float,
        default=1.0,
        help="compliance events per DO (overdue DOs' do_unpaid events first)",
    )
    parser.add_argument(
        "--credit-share", type=float, default=0.1, help="share of farmers with a credit application"
    )
    parser.add_argument(
        "--survey-share",
        type=float,
        default=0.3,
        help="share of farmers who answered the mill's satisfaction survey",
    )
    args = parser.parse_args(argv)
    url = database_url()
    if args.fresh:
        fresh_database(url)
    django_setup()
    from django.db import connection, transaction

    step(
        f"loading {args.mills} mills x {args.farmers_per_mill} farmers x "
        f"{args.dos_per_farmer} DOs x {args.lines_per_do} lines into {url.rsplit('/', 1)[1]}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        Loader(cursor, args).load()
    step("committed")
    with connection.cursor() as cursor:
        # VACUUM too: a running database has its visibility map kept by autovacuum, which lets
        # counts over a partial index read the index alone; a bulk load leaves it empty.
        cursor.execute("VACUUM ANALYZE")
    step("VACUUM ANALYZE done")
    from check import check_sample

    problems = check_sample()
    for problem in problems:
        print(f"  INVALID {problem}")
    if problems:
        raise SystemExit(f"{len(problems)} sampled rows fail the models' full_clean()")
    step("a sample of every bench table passes the models' full_clean()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM partners_mill WHERE code LIKE 'bench-%%' ORDER BY id")
        mill_ids = [row[0] for row in cursor.fetchall()]
    done = refresh_summaries(mill_ids)
    step(f"summaries refreshed: {', '.join(done) or 'none found (no summary module yet)'}")


if __name__ == "__main__":
    main()
