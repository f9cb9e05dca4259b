from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("cycles/<int:pk>/broadcasts/", views.broadcasts, name="broadcasts"),
    path("cycles/<int:pk>/broadcasts/new/", views.broadcast_new, name="broadcast-new"),
    path("cycles/<int:pk>/broadcasts/send/", views.broadcast_send, name="broadcast-send"),
]
