from django.apps import AppConfig


class CivicBudgetConfig(AppConfig):
    name = "civic_budget"
    verbose_name = "Civic Budget"
