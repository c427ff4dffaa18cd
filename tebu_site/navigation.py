"""What each role finds in the menu. Entries name URL patterns; the apps own the pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tebu_site.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str = ""  # staff menus are long: entries are grouped under these headings


PARTNERS = _("Partners")
HARVEST = _("Harvest and DO")
CREDIT_SECTION = _("Credit")
HEALTH = _("Partnership health")
STUDIES = _("Surveys and analyses")
SYSTEM = _("System")
SECTION_ORDER = [PARTNERS, HARVEST, CREDIT_SECTION, HEALTH, STUDIES, SYSTEM]


HOME = NavItem(_("Home"), "home")
API_DOCS = NavItem(_("API"), "api-docs", SYSTEM)
ADMIN = NavItem(_("Administration"), "admin:index", SYSTEM)
PASSWORD = NavItem(_("Change password"), "password_change")
FARMERS = NavItem(_("Farmers"), "farmer-list", PARTNERS)
PLOTS = NavItem(_("Plots"), "plot-list", PARTNERS)
PLOT_APPROVALS = NavItem(_("Drawings waiting on me"), "plot-approvals", PARTNERS)
REGISTRY_IMPORT = NavItem(_("Import"), "registry-import", PARTNERS)
MY_PROFILE = NavItem(_("My profile"), "my-profile")
MY_PLOTS = NavItem(_("My plots"), "my-plots")
MY_CONTRACT = NavItem(_("My contract"), "my-contracts")
ANALYSES = NavItem(_("Analyses"), "analytics:run-list", STUDIES)
FARM_RECORDS = NavItem(_("Farm records"), "analytics:farm-record-list", STUDIES)
SURVEYS = NavItem(_("Surveys"), "surveys:round-list", STUDIES)
SATISFACTION = NavItem(_("Satisfaction"), "satisfaction:index", STUDIES)
MY_SURVEYS = NavItem(_("My surveys"), "surveys:my-rounds")
# Harvest to payment (issue 5)
SPTAS = NavItem(_("Cutting orders (SPTA)"), "spta-list", HARVEST)
WEIGHBRIDGE = NavItem(_("Weighbridge"), "weighing-entry", HARVEST)
RENDEMEN = NavItem(_("Rendemen"), "rendemen-page", HARVEST)
SAMPLES = NavItem(_("Rendemen samples"), "samples:scan", HARVEST)  # issue 16
DELIVERY_ORDERS = NavItem(_("Delivery orders (DO)"), "do-register", HARVEST)
SCHEMES = NavItem(_("Settlement schemes"), "scheme-list", HARVEST)
MY_DOS = NavItem(_("My DOs"), "my-dos")
# Complaints and forums (issue 8)
COMPLAINTS = NavItem(_("Complaints"), "complaints:inbox", HEALTH)
COMPLAINT_DESK = NavItem(_("Complaint desk"), "complaints:desk", HEALTH)
FORUMS = NavItem(_("Forums"), "complaints:forum-list", HEALTH)
MY_COMPLAINTS = NavItem(_("My complaints"), "complaints:my-complaints")
# Compliance ledger and scorecard (issue 8)
COMPLIANCE = NavItem(_("Compliance events"), "compliance:event-list", HEALTH)
SCORECARD = NavItem(_("Partnership scorecard"), "compliance:scorecard", HEALTH)
MY_COMPLIANCE = NavItem(_("Compliance record"), "compliance:my-events")
# Credit (issue 4)
CREDIT = NavItem(_("Credit pipeline"), "credit-pipeline", CREDIT_SECTION)
CREDIT_APPROVALS = NavItem(_("Applications waiting on me"), "credit-approvals", CREDIT_SECTION)
CREDIT_PRODUCTS = NavItem(_("Credit products"), "credit-product-list", CREDIT_SECTION)
MY_CREDIT = NavItem(_("My credit"), "credit-portal-ledger")
# SMS or portal, quiet hours, the phone's code (issue 15)
MY_NOTICE_SETTINGS = NavItem(_("Notification settings"), "notices:preferences")

MENU: dict[str, list[NavItem]] = {
    Role.ADMINISTRATOR: [
        HOME,
        FARMERS,
        PLOTS,
        PLOT_APPROVALS,
        REGISTRY_IMPORT,
        SPTAS,
        WEIGHBRIDGE,
        RENDEMEN,
        SAMPLES,
        DELIVERY_ORDERS,
        SCHEMES,
        CREDIT,
        CREDIT_APPROVALS,
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
        PLOT_APPROVALS,
        REGISTRY_IMPORT,
        SPTAS,
        WEIGHBRIDGE,
        RENDEMEN,
        DELIVERY_ORDERS,
        SCHEMES,
        CREDIT,
        CREDIT_APPROVALS,
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
        PLOT_APPROVALS,
        REGISTRY_IMPORT,
        SPTAS,
        DELIVERY_ORDERS,
        CREDIT,
        CREDIT_APPROVALS,
        SURVEYS,
        FARM_RECORDS,
        COMPLAINTS,
        FORUMS,
        COMPLIANCE,
    ],
    Role.QC: [
        HOME,
        PLOTS,
        PLOT_APPROVALS,
        FARMERS,
        RENDEMEN,
        SAMPLES,
        SPTAS,
        COMPLAINTS,
        COMPLIANCE,
    ],
    Role.WEIGHBRIDGE_CLERK: [HOME, WEIGHBRIDGE, SAMPLES, SPTAS, FARMERS, COMPLAINTS],
    Role.CREDIT_OFFICER: [
        HOME,
        FARMERS,
        CREDIT,
        CREDIT_APPROVALS,
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
        MY_NOTICE_SETTINGS,
    ],
}


def _grouped(items: list[NavItem]) -> list[NavItem]:
    """Entries without a section first (home), then section by section; stable within each."""
    rank = {str(section): index for index, section in enumerate(SECTION_ORDER)}
    return sorted(items, key=lambda item: -1 if not item.section else rank[str(item.section)])


def menu_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = Role.ADMINISTRATOR if user.is_superuser else user.role
    return _grouped(MENU.get(role, [HOME]))


# The first screen of each role answers "what do I do now?": its daily actions as buttons at the
# top of the home page, the most frequent first (issue 14). Each names a page the role may open.
REGISTER_FARMER = NavItem(_("Register a farmer"), "farmer-create")
ISSUE_SPTA = NavItem(_("Issue an SPTA"), "spta-issue")
NEW_CREDIT = NavItem(_("New credit application"), "credit-application-new")
OVERDUE_DOS = NavItem(_("DOs unpaid too long"), "do-overdue")
ROLE_ACTIONS: dict[str, list[NavItem]] = {
    Role.MANAGER: [SCORECARD, OVERDUE_DOS, COMPLAINTS, CREDIT_APPROVALS, SATISFACTION],
    Role.ADMINISTRATOR: [SCORECARD, OVERDUE_DOS, COMPLAINTS, ADMIN],
    Role.FIELD_STAFF: [REGISTER_FARMER, ISSUE_SPTA, NEW_CREDIT, SURVEYS, COMPLAINTS],
    Role.QC: [RENDEMEN, PLOT_APPROVALS, COMPLAINTS],
    Role.WEIGHBRIDGE_CLERK: [WEIGHBRIDGE, SPTAS],
    Role.CREDIT_OFFICER: [CREDIT_APPROVALS, CREDIT, NEW_CREDIT],
    Role.ANALYST: [ANALYSES, SATISFACTION, SCORECARD],
}


def home_actions_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    role = Role.ADMINISTRATOR if user.is_superuser else user.role
    return ROLE_ACTIONS.get(role, [])
