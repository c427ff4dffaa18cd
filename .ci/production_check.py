"""The production path, as a deployment runs it: DEBUG off, hashed static files, gunicorn.

Called by `.ci/run` after the environment below is prepared (a migrated database with the demo
registry and harvest, `collectstatic` done with DJANGO_DEBUG=0, gunicorn listening on BASE_URL).
It logs in as the demo farmer the way a browser would and fails unless the login page, one of its
hashed static files and the farmer's own DO page all answer 200, and that after logging out no
worker still knows the session (sessions live in the shared Redis cache).

Plain standard library on purpose: this must run before anything else is trusted, and cookies are
handled by hand because the production session cookie is `Secure` and http.cookiejar would not send
it over the loopback's plain HTTP (the proxy header below stands in for the TLS terminator).
"""

from __future__ import annotations

import http.client
import re
import sys
import urllib.parse

BASE_URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
USERNAME, PASSWORD = "petani", "tebu-petani-2026"
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


class Browser:
    def __init__(self, base_url: str) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, referer: str = ""):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = dict(PROXY_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        encoded = None
        if body is not None:
            encoded = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{referer or path}"
        connection.request(method, path, body=encoded, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), text


def fail(message: str) -> None:
    print(f"[production] FAIL: {message}")
    sys.exit(1)


def main() -> None:
    browser = Browser(BASE_URL)
    status, _, login_page = browser.request("GET", "/accounts/login/")
    if status != 200:
        fail(f"login page answered {status}")
    print("[production] login page: 200")

    static = re.search(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"', login_page)
    if not static:
        fail("the login page links no hashed static file (manifest storage not in use?)")
    status, headers, _ = browser.request("GET", static.group(1))
    if status != 200:
        fail(f"{static.group(1)} answered {status}")
    print(f"[production] {static.group(1)}: 200, cache-control {headers.get('Cache-Control')}")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    if not token:
        fail("no CSRF token on the login page")
    status, headers, _ = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD},
        referer="/accounts/login/",
    )
    if status != 302:
        fail(f"login answered {status}, not a redirect")

    status, _, do_list = browser.request("GET", "/me/do/")
    if status != 200:
        fail(f"the farmer's DO list answered {status}")
    first_do = re.search(r'href="(/me/do/\d+/)"', do_list)
    if not first_do:
        fail("the farmer's DO list links no DO")
    status, _, do_page = browser.request("GET", first_do.group(1))
    if status != 200:
        fail(f"{first_do.group(1)} answered {status}")
    if "Rp" not in do_page:
        fail(f"{first_do.group(1)} shows no amount in Rupiah")
    print(f"[production] farmer's DO list and {first_do.group(1)}: 200")

    # Sessions are read from the shared cache (DJANGO_CACHE_URL): after a logout no gunicorn
    # worker may still know the session, whichever of them answers the next requests.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', do_page)
    if not token:
        fail("no CSRF token on the DO page (logout form)")
    status, _, _ = browser.request(
        "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token.group(1)}, referer="/me/do/"
    )
    if status != 302:
        fail(f"logout answered {status}, not a redirect")
    for attempt in range(6):
        status, headers, _ = browser.request("GET", "/me/do/")
        if status != 302 or "/accounts/login/" not in headers.get("Location", ""):
            fail(f"after logout, request {attempt + 1} for /me/do/ answered {status}")
    print("[production] after logout every worker sends the farmer to the login page")


if __name__ == "__main__":
    main()
