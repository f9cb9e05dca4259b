"""Implementation photos answer with DEBUG=0 as idea photos do (core.media)."""

from .conftest import jpeg
from .test_photos import upload


def test_an_implementation_photo_and_thumbnail_are_served(
    api, client, organizer, project, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = False
    with django_capture_on_commit_callbacks(execute=True):
        res = upload(api, organizer, project, [jpeg((2400, 1800))])
    assert res.status_code == 201, res.content
    [shown] = res.json()["photos"]
    for url in (shown["image"], shown["thumbnail"]):
        answer = client.get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert b"".join(answer.streaming_content)[:2] == b"\xff\xd8"
