from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    # The farmer's own pages
    path("me/complaints/", views.my_complaints, name="my-complaints"),
    path("me/complaints/new/", views.my_complaint_new, name="my-complaint-new"),
    path("me/complaints/<int:pk>/", views.my_complaint, name="my-complaint"),
    path(
        "me/complaints/<int:pk>/satisfied/",
        views.my_complaint_satisfied,
        name="my-complaint-satisfied",
    ),
    # Staff
    path("complaints/", views.inbox, name="inbox"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/desk/", views.desk_settings, name="desk"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/photo/", views.complaint_photo, name="complaint-photo"),
    path("complaints/<int:pk>/answer/", views.complaint_answer, name="complaint-answer"),
    path("complaints/<int:pk>/transfer/", views.complaint_transfer, name="complaint-transfer"),
    path("complaints/<int:pk>/resolve/", views.complaint_resolve, name="complaint-resolve"),
    # Forums (staff edit; farmers read their region's)
    path("forums/", views.forum_list, name="forum-list"),
    path("forums/new/", views.forum_new, name="forum-new"),
    path("forums/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/edit/", views.forum_edit, name="forum-edit"),
    path("forums/<int:pk>/items/", views.action_item_add, name="action-item-add"),
    path("forums/items/<int:pk>/toggle/", views.action_item_toggle, name="action-item-toggle"),
]
