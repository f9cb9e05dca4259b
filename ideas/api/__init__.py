"""The ideas API: serializers in `serializers`, viewsets in `views`."""
