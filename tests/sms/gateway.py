"""A stand-in SMS gateway: real HTTP on 127.0.0.1 in a thread, recording what it receives and
failing on request (``fail_with(500, times=2)``, ``fail_with(400)``, ``fail_with(429,
retry_after="30")``)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def data(self) -> dict:
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(self.body)
        return dict(urllib.parse.parse_qsl(self.body.decode()))


@dataclass
class Gateway:
    url: str = ""
    requests: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # statuses to answer, one per request
    retry_after: str | None = None  # the Retry-After header sent with each failure, if any
    answer: dict | None = None  # the JSON of a success; default {"message_id": "gw-<n>"}
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_with(self, status: int, times: int = 1, retry_after: str | None = None) -> None:
        self.failures.extend([status] * times)
        self.retry_after = retry_after

    @property
    def messages(self) -> list[dict]:
        return [r.data for r in self.requests]


def start(gateway: Gateway) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with gateway.lock:
                gateway.requests.append(Received(self.path, dict(self.headers), body))
                status = gateway.failures.pop(0) if gateway.failures else 200
                answer = gateway.answer or {"message_id": f"gw-{len(gateway.requests)}"}
            payload = json.dumps(answer if status == 200 else {"error": "refused"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if status != 200 and gateway.retry_after is not None:
                self.send_header("Retry-After", gateway.retry_after)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
