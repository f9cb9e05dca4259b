"""What the API answers to OPTIONS: the view's name, description, and what it renders and
parses; no per-method description of its serializers.

DRF's SimpleMetadata described each write by calling the view's get_object() (its queryset,
its object permission) for callers allowed to write, and many views here have no queryset or
no object: OPTIONS by a logged-in resident was a 500 on the ballot, the voter roll, the paper
ballots, the preferences (tests/abuse/test_options.py). The OpenAPI schema at /api/schema/ is
the description of every operation's fields."""

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    def determine_actions(self, request, view):
        return {}  # no "actions": SimpleMetadata leaves the key out when there are none
