"""What each role finds in the menu. Entries name URL patterns; the apps own the pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tebu_site.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


HOME = NavItem(_("Home"), "home")
API_DOCS = NavItem(_("API"), "api-docs")
ADMIN = NavItem(_("Administration"), "admin:index")
PASSWORD = NavItem(_("Change password"), "password_change")
ANALYSES = NavItem(_("Analyses"), "analytics:run-list")
FARM_RECORDS = NavItem(_("Farm records"), "analytics:farm-record-list")

MENU: dict[str, list[NavItem]] = {
    Role.ADMINISTRATOR: [HOME, ANALYSES, FARM_RECORDS, ADMIN, API_DOCS],
    Role.MANAGER: [HOME, ANALYSES, FARM_RECORDS, API_DOCS],
    Role.FIELD_STAFF: [HOME, FARM_RECORDS],
    Role.QC: [HOME],
    Role.WEIGHBRIDGE_CLERK: [HOME],
    Role.CREDIT_OFFICER: [HOME],
    Role.ANALYST: [HOME, ANALYSES, FARM_RECORDS, API_DOCS],
    Role.FARMER: [HOME],
}


def menu_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = Role.ADMINISTRATOR if user.is_superuser else user.role
    return MENU.get(role, [HOME])
