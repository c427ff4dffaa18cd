from django.urls import path

from sms import views

app_name = "sms"

urlpatterns = [
    path("delivery/", views.delivery_report, name="delivery"),
    path("inbound/", views.inbound, name="inbound"),
]
