"""Cards on a user's home page (farmer or staff), contributed by the apps that own the data.

The farmer's home is where the two big grievances (late DO payment, credit nobody explains) must
be answered at a glance, but partners may not import credit, complaints or compliance (they build
on partners). So each app registers a provider in its AppConfig.ready(); the home page asks every
provider for its card and shows the ones that answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HomeCard:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100  # lower comes first


Provider = Callable[[object], "HomeCard | None"]

_farmer_providers: list[Provider] = []
_staff_providers: list[Provider] = []


def register_farmer_card(provider: Provider) -> Provider:
    if provider not in _farmer_providers:
        _farmer_providers.append(provider)
    return provider


def farmer_cards(user) -> list[HomeCard]:
    cards = [card for provider in _farmer_providers if (card := provider(user)) is not None]
    return sorted(cards, key=lambda card: card.order)


def register_staff_card(provider: Provider) -> Provider:
    if provider not in _staff_providers:
        _staff_providers.append(provider)
    return provider


def staff_cards(user) -> list[HomeCard]:
    cards = [card for provider in _staff_providers if (card := provider(user)) is not None]
    return sorted(cards, key=lambda card: card.order)
