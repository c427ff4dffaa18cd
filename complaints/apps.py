from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = _("Complaints and forums")

    def ready(self):
        from complaints.scorecard_metrics import complaint_answer_time
        from compliance.scorecard.metrics import register_metric

        register_metric("complaint_answer_time", complaint_answer_time)
