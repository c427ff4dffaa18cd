"""No page, opened with whatever a user or a crawler puts in its URL, is a server error (issue 13).

On the demo data, as a farmer, a field officer and a manager, every GET URL of the resolver (the
pages and the API's lists and details) is opened: with the ids the role's own pages link to, with
ids that cannot exist, and then with malformed values (``abc``, ``NaN``, ``1e999999``,
``9999-12-31``, a NUL byte, 5,000 characters, ...) for every query parameter the page reads. Which
parameters a page reads is learned by watching the request's QueryDict while the page is built,
plus the names of its GET forms' inputs and of its links' query strings. Any 5xx fails the test
with the list of URLs.

Bounded and repeatable: the links followed per URL pattern and the order of the values are fixed
by a seeded random generator, so CI sends the same requests on every run. Each request runs in a
savepoint rolled back after it: what one page writes never changes what the next one meets, and a
failed query on PostgreSQL does not poison the rest of the crawl.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from tebu_site.models import User
from tests.tebu_site import markup_numbers

pytestmark = pytest.mark.django_db

# The Makefile's `run` target, in its order: each loader builds on the previous ones.
DEMO_LOADERS = (
    "load_demo",
    "load_demo_harvest",
    "load_demo_credit",
    "load_demo_farms",
    "load_demo_surveys",
    "load_demo_complaints",
    "load_demo_compliance",
)
ROLES = ("petani", "sinder", "manajer")  # a farmer, a field officer, a manager
SEED = 13
LINKS_PER_PATTERN = 2  # concrete URLs (real ids) kept per URL pattern
MAX_PAGES = 400  # per role: a bound in case links multiply

# What a careless or hostile user types into a query string.
MALFORMED_VALUES = (
    "abc",
    "-1",
    "0",
    "NaN",
    "inf",
    "1e999999",
    "9999-12-31",
    "0001-01-01",
    "99999999999999999999999",
    "²",
    "ñ€😀\u202e",
    "\x00",
    "x" * 5000,
)
# Path values no object has: for `<int:...>` only digits match the route.
ABSURD_INTS = ("0", "99999999999999999999999")
ABSURD_TEXT = ("abc", "99999999999999999999999")

# Not crawled: the Django admin (Django's own), signing out, and the schema pages (big and
# covered by the API fuzzer, which reads the schema itself).
SKIP_NAMES = re.compile(r"^(admin:|logout$|api-schema$|api-docs$|set_language$)")

HREF = re.compile(r"""(?:href|hx-get|data-url)\s*=\s*["']([^"']+)["']""")
GET_FORM = re.compile(r"<form\b(?![^>]*method=[\"']?post)[^>]*>(.*?)</form>", re.S | re.I)
INPUT_NAME = re.compile(r"""<(?:input|select|textarea)\b[^>]*\bname=["']([^"']+)["']""", re.I)


@dataclass
class Report:
    pages: int = 0
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    localised_numbers: list[str] = field(default_factory=list)  # markup_numbers, both languages


# --- which query parameters a page reads ------------------------------------------------------

_read_names: set[str] | None = None


@contextmanager
def watching_query_reads():
    """Record every key a view, form, filter or template reads from a QueryDict."""
    global _read_names
    originals = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__")}
    original_contains = QueryDict.__contains__

    def recording(method):
        def wrapper(self, key, *args, **kwargs):
            if _read_names is not None and isinstance(key, str):
                _read_names.add(key)
            return method(self, key, *args, **kwargs)

        return wrapper

    for name, method in originals.items():
        setattr(QueryDict, name, recording(method))
    QueryDict.__contains__ = recording(original_contains)
    try:
        yield
    finally:
        for name, method in originals.items():
            setattr(QueryDict, name, method)
        QueryDict.__contains__ = original_contains


# --- URL patterns and their concrete URLs -----------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str
    kwargs: tuple[tuple[str, bool], ...]  # (name, digits only)


def url_patterns() -> list[Pattern]:
    found: dict[tuple, Pattern] = {}

    def walk(patterns, namespace, inherited):
        for entry in patterns:
            groups = dict(inherited)
            for key, is_int in kwargs_of(entry):
                groups[key] = is_int
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, groups)
            elif isinstance(entry, URLPattern) and entry.name:
                if "format" in groups:  # DRF's `.json` suffix twins of the same view
                    continue
                name = namespace + entry.name
                pattern = Pattern(name, tuple(sorted(groups.items())))
                found.setdefault((name, pattern.kwargs), pattern)

    walk(get_resolver().url_patterns, "", {})
    return [p for p in found.values() if not SKIP_NAMES.match(p.name)]


def kwargs_of(entry) -> list[tuple[str, bool]]:
    pattern = entry.pattern
    converters = getattr(pattern, "converters", {})
    result = []
    for key in pattern.regex.groupindex:
        converter = converters.get(key)
        result.append((key, converter is not None and converter.regex == "[0-9]+"))
    return result


def absurd_urls(pattern: Pattern) -> list[str]:
    """The pattern with values no object has, one kwarg set at a time to each."""
    urls = []
    for index in range(len(max((ABSURD_INTS, ABSURD_TEXT), key=len))):
        kwargs = {}
        for key, is_int in pattern.kwargs:
            values = ABSURD_INTS if is_int else ABSURD_TEXT
            kwargs[key] = values[index % len(values)]
        try:
            urls.append(reverse(pattern.name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return urls


def pattern_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


# --- the crawl ---------------------------------------------------------------------------------


class Crawler:
    def __init__(self, client: Client, report: Report, rng: random.Random):
        self.client, self.report, self.rng = client, report, rng

    def get(self, url: str, params: dict | None = None):
        global _read_names
        full = url + ("?" + urlencode(params) if params else "")
        names: set[str] = set()
        _read_names = names
        savepoint = transaction.savepoint()
        try:
            response = self.client.get(url, params or {})
        finally:
            transaction.savepoint_rollback(savepoint)
            _read_names = None
        self.report.requests += 1
        self.report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.report.server_errors.append(f"GET {shorten(full)} -> {response.status_code}")
        return response, names

    def crawl(self, patterns: list[Pattern]) -> None:
        by_name: dict[str, list[str]] = defaultdict(list)  # pattern -> concrete URLs (real ids)
        queue = [reverse(p.name) for p in patterns if not p.kwargs]
        pages: dict[str, set[str]] = {}  # path -> query names it reads or offers
        while queue and len(pages) < MAX_PAGES:
            url = queue.pop(0)
            if url in pages:
                continue
            response, _ = self.get(url)
            names = set()
            if response.status_code == 200 and is_html(response):
                body = response.content.decode(errors="replace")
                self.check_numbers(url, body)
                names |= names_in_get_forms(body)
                links = sorted(set(links_in(body)))
                self.rng.shuffle(links)
                for link in links:
                    path, query = split(link)
                    names |= set(QueryDict(query).keys())
                    view_name = pattern_of(path)
                    if view_name is None or SKIP_NAMES.match(view_name) or path in pages:
                        continue
                    if path == url:
                        continue
                    wanted = len(by_name[view_name]) < LINKS_PER_PATTERN or not has_kwargs(path)
                    if wanted and path not in by_name[view_name]:
                        by_name[view_name].append(path)
                        queue.append(path)
            pages[url] = names
        for pattern in patterns:
            if pattern.kwargs:
                for url in absurd_urls(pattern):
                    self.get(url)
        self.report.pages = len(pages)
        self.in_english(pages)
        # The same page with another object's id reads the same parameters: one URL a pattern.
        done = set()
        for url, offered in pages.items():
            view_name = pattern_of(url)
            if view_name not in done:
                done.add(view_name)
                self.malformed_queries(url, offered)

    def check_numbers(self, url: str, body: str) -> None:
        language = self.client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        for problem in markup_numbers.problems_in(body):
            where = language.value if language else settings.LANGUAGE_CODE
            self.report.localised_numbers.append(f"{where} {shorten(url)}: {problem}")

    def in_english(self, pages: dict[str, set[str]]) -> None:
        """Every page again in English: its markup numbers must not depend on the language."""
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        try:
            for url in pages:
                response, _ = self.get(url)
                if response.status_code == 200 and is_html(response):
                    self.check_numbers(url, response.content.decode(errors="replace"))
        finally:
            del self.client.cookies[settings.LANGUAGE_COOKIE_NAME]

    def malformed_queries(self, url: str, offered: set[str]) -> None:
        """Every value for every parameter the page reads: each request gives each parameter a
        different value (a Latin square), so len(MALFORMED_VALUES) requests cover them all."""
        # A non-empty query binds the page's filter form, so its fields are read and seen.
        _, read = self.get(url, {"crawl": "1"})
        names = sorted((read | offered) - {"crawl", "csrfmiddlewaretoken"})
        if not names:
            return
        offsets = {name: self.rng.randrange(len(MALFORMED_VALUES)) for name in names}
        for round_ in range(len(MALFORMED_VALUES)):
            params = {
                name: MALFORMED_VALUES[(round_ + offsets[name]) % len(MALFORMED_VALUES)]
                for name in names
            }
            self.get(url, params)


def has_kwargs(path: str) -> bool:
    return bool(resolve(path).kwargs)


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def links_in(body: str) -> list[str]:
    links = []
    for raw in HREF.findall(body):
        link = unescape(raw)
        if link.startswith("/") and not link.startswith(("//", "/static/", "/media/")):
            links.append(link.split("#")[0])
    return links


def names_in_get_forms(body: str) -> set[str]:
    return {name for form in GET_FORM.findall(body) for name in INPUT_NAME.findall(form)}


def split(link: str) -> tuple[str, str]:
    parts = urlsplit(link)
    return parts.path, parts.query


def shorten(url: str) -> str:
    return url if len(url) <= 300 else url[:300] + "…"


def test_no_page_of_a_farmer_field_officer_or_manager_answers_a_malformed_query_with_5xx(capsys):
    started = time.monotonic()
    for loader in DEMO_LOADERS:
        call_command(loader, verbosity=0)
    loaded = time.monotonic()
    patterns = url_patterns()
    reports: dict[str, Report] = {}
    with watching_query_reads():
        for username in ROLES:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=username))
            reports[username] = report = Report()
            Crawler(client, report, random.Random(SEED)).crawl(patterns)
            assert report.statuses[200] > 10, f"{username} saw almost no page: {report.statuses}"
    with capsys.disabled():
        print(
            f"\n[page crawler] demo loaded in {loaded - started:.0f} s, crawled in "
            f"{time.monotonic() - loaded:.0f} s; {len(patterns)} URL patterns"
        )
        for username, report in reports.items():
            print(
                f"[page crawler] {username}: {report.pages} pages, {report.requests} requests, "
                f"{len(report.server_errors)} server errors; "
                f"answers {dict(sorted(report.statuses.items()))}"
            )
    errors = [f"{name}: {line}" for name, r in reports.items() for line in r.server_errors]
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)
    localised = [f"{name}: {line}" for name, r in reports.items() for line in r.localised_numbers]
    assert not localised, "numbers in markup written for people, not machines:\n" + "\n".join(
        localised[:40]
    )
