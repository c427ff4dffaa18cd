"""Lighthouse on the farmer's pages (issue 14): home, DO list and one DO, mobile emulation.

    make bench-lighthouse            # or: .venv/bin/python bench/lighthouse/run.py [--runs 3]

The production path, the way a farmer's phone meets it: DJANGO_DEBUG=0, hashed static files
served by whitenoise, gunicorn with 2 workers, the demo data (SQLite in bench/output/, made once
and kept). The demo farmer logs in through the real form; Lighthouse 12.2.3 (npm, pinned in
package.json: the release that runs on Node 20) drives Debian's Chromium with its default mobile
emulation (a mid-range phone, simulated slow 4G and a 4x slower CPU) and sends the session cookie
with every request. Each page runs ``--runs`` times; the median of each score is written to
bench/RESULTS.md with the date, the machine and the versions (goal: performance >= 90,
accessibility >= 95).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
OUTPUT = ROOT / "bench" / "output" / "lighthouse"
DATABASE = ROOT / "bench" / "output" / "lighthouse.sqlite3"
RESULTS = ROOT / "bench" / "RESULTS.md"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
USERNAME, PASSWORD = "petani", "tebu-petani-2026"
DEMO_LOADERS = (
    "load_demo",
    "load_demo_harvest",
    "load_demo_credit",
    "load_demo_farms",
    "load_demo_surveys",
    "load_demo_complaints",
    "load_demo_compliance",
)
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}
SECTION = "## Lighthouse: the farmer's pages (issue 14)"


def say(message: str) -> None:
    print(f"[lighthouse] {message}", flush=True)


def production_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_hex(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on the loopback: no TLS terminator here to redirect to.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{DATABASE}",
    )
    env.pop("CELERY_BROKER_URL", None)  # the demo's tasks run in-process
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict[str, str]) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    if not DATABASE.exists():
        say(f"making the demo database {DATABASE.relative_to(ROOT)} (once)")
        partial = DATABASE.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        made = dict(env, DATABASE_URL=f"sqlite:///{partial}")
        manage(made, "migrate", "--noinput", "-v", "0")
        for loader in DEMO_LOADERS:
            manage(made, loader, "-v", "0")
        partial.rename(DATABASE)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "--clear", "-v", "0")


def request(port: int, method: str, path: str, cookies: dict, body: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}{path}"
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    connection.close()
    return response.status, response.getheader("Location", ""), text


def log_in(port: int) -> str:
    """The session cookie of the demo farmer, through the real login form. Cookies are kept by
    hand: the production session cookie is Secure, and a cookie jar would not send it over the
    loopback's plain HTTP."""
    cookies: dict[str, str] = {}
    status, _, page = request(port, "GET", "/accounts/login/", cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not token:
        raise SystemExit(f"login page answered {status}")
    body = {"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD}
    status, location, _ = request(port, "POST", "/accounts/login/", cookies, body)
    if status != 302 or "login" in location or "sessionid" not in cookies:
        raise SystemExit(f"the demo farmer could not log in ({status} {location})")
    return f"sessionid={cookies['sessionid']}"


def farmer_pages(port: int, cookie: str) -> dict[str, str]:
    cookies = dict(item.split("=", 1) for item in [cookie])
    status, _, listing = request(port, "GET", "/me/do/", cookies)
    first_do = re.search(r'href="(/me/do/\d+/)"', listing)
    if status != 200 or not first_do:
        raise SystemExit(f"the farmer's DO list answered {status} with no DO link")
    return {"home": "/", "DO list": "/me/do/", "DO page": first_do.group(1)}


def lighthouse(url: str, cookie: str, report: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=CHROMIUM))
    data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    metrics = {label: data["audits"][key]["numericValue"] for key, label in METRICS.items()}
    if data.get("finalDisplayedUrl", url).rstrip("/").endswith("/accounts/login"):
        raise SystemExit(f"{url} sent Lighthouse to the login page: the cookie was not taken")
    return {"scores": scores, "metrics": metrics}


def machine() -> str:
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    return (
        f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, {platform.machine()}, "
        f"{chromium.strip()}, Node {node.strip()}, Lighthouse 12.2.3"
    )


def write_results(pages: dict[str, list[dict]], runs: int) -> None:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        SECTION,
        "",
        f"Measured {when} by `make bench-lighthouse` on {machine()}.",
        "Mobile emulation (Lighthouse's default: simulated slow 4G, 4x CPU slowdown); the demo",
        "farmer logged in; DJANGO_DEBUG=0, whitenoise, gunicorn with 2 workers, SQLite demo data.",
        f"Medians of {runs} runs a page. Goal: performance >= 90, accessibility >= 95.",
        "",
        "| Page | Performance | Accessibility | Best practices | FCP | LCP | TBT | CLS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, results in pages.items():
        score = {c: statistics.median(r["scores"][c] for r in results) for c in CATEGORIES}
        metric = {m: statistics.median(r["metrics"][m] for r in results) for m in METRICS.values()}
        lines.append(
            f"| {page} | {score['performance']:.0f} | {score['accessibility']:.0f} | "
            f"{score['best-practices']:.0f} | {metric['FCP'] / 1000:.1f} s | "
            f"{metric['LCP'] / 1000:.1f} s | {metric['TBT']:.0f} ms | {metric['CLS']:.3f} |"
        )
    section = "\n".join(lines) + "\n"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if SECTION in text:
        before, _, after = text.partition(SECTION)
        rest = re.search(r"\n## ", after)
        text = before + section + (after[rest.start() :] if rest else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)
    say(f"written to {RESULTS.relative_to(ROOT)}")
    print(section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: `make bench-lighthouse` installs it")
    env = production_env(args.port)
    prepare(env)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "tebu_site.wsgi:application"]
        + ["--bind", f"127.0.0.1:{args.port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(OUTPUT / "gunicorn.log").open("w"),
    )
    try:
        for _ in range(60):
            try:
                if request(args.port, "GET", "/healthz", {})[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        cookie = log_in(args.port)
        pages = farmer_pages(args.port, cookie)
        results: dict[str, list[dict]] = {name: [] for name in pages}
        for run in range(1, args.runs + 1):
            for name, path in pages.items():
                slug = name.lower().replace(" ", "-")
                report = OUTPUT / f"{slug}-{run}.json"
                results[name].append(
                    lighthouse(f"http://127.0.0.1:{args.port}{path}", cookie, report)
                )
                say(f"run {run} {name}: {results[name][-1]['scores']}")
        write_results(results, args.runs)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
