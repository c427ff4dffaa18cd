"""Load harness of issue 18: every page under wrk beside two baselines, written to bench/SCALE.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tebu_scale \\
        nice -n 15 .venv/bin/python bench/scale/run.py [--runs 3] [--duration 15] [--farmers 100]

On a database loaded by bench/scale/load.py this script:

1. runs ``collectstatic`` with DJANGO_DEBUG=0 (the production path: hashed manifest, whitenoise);
2. measures each page once in-process with the test client: SQL queries of one request
   (a database execute wrapper counts them) and the median time of single requests (probe.py);
3. starts three gunicorns with 4 sync workers each: the product (DJANGO_DEBUG=0), the bare
   baseline (bare_app.py, psycopg and no framework) and the minimal Django baseline
   (minimal/: the ORM and a template, no auth);
4. logs in ``--farmers`` bench farmers and every bench mill's manager, field officer and credit
   officer through the real login form (the session cookies are gathered before any measurement);
5. runs wrk (``--threads``/``--connections``/``--duration``) on every page, a Lua script rotating
   the logged-in users (and their DOs) request by request and counting answers other than 200;
   after each page, the harness waits until the server has worked off what wrk left queued;
   after a warm-up round that is not recorded (``--warmup`` seconds a page: every worker imports
   and connects), ``--runs`` rounds, each going through every page once, so drift falls on all;
6. writes bench/SCALE.md (report.py): medians and ranges of the runs, the ratio to the minimal
   Django baseline, queries per page, load average, versions, cores and the dataset's size.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from common import PASSWORD, database_url  # noqa: E402
from report import collect_facts, write_report  # noqa: E402

OUTPUT = ROOT / "bench" / "output"
PROXY = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}

# key, what the table calls it, server, role of the user, path ({do_id}, {farmer_id}, {q}).
PAGES = [
    ("bare", "bare baseline (psycopg, no framework)", "bare", "farmer", "/?f={farmer_id}"),
    ("minimal", "minimal Django baseline (ORM + template)", "minimal", "farmer", "/?f={farmer_id}"),
    ("farmer_do_list", "farmer DO list `/me/do/`", "app", "farmer", "/me/do/"),
    ("farmer_do_detail", "farmer DO detail `/me/do/<id>/`", "app", "farmer", "/me/do/{do_id}/"),
    ("farmer_home", "farmer home `/`", "app", "farmer", "/"),
    ("farmer_api", "farmer API `/api/delivery-orders/`", "app", "farmer", "/api/delivery-orders/"),
    # The same four drawn every time: a server with the farmer page cache off (a first visit).
    ("farmer_do_list_drawn", "farmer DO list, drawn every time", "drawn", "farmer", "/me/do/"),
    (
        "farmer_do_detail_drawn",
        "farmer DO detail, drawn every time",
        "drawn",
        "farmer",
        "/me/do/{do_id}/",
    ),  # fmt: skip
    ("farmer_home_drawn", "farmer home, drawn every time", "drawn", "farmer", "/"),
    (
        "farmer_api_drawn",
        "farmer API list, drawn every time",
        "drawn",
        "farmer",
        "/api/delivery-orders/",
    ),  # fmt: skip
    ("manager_home", "manager home `/`", "app", "manager", "/"),
    ("do_register", "DO register `/do/`", "app", "manager", "/do/"),
    ("overdue", "overdue DOs `/do/overdue/`", "app", "manager", "/do/overdue/"),
    ("scorecard", "partnership scorecard", "app", "manager", "/compliance/scorecard/"),
    ("farmer_search", "staff farmer search `/farmers/?q=`", "app", "field", "/farmers/?q={q}"),
    ("compliance", "compliance ledger `/compliance/`", "app", "manager", "/compliance/"),
    ("credit", "credit pipeline `/credit/`", "app", "credit", "/credit/"),
    ("satisfaction", "satisfaction dashboard", "app", "manager", "/satisfaction/"),
]

# The product, served twice: as deployed, and with the farmer page cache off (the cost of drawing
# a farmer's page, as at his first visit after a change). Both share the database and Redis, so a
# login made on one is good on the other.
APP_SERVERS = ("app", "drawn")

LUA = r"""
local reqs = %(requests)s
local counter = 1
bad = 0
local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end
function init(args)
  counter = (id * 7919) %% #reqs + 1
end
function request()
  local r = reqs[counter]
  counter = counter %% #reqs + 1
  local headers = {["X-Forwarded-Proto"] = "https", ["Host"] = "127.0.0.1"}
  if r[2] ~= "" then headers["Cookie"] = r[2] end
  return wrk.format("GET", r[1], headers)
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "not_200": %%d, ' ..
    '"p50_us": %%d, "p99_us": %%d, "socket_errors": %%d, "timeouts": %%d}\n',
    summary.requests, summary.duration, b, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write, e.timeout))
end
"""


def say(message: str) -> None:
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", flush=True)


def sql(url: str, query: str, params=None) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


def login(port: int, username: str) -> str:
    """Log in through the real form; the session (and CSRF) cookies as a Cookie header."""
    cookies: dict[str, str] = {}

    def request(method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = dict(PROXY)
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.getheader("Location", ""), text

    status, _, page = request("GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not token:
        raise SystemExit(f"login page for {username}: {status}")
    body = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
    status, location, _ = request("POST", "/accounts/login/", body)
    if status != 302 or "login" in location or "sessionid" not in cookies:
        raise SystemExit(f"{username} could not log in ({status} -> {location})")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def pick_users(url: str, farmers: int, seed: int) -> dict[str, list[dict]]:
    """Bench users and what their requests need: farmers with one of their issued DOs (seeded),
    every bench mill's staff, and farmer names the field officers search for."""
    rng = random.Random(seed)
    rows = sql(
        url,
        "SELECT u.username, f.id, (SELECT d.id FROM harvest_deliveryorder d WHERE d.farmer_id = "
        "f.id AND d.status <> 'draft' ORDER BY md5(d.id::text || %s) LIMIT 1) "
        "FROM partners_farmer f JOIN tebu_site_user u ON u.id = f.user_id "
        "WHERE u.username LIKE 'bench-f%%' ORDER BY f.id",
        [str(seed)],
    )
    if not rows:
        raise SystemExit("no bench farmers: load the dataset first (bench/scale/load.py)")
    chosen = rng.sample(rows, min(farmers, len(rows)))
    users: dict[str, list[dict]] = {"farmer": []}
    for username, farmer_id, do_id in chosen:  # a farmer sees his DOs once issued
        users["farmer"].append({"username": username, "farmer_id": farmer_id, "do_id": do_id})
    for role, suffix in (("manager", "manager"), ("field", "field"), ("credit", "credit")):
        users[role] = [
            {"username": r[0], "q": f"Bench {rng.randint(1, 999)}"}
            for r in sql(
                url,
                "SELECT username FROM tebu_site_user WHERE username LIKE %s ORDER BY username",
                [f"bench-m%-{suffix}"],
            )
        ]
    return users


def requests_for(page: tuple, users: dict, cookies: dict[str, str]) -> list[tuple[str, str]]:
    key, _, server, role, path = page
    out = []
    for user in users[role]:
        filled = path.format(
            do_id=user.get("do_id", 0),
            farmer_id=user.get("farmer_id", 0),
            q=urllib.parse.quote_plus(user.get("q", "")),
        )
        out.append((filled, cookies.get(user["username"], "") if server in APP_SERVERS else ""))
    return out


def start(name: str, args: list[str], env: dict, port: int, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"gunicorn-{name}.log", "w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), *args, "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--worker-class", "sync", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz" if name in APP_SERVERS else "/?f=0", headers=PROXY)
            conn.getresponse().read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(
                    f"gunicorn {name} died: see {log_dir}/gunicorn-{name}.log"
                ) from None
            time.sleep(0.5)
    raise SystemExit(f"gunicorn {name} did not answer on port {port}")


def drain(port: int, path: str, limit: float = 600.0) -> float:
    """Wait until the server has worked off the requests wrk left queued (gunicorn's sync workers
    finish every accepted request after wrk has gone): four requests at once must each answer
    within a second. Returns the seconds waited, so the next page starts on an idle server."""
    started = time.monotonic()

    def one(_):
        t0 = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
        conn.request("GET", path, headers=PROXY)
        conn.getresponse().read()
        conn.close()
        return time.monotonic() - t0

    with ThreadPoolExecutor(4) as pool:
        while time.monotonic() - started < limit:
            if max(pool.map(one, range(4))) < 1.0:
                break
            time.sleep(1)
    return time.monotonic() - started


def wrk(port: int, reqs: list[tuple[str, str]], args, tmp: Path) -> dict:
    lua = "{" + ",".join(f"{{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in reqs) + "}"
    script = tmp / "rotate.lua"
    script.write_text(LUA % {"requests": lua})
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--timeout", "30s", "-s", str(script), f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    result = json.loads(line[len("WRKJSON ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["load"] = os.getloadavg()
    app_ports = (args.port, args.port + 3)
    result["drain_s"] = drain(port, "/healthz" if port in app_ports else "/?f=0")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=15, help="seconds per page and run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per page, not recorded")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--farmers", type=int, default=100, help="farmers logged in")
    parser.add_argument("--port", type=int, default=8870, help="app; baselines on +1, +2")
    parser.add_argument("--pages", default="", help="comma-separated keys (default: all)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--output", default=str(ROOT / "bench" / "SCALE.md"))
    parser.add_argument("--report-from", default="", help="a saved bench/output/scale-*.json: "
                        "write the report from it again, measure nothing")  # fmt: skip
    args = parser.parse_args()
    if args.report_from:
        raw = json.loads(Path(args.report_from).read_text())
        write_report(Path(args.output), [tuple(p) for p in raw["pages"]], raw["results"],
                     raw["probes"], raw["facts"])  # fmt: skip
        say(f"wrote {args.output} from {args.report_from}")
        return
    url = database_url()
    OUTPUT.mkdir(exist_ok=True)
    pages = [p for p in PAGES if not args.pages or p[0] in args.pages.split(",")]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "PYTHONPATH": str(HERE),
        # Sessions and the farmer page cache in a shared Redis, as docker-compose deploys it.
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/13",
    }
    env.pop("CELERY_BROKER_URL", None)
    python = str(ROOT / ".venv/bin/python")
    load_start = os.getloadavg()
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=True, capture_output=True)
    say("collectstatic with DJANGO_DEBUG=0")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT,
                   env=env, check=True)  # fmt: skip
    users = pick_users(url, args.farmers, args.seed)
    say("queries per page and single-request time (test client, in-process)")
    probe_in = [
        {
            "key": p[0],
            "username": users[p[3]][0]["username"],
            "path": requests_for(p, users, {})[0][0],
            "drawn": p[2] == "drawn",
        }
        for p in pages
        if p[2] in APP_SERVERS
    ]
    probe = subprocess.run(
        [python, str(HERE / "probe.py")], input=json.dumps(probe_in), stdout=subprocess.PIPE,
        text=True, env=env, cwd=HERE,
    )  # fmt: skip
    if probe.returncode:
        raise SystemExit("probe failed (its error is above)")
    probes = {p["key"]: p for p in json.loads(probe.stdout)}
    (OUTPUT / f"probe-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(probe.stdout)
    app_env = dict(env)
    app_env.pop("PYTHONPATH")
    base_env = {**env, "DJANGO_SETTINGS_MODULE": "minimal.settings"}
    procs = []
    try:
        procs.append(start("app", ["tebu_site.wsgi:application"], app_env, args.port, OUTPUT))
        drawn_env = {**app_env, "DJANGO_FARMER_PAGE_CACHE_SECONDS": "0"}
        procs.append(start("drawn", ["tebu_site.wsgi:application"], drawn_env, args.port + 3,
                           OUTPUT))  # fmt: skip
        procs.append(start("bare", ["--pythonpath", str(HERE), "bare_app:application"], env,
                           args.port + 1, OUTPUT))  # fmt: skip
        procs.append(start("minimal", ["--pythonpath", str(HERE), "minimal.wsgi:application"],
                           base_env, args.port + 2, OUTPUT))  # fmt: skip
        ports = {
            "app": args.port, "bare": args.port + 1, "minimal": args.port + 2,
            "drawn": args.port + 3,
        }  # fmt: skip
        names = sorted({u["username"] for role in users.values() for u in role})
        say(f"logging in {len(names)} users through the login form")
        with ThreadPoolExecutor(4) as pool:
            cookies = dict(zip(names, pool.map(lambda n: login(args.port, n), names), strict=True))
        results: dict[str, list[dict]] = {p[0]: [] for p in pages}
        with tempfile.TemporaryDirectory() as tmp:
            if args.warmup:
                say(f"warm-up: {args.warmup} s per page, not recorded")
                warm = argparse.Namespace(**{**vars(args), "duration": args.warmup})
                for page in pages:
                    wrk(ports[page[2]], requests_for(page, users, cookies), warm, Path(tmp))
            for run in range(1, args.runs + 1):
                for page in pages:
                    reqs = requests_for(page, users, cookies)
                    result = wrk(ports[page[2]], reqs, args, Path(tmp))
                    results[page[0]].append(result)
                    say(
                        f"run {run} {page[0]}: {result['rps']:.1f} req/s, p50 "
                        f"{result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms"
                        f", not 200: {result['not_200']}, timeouts {result['timeouts']}, load "
                        f"{result['load'][0]:.2f}, backlog drained in {result['drain_s']:.0f} s"
                    )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    load_end = os.getloadavg()
    facts = collect_facts(url)
    facts.update(
        load_start=load_start, load_end=load_end, args=vars(args), users=users,
        logged_in=len(cookies),
    )  # fmt: skip
    raw = {"pages": pages, "results": results, "probes": probes, "facts": facts}
    (OUTPUT / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(raw, indent=1, default=str)
    )
    write_report(Path(args.output), pages, results, probes, facts)
    say(f"wrote {args.output}")
    for key, probe in probes.items():
        if probe["status"] != 200:
            say(f"WARNING: {key} answered {probe['status']} in the probe")


if __name__ == "__main__":
    main()
