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
FARMERS = NavItem(_("Farmers"), "farmer-list")
PLOTS = NavItem(_("Plots"), "plot-list")
REGISTRY_IMPORT = NavItem(_("Import"), "registry-import")
MY_PROFILE = NavItem(_("My profile"), "my-profile")
MY_PLOTS = NavItem(_("My plots"), "my-plots")
MY_CONTRACT = NavItem(_("My contract"), "my-contracts")
ANALYSES = NavItem(_("Analyses"), "analytics:run-list")
FARM_RECORDS = NavItem(_("Farm records"), "analytics:farm-record-list")
SURVEYS = NavItem(_("Surveys"), "surveys:round-list")
SATISFACTION = NavItem(_("Satisfaction"), "satisfaction:index")
MY_SURVEYS = NavItem(_("My surveys"), "surveys:my-rounds")
# Harvest to payment (issue 5)
SPTAS = NavItem(_("Cutting orders (SPTA)"), "spta-list")
WEIGHBRIDGE = NavItem(_("Weighbridge"), "weighing-entry")
RENDEMEN = NavItem(_("Rendemen"), "rendemen-page")
DELIVERY_ORDERS = NavItem(_("Delivery orders (DO)"), "do-register")
SCHEMES = NavItem(_("Settlement schemes"), "scheme-list")
MY_DOS = NavItem(_("My DOs"), "my-dos")
# Complaints and forums (issue 8)
COMPLAINTS = NavItem(_("Complaints"), "complaints:inbox")
COMPLAINT_DESK = NavItem(_("Complaint desk"), "complaints:desk")
FORUMS = NavItem(_("Forums"), "complaints:forum-list")
MY_COMPLAINTS = NavItem(_("My complaints"), "complaints:my-complaints")
# Compliance ledger and scorecard (issue 8)
COMPLIANCE = NavItem(_("Compliance events"), "compliance:event-list")
SCORECARD = NavItem(_("Partnership scorecard"), "compliance:scorecard")
MY_COMPLIANCE = NavItem(_("Compliance record"), "compliance:my-events")
# Credit (issue 4)
CREDIT = NavItem(_("Credit"), "credit-pipeline")
CREDIT_PRODUCTS = NavItem(_("Credit products"), "credit-product-list")
MY_CREDIT = NavItem(_("My credit"), "credit-portal-ledger")

MENU: dict[str, list[NavItem]] = {
    Role.ADMINISTRATOR: [
        HOME,
        FARMERS,
        PLOTS,
        REGISTRY_IMPORT,
        SPTAS,
        WEIGHBRIDGE,
        RENDEMEN,
        DELIVERY_ORDERS,
        SCHEMES,
        CREDIT,
        CREDIT_PRODUCTS,
        ANALYSES,
        FARM_RECORDS,
        SURVEYS,
        SATISFACTION,
        COMPLIANCE,
        SCORECARD,
        COMPLAINTS,
        COMPLAINT_DESK,
        FORUMS,
        ADMIN,
        API_DOCS,
    ],
    Role.MANAGER: [
        HOME,
        FARMERS,
        PLOTS,
        REGISTRY_IMPORT,
        SPTAS,
        WEIGHBRIDGE,
        RENDEMEN,
        DELIVERY_ORDERS,
        SCHEMES,
        CREDIT,
        CREDIT_PRODUCTS,
        ANALYSES,
        FARM_RECORDS,
        SURVEYS,
        SATISFACTION,
        COMPLIANCE,
        SCORECARD,
        COMPLAINTS,
        COMPLAINT_DESK,
        FORUMS,
        API_DOCS,
    ],
    Role.FIELD_STAFF: [
        HOME,
        FARMERS,
        PLOTS,
        REGISTRY_IMPORT,
        SPTAS,
        DELIVERY_ORDERS,
        CREDIT,
        SURVEYS,
        FARM_RECORDS,
        COMPLAINTS,
        FORUMS,
        COMPLIANCE,
    ],
    Role.QC: [HOME, PLOTS, FARMERS, RENDEMEN, SPTAS, COMPLAINTS, COMPLIANCE],
    Role.WEIGHBRIDGE_CLERK: [HOME, WEIGHBRIDGE, SPTAS, FARMERS, COMPLAINTS],
    Role.CREDIT_OFFICER: [
        HOME,
        FARMERS,
        CREDIT,
        CREDIT_PRODUCTS,
        DELIVERY_ORDERS,
        COMPLAINTS,
        COMPLIANCE,
    ],
    Role.ANALYST: [
        HOME,
        FARMERS,
        ANALYSES,
        FARM_RECORDS,
        SURVEYS,
        SATISFACTION,
        COMPLIANCE,
        SCORECARD,
        API_DOCS,
    ],
    Role.FARMER: [
        HOME,
        MY_PROFILE,
        MY_PLOTS,
        MY_CONTRACT,
        MY_DOS,
        MY_CREDIT,
        MY_SURVEYS,
        MY_COMPLAINTS,
        MY_COMPLIANCE,
        FORUMS,
    ],
}


def menu_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = Role.ADMINISTRATOR if user.is_superuser else user.role
    return MENU.get(role, [HOME])
