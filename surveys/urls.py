from django.urls import path

from surveys.views import entry, rounds, templates

app_name = "surveys"

urlpatterns = [
    path("", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round-edit"),
    path("rounds/<int:pk>/open/", rounds.round_open, name="round-open"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round-close"),
    path("rounds/<int:pk>/compute/", rounds.round_compute, name="round-compute"),
    path("rounds/<int:pk>/respondents/", entry.respondents, name="respondents"),
    path("rounds/<int:pk>/farmers/<int:farmer_pk>/", entry.staff_answer, name="staff-answer"),
    path("rounds/<int:pk>/import/", entry.round_import, name="round-import"),
    path("my/", entry.my_rounds, name="my-rounds"),
    path("my/<int:pk>/", entry.my_answer, name="my-answer"),
    path("templates/", templates.template_list, name="template-list"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/standard/", templates.template_default, name="template-default"),
    path("templates/<int:pk>/", templates.template_detail, name="template-detail"),
    path("templates/<int:pk>/attributes/new/", templates.attribute_edit, name="attribute-create"),
    path(
        "templates/<int:pk>/attributes/<int:attribute_pk>/",
        templates.attribute_edit,
        name="attribute-edit",
    ),
    path(
        "templates/<int:pk>/attributes/<int:attribute_pk>/delete/",
        templates.attribute_delete,
        name="attribute-delete",
    ),
]
