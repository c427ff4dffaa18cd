from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = _("Complaints and forums")

    def ready(self):
        from complaints import receivers  # noqa: F401  (a disputed sample step files a complaint)
        from complaints.home_cards import farmer_complaints_card, staff_complaints_card
        from complaints.scorecard_metrics import complaint_answer_time
        from compliance.scorecard.metrics import register_metric
        from tebu_site.home_cards import register_farmer_card, register_staff_card

        register_metric("complaint_answer_time", complaint_answer_time)
        register_farmer_card(farmer_complaints_card)
        register_staff_card(staff_complaints_card)
