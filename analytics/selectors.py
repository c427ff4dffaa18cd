from django.db.models import QuerySet

from analytics.models import AnalysisRun
from tebu_site.access import scope_for


def runs_visible_to(user) -> QuerySet[AnalysisRun]:
    return scope_for(user, AnalysisRun.objects.select_related("mill", "season", "requested_by"))
