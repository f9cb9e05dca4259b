# ruff: noqa: F811 - the ideas' and proposals' fixtures are imported by name below
"""MEDIA_STORAGE=s3: uploads go to an S3-compatible bucket (here moto's S3 server on a local
port, the library's own stand-in for AWS); public photos under public/, proposal attachments
under private/ and only through short-lived signed URLs."""

import runpy
import socket
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest

from proposals.models import Attachment

# the ideas' and proposals' fixtures, used here too
from ..ideas.conftest import categories, chkhari, photo, valid  # noqa: F401
from ..proposals.conftest import draft, eligible_idea, training_cycle  # noqa: F401
from ..proposals.test_attachments import PDF, upload

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "civic-uploads"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """The STORAGES the real settings module builds from the documented variables."""
    env = {
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_server,
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
        "S3_REGION": "us-east-1",
        "S3_SIGNED_URL_SECONDS": "120",
        "S3_PUBLIC_ACL": "public-read",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    built = runpy.run_path(str(ROOT / "civic_budget" / "settings.py"))["MEDIA_STORAGES"]
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, **built}
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as res:
        return res.status, res.headers.get("Content-Type"), res.read()


def test_an_idea_photo_goes_to_the_bucket_when_the_submission_commits(
    s3, api, resident, valid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as pending:
        res = api(resident).post(
            "/api/v1/ideas/", {**valid, "images": [photo()]}, format="multipart"
        )
        assert res.status_code == 201, res.json()
    assert keys(s3) == []  # nothing written before the commit
    for callback in pending:
        callback()
    stored = keys(s3)
    assert len(stored) == 2 and all(k.startswith("public/ideas/") for k in stored)
    url = res.json()["images"][0]["thumbnail"]
    assert url.startswith(s3._endpoint.host) and "Signature" not in url
    status, content_type, body = fetch(url)
    assert status == 200 and body[:2] == b"\xff\xd8"  # a JPEG


def test_a_private_attachment_is_reached_only_through_a_signed_url(
    s3, api, author, resident, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = upload(api, author, draft, "plan.pdf", PDF).json()
    [key] = keys(s3)
    assert key.startswith("private/proposals/")
    assert Attachment.objects.get().file.name == key.removeprefix("private/")

    assert api(resident).get(body["url"]).status_code == 404
    assert api().get(body["url"]).status_code == 404
    res = api(author).get(body["url"])
    assert res.status_code == 302 and res["Cache-Control"] == "private, no-store"
    signed = res["Location"]
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=120" in signed
    status, _type, content = fetch(signed)
    assert status == 200 and content.startswith(b"%PDF-")
    unsigned = signed.split("?", 1)[0]
    assert unsigned.endswith(key)
    with pytest.raises(urllib.error.HTTPError) as refused:  # the object itself is private
        fetch(unsigned)
    assert refused.value.code == 403


def test_the_media_view_sends_public_names_to_the_bucket(s3, client):
    res = client.get("/media/ideas/1/2/x.jpg")
    assert res.status_code == 302 and res["Location"].startswith(s3._endpoint.host)
    assert client.get("/media/proposals/1/x.pdf").status_code == 404
