"""PDFs jurors will open: rewritten without author metadata, refused with JavaScript or
embedded files, in the API's error shape."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from proposals.models import Attachment

from .test_attachments import upload


def js_action(writer, code):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )
    return writer._add_object(action)


def pdf(js=None, embedded=None, author=None, annotation_js=None):
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    if author:
        writer.add_metadata({"/Author": author, "/Title": "Plan by " + author})
    if js:  # runs when the document opens
        writer._root_object[NameObject("/OpenAction")] = js_action(writer, js)
    if embedded:
        writer.add_attachment("payload.exe", embedded)
    if annotation_js:  # runs when the link is clicked
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([]),
                NameObject("/A"): js_action(writer, annotation_js),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_author_metadata_is_removed(api, author, draft, django_capture_on_commit_callbacks):
    original = pdf(author="Bob Kapanadze")
    assert b"Kapanadze" in original
    with django_capture_on_commit_callbacks(execute=True):
        res = upload(api, author, draft, "plan.pdf", original)
    assert res.status_code == 201, res.json()
    stored = Attachment.objects.get().file.open().read()
    assert b"Kapanadze" not in stored
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")


def test_a_pdf_with_document_javascript_is_refused(api, author, draft):
    res = upload(api, author, draft, "plan.pdf", pdf(js="app.alert('hi')"))
    assert res.status_code == 400
    error = res.json()["error"]
    assert error["code"] == "invalid" and "JavaScript" in error["fields"]["file"][0]
    assert not Attachment.objects.exists()


def test_a_pdf_with_a_javascript_link_on_a_page_is_refused(api, author, draft):
    res = upload(api, author, draft, "plan.pdf", pdf(annotation_js="app.launchURL('x')"))
    assert res.status_code == 400 and "JavaScript" in res.json()["error"]["fields"]["file"][0]


def test_a_pdf_with_an_embedded_file_is_refused(api, author, draft):
    res = upload(api, author, draft, "plan.pdf", pdf(embedded=b"MZ\x90\x00"))
    assert res.status_code == 400 and "embedded" in res.json()["error"]["fields"]["file"][0]


def test_a_damaged_pdf_is_refused_not_a_500(api, author, draft):
    body = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n\x00\xff garbage\n%%EOF\n"
    res = upload(api, author, draft, "plan.pdf", body)
    assert res.status_code == 400 and res.json()["error"]["code"] == "invalid"
