from django.urls import path

from partners.views.home import home

urlpatterns = [
    path("", home, name="home"),
]
