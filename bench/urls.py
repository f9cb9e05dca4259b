"""The site's URLs with the one-INSERT ceiling view of bench/ballots.py in front."""

from django.urls import path

from civic_budget.urls import handler500  # noqa: F401
from civic_budget.urls import urlpatterns as site

from . import views

urlpatterns = [path("bench/insert/", views.insert, name="bench-insert"), *site]
