"""Strict readers for settings taken from the environment.

A typo in a deployment's environment should stop the process at start-up with the variable named,
not fall back silently to a default (the healthchecks.io way). Each helper raises ConfigError.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(ImproperlyConfigured):
    pass


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={number} must be at least {minimum}.")
    if maximum is not None and number > maximum:
        raise ConfigError(f"{name}={number} must be at most {maximum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = _raw(name) or default
    if value not in choices:
        raise ConfigError(f"{name}={value!r} must be one of: {', '.join(sorted(choices))}.")
    return value


def env_database(name: str, default: str, *, conn_max_age: int = 60) -> dict:
    """Parse a database URL with dj-database-url, accepting only the engines we support."""
    import dj_database_url

    url = _raw(name) or default
    scheme = url.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(f"{name} must be a sqlite:// or postgres:// URL; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(url, conn_max_age=0 if scheme == "sqlite" else conn_max_age)
    except Exception as error:  # dj-database-url raises several types for malformed URLs
        raise ConfigError(f"{name} could not be parsed: {error}") from None
    if not config.get("NAME"):
        raise ConfigError(f"{name} names no database.")
    if scheme != "sqlite":
        # PostgreSQL's JIT compiles a plan when its estimated cost is high, which our mill-wide
        # page queries reach: 140-280 ms added to each (issue 18) for plans that run in a few ms
        # from their indexes. Off for the application's sessions; analysts' own sessions keep it.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


def env_url(name: str, default: str | None, *, schemes: set[str]) -> str | None:
    value = _raw(name)
    if value is None:
        return default
    scheme = value.split(":", 1)[0]
    if "://" not in value or scheme not in schemes:
        raise ConfigError(f"{name} must be a URL with scheme {' or '.join(sorted(schemes))}.")
    return value
