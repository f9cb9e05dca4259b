from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/advance/", views.cycle_advance, name="cycle-advance"),
]
