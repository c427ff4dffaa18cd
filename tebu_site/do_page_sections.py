"""Sections other apps add to a DO's page (the farmer's and the staff's), contributed by apps that
sit above harvest: harvest renders the DO page but may not import them. Each app registers a
provider in its AppConfig.ready(); the page asks every provider for its section
({% do_page_sections order %}, tebu_site.templatetags.do_sections) and shows those that answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DoSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100  # lower comes first


# (request, delivery_order) -> the section, or None when the app has nothing for this DO.
Provider = Callable[[object, object], "DoSection | None"]

_providers: list[Provider] = []


def register_do_section(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def do_sections(request, delivery_order) -> list[DoSection]:
    sections = [
        section
        for provider in _providers
        if (section := provider(request, delivery_order)) is not None
    ]
    return sorted(sections, key=lambda section: section.order)
