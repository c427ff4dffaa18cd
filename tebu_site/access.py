"""The one place that decides which rows a user may see.

Every list, detail, export and report narrows its queryset with ``scope_for(user, queryset)``.
A scoped model declares how it reaches a mill, a region and a farmer with a ``scoping``
class attribute, e.g. ``scoping = Scoping(mill="farmer__mill", region="farmer__region",
farmer="farmer")``; "pk" names the model itself (Mill is its own mill). A path left ``None``
means the model does not hang from that level: a farmer then sees none of it, and field staff
see it by mill alone.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from tebu_site.models import MILL_WIDE_ROLES, Role


@dataclass(frozen=True)
class Scoping:
    mill: str | None = None
    region: str | None = None
    farmer: str | None = None


class ScopingNotDeclared(TypeError):
    pass


def scoping_of(model: type[Model]) -> Scoping:
    scoping = getattr(model, "scoping", None)
    if not isinstance(scoping, Scoping):
        # Failing loudly beats showing everything: a new model must say how it is scoped.
        raise ScopingNotDeclared(
            f"{model.__name__} declares no `scoping`; scope_for cannot narrow it."
        )
    return scoping


# A page scopes many querysets for one user; within a request the user's mills and regions are
# read once. Outside a request (tasks, shell, tests calling selectors) nothing is cached, so a
# change to a user's mills is never hidden by a stale list.
_request_memberships: ContextVar[dict | None] = ContextVar("tebu_request_memberships", default=None)


class RequestScopeCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memberships.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memberships.reset(token)


def _memberships(user, relation: str) -> list[int]:
    cache = _request_memberships.get()
    key = (user.pk, relation)
    if cache is not None and key in cache:
        return cache[key]
    ids = list(getattr(user, relation).values_list("id", flat=True))
    if cache is not None:
        cache[key] = ids
    return ids


def mill_ids_of(user) -> list[int]:
    """Mills the user belongs to (reverse relation Mill.members, declared in partners)."""
    return _memberships(user, "mills")


def region_ids_of(user) -> list[int]:
    return _memberships(user, "regions")


def farmer_id_of(user) -> int | None:
    farmer = getattr(user, "farmer", None)
    return farmer.pk if farmer is not None else None


def scope_filter(user, model: type[Model]) -> Q | None:
    """The Q that narrows ``model`` to ``user``; None means everything (administrators)."""
    nothing = Q(pk__in=[])
    if user is None or not user.is_authenticated or not user.is_active:
        return nothing
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return None
    scoping = scoping_of(model)
    if user.role == Role.FARMER:
        farmer_id = farmer_id_of(user)
        if scoping.farmer is None or farmer_id is None:
            return nothing
        return Q(**{scoping.farmer: farmer_id})
    if scoping.mill is None:
        return nothing
    mill_q = Q(**{f"{scoping.mill}__in": mill_ids_of(user)})
    if user.role == Role.FIELD_STAFF:
        if scoping.region is None:
            return mill_q
        return mill_q & Q(**{f"{scoping.region}__in": region_ids_of(user)})
    if user.role in MILL_WIDE_ROLES:
        return mill_q
    return nothing


def scope_for(user, queryset: QuerySet) -> QuerySet:
    condition = scope_filter(user, queryset.model)
    if condition is None:
        return queryset
    return queryset.filter(condition)


def can_see(user, obj: Model) -> bool:
    """Object-level check for views that already hold an instance (e.g. a file download)."""
    return scope_for(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
