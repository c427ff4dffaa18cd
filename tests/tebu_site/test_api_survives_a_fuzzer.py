"""No API request, however malformed, is answered with a server error (issue 13).

schemathesis generates requests from the OpenAPI schema drf-spectacular builds (every operation,
valid and invalid data, real and unknown ids) and sends them to the project in-process, as a
farmer, a field officer and a manager on the demo data; its `not_a_server_error` check fails on
any 5xx. Bounded and repeatable: a fixed number of examples per operation and role, derandomized,
so CI sees the same requests on every run. Each request runs in a savepoint rolled back after it,
so one request's writes or failure never change what the next one meets.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tebu_site.models import User

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
EXAMPLES_PER_OPERATION = 6
UNKNOWN_ID = 2_147_483_647


def wsgi_app():
    """Django's own handler, minus the signal that closes the database connection after each
    request (it would end the test's transaction, as Django's test client also avoids)."""
    handler = WSGIHandler()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


def project_schema():
    spec = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(spec, cls=DjangoJSONEncoder)))
    loaded.app = wsgi_app()
    return loaded


@dataclass
class Report:
    operations: int = 0
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


def ids_listed(case_path: str, headers: dict) -> list[int]:
    """Ids of the collection an `{id}` path belongs to, as this user may list them."""
    from django.test import Client

    response = Client().get(case_path, headers=headers)
    if response.status_code != 200:
        return []
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row][:3]


def strategy_for(operation, headers: dict):
    """Valid and invalid data; for a path with an id, ids the user may see and one that does not
    exist, so the fuzzer reaches real objects instead of only 404s."""
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    names = [p.name for p in operation.path_parameters]
    if names == ["id"]:
        collection = operation.path.split("{id}")[0]
        ids = [*ids_listed(collection, headers), UNKNOWN_ID]
        return st.one_of(
            operation.as_strategy(mode, path_parameters={"id": pk}) for mode in modes for pk in ids
        )
    return st.one_of(operation.as_strategy(mode) for mode in modes)


def fuzz_operation(operation, headers: dict, report: Report) -> list[str]:
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy_for(operation, headers))
    def send(case):
        report.requests += 1
        savepoint = transaction.savepoint()
        try:
            response = case.call(headers=headers)
            report.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=[not_a_server_error])
            except Exception as error:  # noqa: BLE001 - schemathesis' failure group
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{str(error).splitlines()[0][:200]}"
                )
        finally:
            transaction.savepoint_rollback(savepoint)

    send()
    return failures


def fuzz(schema, headers: dict, report: Report) -> None:
    for result in schema.get_all_operations():
        report.operations += 1
        failures = fuzz_operation(result.ok(), headers, report)
        report.server_errors += failures[:1]  # one example per operation is enough to act on


def test_no_api_request_of_a_farmer_field_officer_or_manager_is_a_server_error(capsys):
    for loader in DEMO_LOADERS:
        call_command(loader, verbosity=0)
    schema = project_schema()
    reports = {}
    for username in ROLES:
        user = User.objects.get(username=username)
        token, _ = Token.objects.get_or_create(user=user)
        reports[username] = report = Report()
        fuzz(schema, {"Authorization": f"Token {token.key}"}, report)
    with capsys.disabled():
        for username, report in reports.items():
            print(
                f"\n[api fuzzer] {username}: {report.operations} operations, "
                f"{report.requests} requests, {len(report.server_errors)} server errors; "
                f"answers {dict(sorted(report.statuses.items()))}"
            )
    errors = [f"{name}: {line}" for name, r in reports.items() for line in r.server_errors]
    assert errors == []
