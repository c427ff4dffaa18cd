"""The gateway and webhook settings are read from the environment, strictly."""

import pytest

from tests.tebu_site.test_settings_from_environment import run_manage


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TEBU_SMS_BACKEND": "http"}, "TEBU_SMS_GATEWAY_URL"),
        ({"TEBU_SMS_GATEWAY_URL": "ftp://gateway.example.id/send"}, "TEBU_SMS_GATEWAY_URL"),
        ({"TEBU_SMS_GATEWAY_FORMAT": "xml"}, "TEBU_SMS_GATEWAY_FORMAT"),
        ({"TEBU_SMS_INBOUND_PER_HOUR": "banyak"}, "TEBU_SMS_INBOUND_PER_HOUR"),
    ],
)
def test_a_bad_gateway_setting_stops_start_up_naming_it(env, named):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert named in result.stderr


def test_the_gateway_settings_reach_django():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SMS_BACKEND, s.SMS_GATEWAY_URL, "
        "s.SMS_GATEWAY_FORMAT, s.SMS_GATEWAY_SENDER, s.SMS_GATEWAY_FIELDS['to'], "
        "s.SMS_SIGNATURE_HEADER, s.SMS_INBOUND_PER_HOUR)",
        TEBU_SMS_BACKEND="http",
        TEBU_SMS_GATEWAY_URL="https://gateway.example.id/send",
        TEBU_SMS_GATEWAY_FORMAT="form",
        TEBU_SMS_GATEWAY_SENDER="PGSEMBORO",
        TEBU_SMS_GATEWAY_TO_FIELD="msisdn",
        TEBU_SMS_SIGNATURE_HEADER="X-Gateway-Signature",
        TEBU_SMS_INBOUND_PER_HOUR="5",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "http",
        "https://gateway.example.id/send",
        "form",
        "PGSEMBORO",
        "msisdn",
        "X-Gateway-Signature",
        "5",
    ]
