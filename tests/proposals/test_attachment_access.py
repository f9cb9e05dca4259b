"""Proposal attachments are private: their authors, the municipality's organizers and the
proposal's jurors read them; anyone else gets the same 404 as for a file that does not exist."""

import pytest

from jury.models import Assignment
from tests import factories as f

from .test_attachments import PDF, png_bytes, upload


@pytest.fixture
def attached(api, author, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # written on commit, as in production
        res = upload(api, author, draft, "plan.pdf", PDF)
    assert res.status_code == 201, res.json()
    return res.json()


def test_the_author_downloads_the_attachment_privately(api, author, draft, attached):
    res = api(author).get(attached["url"])
    assert res.status_code == 200
    assert res["Content-Type"] == "application/pdf"
    assert res["Cache-Control"] == "private, max-age=300"
    assert res["X-Content-Type-Options"] == "nosniff"
    assert b"".join(res.streaming_content).startswith(b"%PDF-")


def test_an_anonymous_reader_and_another_resident_get_404(api, resident, outsider, attached):
    for who in (None, resident, outsider):
        res = api(who).get(attached["url"])
        assert res.status_code == 404
        assert res.json()["error"]["code"] == "not_found"


def test_organizers_and_the_proposals_jurors_read_it(api, organizer, draft, attached, terjola):
    assert api(organizer).get(attached["url"]).status_code == 200
    seat = f.JurorFactory(cycle=draft.cycle)
    assert api(seat.user).get(attached["url"]).status_code == 404  # not assigned yet
    Assignment.objects.create(juror=seat, proposal=draft)
    assert api(seat.user).get(attached["url"]).status_code == 200


def test_the_page_link_follows_the_same_rule(client, author, resident, draft, attached):
    url = f"/proposals/{draft.pk}/attachments/{attached['id']}/"
    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(author)
    res = client.get(url)
    assert res.status_code == 200 and res["Cache-Control"] == "private, max-age=300"
    assert 'filename="plan.pdf"' in res["Content-Disposition"]


def test_the_public_media_url_never_serves_an_attachment(client, author, draft, attached):
    from proposals.models import Attachment

    name = Attachment.objects.get().file.name
    assert name.startswith("proposals/")
    client.force_login(author)
    assert client.get(f"/media/{name}").status_code == 404


def test_an_image_attachment_is_shown_as_an_image(
    api, author, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = upload(api, author, draft, "road.png", png_bytes()).json()
    res = api(author).get(body["url"])
    assert res.status_code == 200 and res["Content-Type"] == "image/png"


def test_a_huge_id_is_404_not_500(api, client, author, draft):
    huge = "9" * 40
    assert (
        api(author).get(f"/api/v1/proposals/{draft.pk}/attachments/{huge}/file/").status_code == 404
    )
    client.force_login(author)
    assert client.get(f"/proposals/{draft.pk}/attachments/{huge}/").status_code == 404
    assert client.get(f"/api/v1/ideas/drafts/{huge}/images/1/").status_code == 404
