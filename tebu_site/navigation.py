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
SURVEYS = NavItem(_("Surveys"), "surveys:round-list")
SATISFACTION = NavItem(_("Satisfaction"), "satisfaction:index")
MY_SURVEYS = NavItem(_("My surveys"), "surveys:my-rounds")

MENU: dict[str, list[NavItem]] = {
    Role.ADMINISTRATOR: [HOME, ANALYSES, FARM_RECORDS, SURVEYS, SATISFACTION, ADMIN, API_DOCS],
    Role.MANAGER: [HOME, ANALYSES, FARM_RECORDS, SURVEYS, SATISFACTION, API_DOCS],
    Role.FIELD_STAFF: [HOME, SURVEYS, FARM_RECORDS],
    Role.QC: [HOME],
    Role.WEIGHBRIDGE_CLERK: [HOME],
    Role.CREDIT_OFFICER: [HOME],
    Role.ANALYST: [HOME, ANALYSES, FARM_RECORDS, SURVEYS, SATISFACTION, API_DOCS],
    Role.FARMER: [HOME, MY_SURVEYS],
}


def menu_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = Role.ADMINISTRATOR if user.is_superuser else user.role
    return MENU.get(role, [HOME])
