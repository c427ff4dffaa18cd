"""One shared way to read a value from a URL or a POST (issue 13): a form (or a django-filter
FilterSet), or tebu_site.params for the few values a view reads directly. This test keeps it so:
no app code indexes ``request.GET``/``request.POST``, converts a request value with ``int()``,
``Decimal()`` or ``parse_date()``, filters by a raw request value, or uses the Django field and
django-filter filter that let ids the database cannot hold through (their tebu_site.params
twins refuse them)."""

from __future__ import annotations

import re

from tests.tebu_site.test_house_layout import ROOT, tracked_python_files

RULES = [
    (r"request\.(GET|POST)\[", "indexes request.GET/POST: read it with tebu_site.params"),
    (r"\b(int|float|Decimal)\(\s*(str\()?request\.", "converts a raw request value"),
    (r"parse_date\(\s*request\.", "parses a raw request date: params.read_date"),
    (r"\(\s*pk=request\.(GET|POST)", "filters by a raw request id: params.read_object"),
    (r"\bforms\.ModelMultipleChoiceField\b", "use tebu_site.params.ModelMultipleChoiceField"),
    (r"django_filters\.NumberFilter\(", "an id filter: use tebu_site.params.IdFilter"),
]
EXEMPT = {"tebu_site/params.py"}


def app_sources():
    for path in tracked_python_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(("tests/", "bench/")) or "/migrations/" in relative:
            continue
        if relative not in EXEMPT:
            yield relative, path.read_text()


def test_no_view_reads_a_request_value_around_the_shared_readers():
    sources = list(app_sources())
    assert len(sources) > 100  # the whole code base is read, not an empty list
    found = [
        f"{relative}:{number}: {why}"
        for relative, text in sources
        for number, line in enumerate(text.splitlines(), start=1)
        for pattern, why in RULES
        if re.search(pattern, line)
    ]
    assert found == []


def test_the_rules_catch_what_issue_13_found():
    """The reads that were 500s on main, as they were written, are caught."""
    samples = [
        'farmer.plots.filter(pk=request.GET["plot"]).first()',
        'mills.filter(pk=request.GET.get("mill") or request.POST.get("mill")).first()',
        'start = parse_date(request.GET.get("start") or "") or timezone.localdate()',
        'farmer = django_filters.NumberFilter(field_name="farmer_id")',
        "region = forms.ModelMultipleChoiceField(queryset=None)",
    ]
    for sample in samples:
        assert any(re.search(pattern, sample) for pattern, _ in RULES), sample
