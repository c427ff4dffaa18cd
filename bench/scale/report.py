"""bench/SCALE.md from the harness's measurements: pages, baselines, dataset size and growth."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from importlib.metadata import version
from pathlib import Path

# Tables whose rows come one (or a few) per DO: their bytes divided by the DOs give "per DO".
PER_DO = [
    "harvest_deliveryorder",
    "harvest_historicaldeliveryorder",
    "harvest_dopayment",
    "harvest_historicaldopayment",
    "harvest_spta",
    "harvest_weighing",
    "harvest_historicalweighing",
    "harvest_rendemenanalysis",
    "harvest_historicalrendemenanalysis",
    "compliance_complianceevent",
    "compliance_historicalcomplianceevent",
]
PER_FARMER = [
    "tebu_site_user",
    "partners_farmer",
    "partners_historicalfarmer",
    "partners_plot",
    "partners_historicalplot",
    "partners_seasoncontract",
    "partners_historicalseasoncontract",
    "partners_seasoncontract_plots",
    "credit_creditapplication",
    "credit_historicalcreditapplication",
]
NOTES_MARKER = "<!-- notes: written by hand, kept when run.py writes this file again -->"
# The national season of issue 18.
NATION = {"mills": 30, "farmers": 100_000, "dos": 2_000_000}


def collect_facts(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:
        q = lambda sql, p=None: conn.execute(sql, p).fetchall()  # noqa: E731
        tables = {}
        for table in PER_DO + PER_FARMER:
            rows, size, heap = q(
                f"SELECT count(*), pg_total_relation_size('{table}'), "
                f"pg_relation_size('{table}') FROM {table}"
            )[0]
            tables[table] = {"rows": rows, "bytes": size, "heap": heap}
        shape = q(
            "SELECT (SELECT count(*) FROM partners_mill WHERE code LIKE 'bench-%%'), "
            "(SELECT count(*) FROM partners_farmer f JOIN partners_mill m ON m.id = f.mill_id "
            "WHERE m.code LIKE 'bench-%%'), (SELECT count(*) FROM harvest_deliveryorder d JOIN "
            "partners_mill m ON m.id = d.mill_id WHERE m.code LIKE 'bench-%%'), "
            "(SELECT count(*) FROM partners_plot p JOIN partners_mill m ON m.id = p.mill_id "
            "WHERE m.code LIKE 'bench-%%'), pg_database_size(current_database()), "
            "current_setting('server_version'), current_setting('jit'), "
            "current_setting('shared_buffers'), (SELECT coalesce(sum(jsonb_array_length("
            "d.lines_packed)), 0) FROM harvest_deliveryorder d JOIN partners_mill m ON "
            "m.id = d.mill_id WHERE m.code LIKE 'bench-%%')"
        )[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "tables": tables,
        "mills": shape[0],
        "farmers": shape[1],
        "dos": shape[2],
        "plots": shape[3],
        "database_bytes": shape[4],
        "postgresql": shape[5],
        "jit": shape[6],
        "shared_buffers": shape[7],
        "lines": shape[8],
        "python": platform.python_version(),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "psycopg": version("psycopg"),
        "wrk": (wrk_version.split("\n")[0] or "wrk").split(" [")[0],
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem, 1),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _ms(us: float) -> str:
    ms = us / 1000
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def _range(values: list[float], fmt) -> str:
    lo, hi = min(values), max(values)
    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)}–{fmt(hi)}"


def _mb(n: float) -> str:
    return f"{n / 2**20:,.1f} MB" if n < 2**30 else f"{n / 2**30:,.2f} GB"


def page_table(pages, results, probes) -> list[str]:
    base = statistics.median(r["rps"] for r in results.get("minimal", [])) if results.get(
        "minimal") else None  # fmt: skip
    out = [
        "| Page | req/s (median; range) | p50 | p99 (range) | vs minimal Django | SQL queries | "
        "one at a time (of it SQL) | not 200 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, title, server, _role, _path in pages:
        runs = results[key]
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50_us"] for r in runs)
        p99 = statistics.median(r["p99_us"] for r in runs)
        ratio = f"{rps / base:.2f}×" if base else ""
        if not any(r["requests"] for r in runs):
            out.append(f"| {title} | 0 | no answer within {_duration(runs)} s | | 0× | "
                       f"{probes.get(key, {}).get('queries', '')} | "
                       f"{probes.get(key, {}).get('single_ms', 0):,.0f} ms | |")  # fmt: skip
            continue
        probe = probes.get(key, {})
        queries = probe.get("queries", "") if server in ("app", "drawn") else "1"
        single = f"{probe['single_ms']:.0f} ms" if "single_ms" in probe else ""
        if "sql_ms" in probe:
            single += f" ({probe['sql_ms']:.0f} ms)"
        bad = sum(r["not_200"] + r["socket_errors"] + r["timeouts"] for r in runs)
        out.append(
            f"| {title} | {rps:,.1f} ({_range([r['rps'] for r in runs], lambda v: f'{v:,.1f}')}) "
            f"| {_ms(p50)} | {_ms(p99)} ({_range([r['p99_us'] for r in runs], _ms)}) | {ratio} "
            f"| {queries} | {single} | {bad} |"
        )
    return out


def slow_queries(pages, probes) -> list[str]:
    out = []
    for key, title, _server, _role, _path in pages:
        probe = probes.get(key)
        if not probe or not probe.get("slowest"):
            continue
        out.append(f"- **{title}** (`{probe['path']}`, {probe['queries']} queries, "
                   f"{probe['sql_ms']:.0f} ms in SQL):")  # fmt: skip
        for q in probe["slowest"]:
            sql = " ".join(q["sql"].split())
            out.append(f"  - {q['ms']:.1f} ms: `{sql[:400]}{'…' if len(sql) > 400 else ''}`")
    return out


def size_section(f: dict) -> list[str]:
    t = f["tables"]
    dos, farmers, mills = max(f["dos"], 1), max(f["farmers"], 1), max(f["mills"], 1)
    out = [
        "| Table | rows | total size (with indexes, TOAST) | bytes per row |",
        "|---|---:|---:|---:|",
    ]
    for table in PER_DO + PER_FARMER:
        row = t[table]
        per = row["bytes"] / row["rows"] if row["rows"] else 0
        out.append(f"| `{table}` | {row['rows']:,} | {_mb(row['bytes'])} | {per:,.0f} |")
    per_do = sum(t[x]["bytes"] for x in PER_DO) / dos
    per_farmer = sum(t[x]["bytes"] for x in PER_FARMER) / farmers
    do_only = (
        t["harvest_deliveryorder"]["bytes"] + t["harvest_historicaldeliveryorder"]["bytes"]
    ) / dos
    dos_per_mill, farmers_per_mill = dos / mills, farmers / mills
    mill_season = per_do * dos_per_mill + per_farmer * farmers_per_mill
    nation = per_do * NATION["dos"] + per_farmer * NATION["farmers"]
    nation_mill = nation / NATION["mills"]
    out += [
        "",
        f"- Whole database: **{_mb(f['database_bytes'])}** (the demo's two mills are a few MB "
        f"of it).",
        f"- Per DO, with everything that comes one per DO (its lines, payments, SPTA, weighing, "
        f"rendemen analysis, compliance events and all their history rows): **{per_do:,.0f} "
        f"bytes**; the DO with its lines, and its history, alone: {do_only:,.0f} bytes.",
        f"- Per farmer (login, farmer, plots, contract, credit application, their history): "
        f"{per_farmer:,.0f} bytes.",
        f"- A season of one mill as loaded ({dos_per_mill:,.0f} DOs, {farmers_per_mill:,.0f} "
        f"farmers): {_mb(mill_season)}.",
        f"- **Extrapolated** (linearly from the bytes per DO and per farmer above, not "
        f"measured): a season of the nation of issue 18 ({NATION['mills']} mills, "
        f"{NATION['farmers']:,} farmers, {NATION['dos']:,} DOs) is about **{_mb(nation)}**, "
        f"{_mb(nation_mill)} per mill; each further season adds as much again (DOs, lines and "
        f"history are per season; farmers, plots and logins mostly carry over), each further "
        f"mill of {NATION['dos'] // NATION['mills']:,} DOs adds {_mb(nation_mill)} a season. "
        f"Issue 18's target is under 10 GB for the national season including history.",
    ]
    return out


def write_report(path: Path, pages, results, probes, f: dict) -> None:
    a = f["args"]
    dos_per_mill = f["dos"] // max(f["mills"], 1)
    lines = [
        "# National scale: pages under load (issue 18)",
        "",
        "Written by `bench/scale/run.py` (see *How to run* below); every figure here was measured "
        f"in one run on {f['date']}, except the national sizes marked *extrapolated*.",
        "",
        "## What was measured",
        "",
        f"- Dataset (bench/scale/load.py): **{f['mills']} mills, {f['farmers']:,} farmers with "
        f"logins, {f['plots']:,} plots, {f['dos']:,} DOs** ({dos_per_mill:,} per mill; "
        f"{f.get('lines', 0):,} statement lines on them), "
        f"{f['tables']['harvest_dopayment']['rows']:,} payments, "
        f"{f['tables']['compliance_complianceevent']['rows']:,} compliance events, "
        f"{f['tables']['credit_creditapplication']['rows']:,} credit applications, plus the demo."
        " This is the small size this shared machine allows, not the national one.",
        f"- Machine: {f['cores']} cores ({f['cpu']}), {f['memory_gb']} GB RAM, shared with other "
        f"engineers' work; the harness ran under `nice -n 15` (PostgreSQL did not).",
        f"- Load average (1, 5, 15 min) at the start {_load(f['load_start'])}, at the end "
        f"{_load(f['load_end'])}: **not a quiet machine**; compare pages with the baselines of "
        f"the same run rather than in absolute terms.",
        f"- Versions: Python {f['python']}, Django {f['django']}, PostgreSQL {f['postgresql']} "
        f"(jit {f['jit']}, shared_buffers {f['shared_buffers']}), gunicorn {f['gunicorn']}, "
        f"psycopg {f['psycopg']}, {f['wrk']}.",
        "- Servers: gunicorn, 4 sync workers each, for the product (`DJANGO_DEBUG=0`, "
        "`collectstatic` done, sessions and the farmer page cache in Redis as deployed, the "
        "proxy's `X-Forwarded-Proto: https` sent), the product again with the farmer page cache "
        "off (the rows *drawn every time*: a farmer's first visit after something of his "
        "changed), the bare baseline and the minimal Django baseline, all running through the "
        "whole run.",
        f"- Load: wrk, {a['threads']} threads, {a['connections']} connections, {a['duration']} s "
        f"per page and run, {a['runs']} runs (each run goes through every page once); "
        f"{f['logged_in']} users logged in through the login form before the first "
        f"measurement ({len(f['users']['farmer'])} farmers, every bench mill's manager, field "
        f"officer and credit officer); each request takes the next user of the page's role "
        f"(farmer pages: a random DO of that farmer for the detail).",
        "- Baselines: *bare* is a WSGI function reading a random farmer's last 20 DOs with "
        "psycopg and writing HTML by hand; *minimal Django* reads the same with the ORM and a "
        "template (bench/scale/minimal/, no auth, no sessions).",
        "- *SQL queries* and *one at a time* come from the test client in-process (one "
        "request's queries counted by a database execute wrapper, median of 5 single requests; "
        "a kept farmer page after it was drawn once), not wrk. "
        "*not 200* counts answers other than 200, socket errors and timeouts over all runs: "
        "a page with any is broken or too slow, not fast.",
        "",
        "## Pages",
        "",
        *page_table(pages, results, probes),
        "",
        "## The slowest queries of one request per page",
        "",
        "Measured in the probe (one request, in-process, on the same machine and load as "
        "above), SQL cut at 400 characters.",
        "",
        *slow_queries(pages, probes),
        "",
        "## Dataset size and growth",
        "",
        *size_section(f),
        "",
        "## How to run",
        "",
        "```sh",
        "# the database is dropped and made anew: SCALE_DATABASE_URL, default tebu_scale",
        "# what this page measured (load ~10 minutes, measure ~20 minutes on a busy box):",
        "make bench-scale SCALE_ARGS='--mills 2 --farmers-per-mill 1000 --dos-per-farmer 50'",
        "# the national season of issue 18 (30 mills, 100,020 farmers, 2,000,400 DOs, "
        "44 million DO lines):",
        "make bench-scale SCALE_ARGS='--mills 30 --farmers-per-mill 3334 --dos-per-farmer 20'",
        "# or step by step:",
        "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tebu_scale",
        "nice -n 15 .venv/bin/python bench/scale/load.py --fresh --mills 2 "
        "--farmers-per-mill 1000 --dos-per-farmer 50",
        "nice -n 15 .venv/bin/python bench/scale/run.py --runs 3 --duration 15",
        "```",
        "",
        "`load.py --help` and `run.py --help` list every parameter (plots per farmer, lines per "
        "DO, regions, compliance events per DO, credit share; logged-in farmers, wrk threads, "
        "connections, duration, runs, a subset of pages). Raw numbers of each run are kept in "
        "bench/output/ (not committed). Every bench login's password is `bench-scale-2026`.",
        "",
    ]
    # Notes written by hand below the marker survive a new run.
    notes = ""
    if path.exists() and NOTES_MARKER in path.read_text():
        notes = path.read_text().split(NOTES_MARKER, 1)[1]
    path.write_text("\n".join(lines) + "\n" + NOTES_MARKER + (notes or "\n"))


def _duration(runs) -> int:
    return round(runs[0]["duration_us"] / 1e6)


def _load(values) -> str:
    return " ".join(f"{v:.2f}" for v in values)
