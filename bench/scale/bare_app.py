"""The bare baseline (issue 18): a WSGI app that reads a farmer's last 20 DOs with psycopg and
writes them as HTML by hand. No framework, no auth: the limit of this box for one DO page."""

from __future__ import annotations

import html
import os
from urllib.parse import parse_qs

import psycopg

_connection = None

QUERY = (
    "SELECT id, number, status, period_end, payable FROM harvest_deliveryorder "
    "WHERE farmer_id = %s ORDER BY period_end DESC, id DESC LIMIT 20"
)


def application(environ, start_response):
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    farmer = parse_qs(environ.get("QUERY_STRING", "")).get("f", ["0"])[0]
    rows = _connection.execute(QUERY, [int(farmer) if farmer.isdigit() else 0]).fetchall()
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>"
        for row in rows
    )
    body = f"<!doctype html><html><body><table>{cells}</table></body></html>".encode()
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]
