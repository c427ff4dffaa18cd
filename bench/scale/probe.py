"""SQL queries and single-request time of each page, in-process with Django's test client.

Called by run.py with the production settings (DJANGO_DEBUG=0) on the loaded database; reads a
JSON list of {"key", "username", "path"} on stdin and prints, per entry, the status, the number
of SQL queries of one request (a database execute wrapper, after one warm-up request) and the median
time of ``--repeats`` requests one at a time; also the time spent in SQL during that request
and its three slowest queries.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from common import django_setup


def _compose(connection, sql: str, params) -> str:
    """The query with its parameters bound, to paste into EXPLAIN ANALYZE."""
    try:
        return connection.ops.compose_sql(sql, params)
    except Exception:  # noqa: BLE001 - a query we cannot bind is kept unbound
        return sql


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    entries = json.load(sys.stdin)
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings

    users = {}
    out = []
    for entry in entries:
        username = entry["username"]
        if username not in users:
            users[username] = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(users[username])
        path = entry["path"]
        # The product's farmer page cache off for the pages the "drawn" server serves.
        drawn = override_settings(FARMER_PAGE_CACHE_SECONDS=0) if entry.get("drawn") else None
        if drawn is not None:
            drawn.enable()
        # Twice: the first answer sets the CSRF cookie, which is part of a kept page's key.
        first = client.get(path, secure=True)
        client.get(path, secure=True)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(((time.perf_counter() - start) * 1000, sql, params))

        with connection.execute_wrapper(count):
            response = client.get(path, secure=True)
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            client.get(path, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        out.append(
            {
                "key": entry["key"],
                "path": entry["path"],
                "status": response.status_code,
                "first_status": first.status_code,
                "queries": len(queries),
                "single_ms": round(statistics.median(times), 1),
                "bytes": len(response.content),
                "sql_ms": round(sum(q[0] for q in queries), 1),
                "slowest": [
                    {"ms": round(ms, 1), "sql": sql[:600], "full": _compose(connection, sql, p)}
                    for ms, sql, p in sorted(queries, key=lambda q: q[0], reverse=True)[:3]
                ],
            }
        )
        if drawn is not None:
            drawn.disable()
        brief = {k: v for k, v in out[-1].items() if k != "slowest"}
        print(f"  probe {entry['key']}: {brief}", file=sys.stderr, flush=True)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
