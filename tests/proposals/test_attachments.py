import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from proposals.models import Attachment


def one_page_pdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = one_page_pdf()


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return out.getvalue()


def upload(api, user, proposal, name, data, content_type="application/octet-stream"):
    return api(user).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        format="multipart",
    )


def test_author_attaches_a_pdf_and_a_photo(api, author, draft):
    res = upload(api, author, draft, "plan.pdf", PDF)
    assert res.status_code == 201, res.json()
    assert res.json()["kind"] == "pdf" and res.json()["name"] == "plan.pdf"
    res = upload(api, author, draft, "road.png", png_bytes())
    assert res.status_code == 201 and res.json()["kind"] == "image"
    body = api(author).get(f"/api/v1/proposals/{draft.pk}/").json()
    assert [a["name"] for a in body["attachments"]] == ["plan.pdf", "road.png"]


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(api, author, draft):
    res = upload(api, author, draft, "plan.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    assert res.status_code == 400
    assert "PDF" in res.json()["error"]["fields"]["file"][0]
    assert not Attachment.objects.exists()


def test_a_broken_image_is_refused(api, author, draft):
    res = upload(api, author, draft, "photo.jpg", b"\xff\xd8\xff\xe0garbage", "image/jpeg")
    assert res.status_code == 400


def test_a_file_over_10_mb_is_refused(api, author, draft):
    res = upload(api, author, draft, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert res.status_code == 400 and "10 MB" in res.json()["error"]["fields"]["file"][0]


def test_others_cannot_attach_and_authors_can_remove(api, author, resident, organizer, draft):
    assert upload(api, organizer, draft, "plan.pdf", PDF).status_code == 403
    assert upload(api, resident, draft, "plan.pdf", PDF).status_code == 404
    attachment_id = upload(api, author, draft, "plan.pdf", PDF).json()["id"]
    url = f"/api/v1/proposals/{draft.pk}/attachments/{attachment_id}/"
    assert api(organizer).delete(url).status_code == 403
    assert api(author).delete(url).status_code == 204
    assert not Attachment.objects.exists()


def test_no_file_is_400(api, author, draft):
    res = api(author).post(f"/api/v1/proposals/{draft.pk}/attachments/", {}, format="multipart")
    assert res.status_code == 400
