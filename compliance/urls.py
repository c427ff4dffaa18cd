from django.urls import path

from compliance.views import manage, portal, scorecard, staff

app_name = "compliance"

urlpatterns = [
    path("compliance/", staff.event_list, name="event-list"),
    path("compliance/new/", staff.event_create, name="event-create"),
    path("compliance/<int:pk>/", staff.event_detail, name="event-detail"),
    path("compliance/<int:pk>/status/", staff.event_step, name="event-step"),
    path("compliance/<int:pk>/answer/", staff.event_answer, name="event-answer"),
    path("compliance/<int:pk>/evidence/", staff.evidence_upload, name="evidence-upload"),
    path("compliance/evidence/<int:pk>/", staff.evidence_download, name="evidence-download"),
    path("compliance/scorecard/", scorecard.scorecard, name="scorecard"),
    path("compliance/scorecard/export/", scorecard.scorecard_export, name="scorecard-export"),
    path("compliance/settings/", manage.settings_page, name="settings"),
    # The farmer's own record
    path("me/compliance/", portal.my_events, name="my-events"),
    path("me/compliance/<int:pk>/", portal.my_event, name="my-event"),
]
