from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingPointsConfig(AppConfig):
    name = "voting_points"
    verbose_name = _("Voting points")
