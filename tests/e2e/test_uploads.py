"""Village internet, in Chromium: a photo is made smaller in the browser before it travels,
uploaded into the draft with a progress bar, and kept after a form error; without JavaScript
the server takes the full photo, shrinks it and keeps it across the error all the same."""

import io
import random

import pytest
from PIL import Image

from ideas.models import DraftImage, Idea, IdeaDraft, IdeaImage
from tests import factories as f

from .browsing import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def writer():
    terjola = f.MunicipalityFactory(slug="terjola", name_ka="თერჯოლა", name_en="Terjola")
    chkhari = f.CommunityFactory(municipality=terjola, slug="chkhari", name_en="Chkhari")
    cycle = f.CycleFactory(municipality=terjola)
    f.CategoryFactory(cycle=cycle, slug="roads", name_ka="გზები", name_en="Roads")
    user = f.UserFactory(name="Nino", municipality=terjola, community=chkhari)
    return cycle, user


def big_photo(tmp_path):
    """A 4000 x 3000 phone photo of about 2-3 MB (noise keeps JPEG from shrinking it)."""
    rng = random.Random(7)
    small = Image.new("RGB", (400, 300))
    small.putdata([(rng.randrange(256), rng.randrange(256), 90) for _ in range(400 * 300)])
    path = tmp_path / "phone.jpg"
    small.resize((4000, 3000), Image.Resampling.BICUBIC).save(path, "JPEG", quality=92)
    return path


def fill(page, cost):
    page.fill("main [name=title]", "Lights on the school road")
    page.fill("main [name=summary]", "Twenty LED lights from the school to the church.")
    page.select_option("main [name=category]", index=1)
    page.fill("main [name=estimated_cost]", cost)


def test_a_photo_is_resized_in_the_browser_and_kept_after_a_form_error(
    browser, live_server, writer, tmp_path
):
    cycle, user = writer
    original = big_photo(tmp_path)
    context = new_context(browser, live_server.url, user=user, lang="en", width=360)
    page = context.new_page()
    page.set_default_timeout(20_000)
    uploads = []
    page.on(
        "request",
        lambda r: (
            uploads.append(len(r.post_data_buffer or b""))
            if r.method == "POST" and "/images/" in r.url
            else None
        ),
    )
    page.goto(f"{live_server.url}/cycles/{cycle.pk}/ideas/new/")
    fill(page, "5")  # below the cycle's minimum: a form error
    page.set_input_files("main [name=images]", str(original))
    page.wait_for_selector("ul.thumbs li img")
    assert len(uploads) == 1
    assert uploads[0] < 450 * 1024 < original.stat().st_size, (uploads, original.stat().st_size)
    [kept] = DraftImage.objects.all()
    with Image.open(kept.image.open()) as img:
        assert max(img.size) == 1600

    with page.expect_navigation():
        page.get_by_role("button", name="Submit", exact=True).click()
    assert "between" in page.inner_text("main")
    assert page.locator("ul.thumbs li img").count() == 1, "the photo is still there"
    assert page.locator("ul.thumbs li img").evaluate("img => img.naturalWidth") > 0

    page.fill("main [name=estimated_cost]", "24000")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit", exact=True).click()
    assert "Your idea is submitted" in page.inner_text("main")
    idea = Idea.objects.get()
    [photo] = IdeaImage.objects.filter(idea=idea)
    assert max(photo.width, photo.height) == 1600
    assert page.locator("main img").count() >= 1
    assert not DraftImage.objects.exists()
    context.close()


def test_without_javascript_the_server_shrinks_and_keeps_the_photo(
    browser, live_server, writer, tmp_path
):
    cycle, user = writer
    context = new_context(browser, live_server.url, user=user, lang="en", javascript=False)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/cycles/{cycle.pk}/ideas/new/")
    fill(page, "5")
    page.set_input_files("main [name=images]", str(big_photo(tmp_path)))
    with page.expect_navigation():
        page.get_by_role("button", name="Submit", exact=True).click()
    assert "between" in page.inner_text("main")
    assert page.locator("ul.thumbs li img").count() == 1

    page.fill("main [name=estimated_cost]", "24000")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit", exact=True).click()
    assert "Your idea is submitted" in page.inner_text("main")
    [photo] = IdeaImage.objects.all()
    with Image.open(io.BytesIO(photo.image.open().read())) as img:
        assert max(img.size) == 1600 and "exif" not in img.info
    context.close()


def test_the_draft_survives_a_dropped_connection(browser, live_server, writer):
    cycle, user = writer
    context = new_context(browser, live_server.url, user=user, lang="en")
    page = context.new_page()
    page.set_default_timeout(20_000)
    url = f"{live_server.url}/cycles/{cycle.pk}/ideas/new/"
    page.goto(url)
    context.set_offline(True)
    page.fill("main [name=title]", "Written on the bus")
    page.wait_for_function("() => document.getElementById('draft-status').textContent.length > 0")
    context.set_offline(False)
    page.goto(url)  # a new visit: the browser's copy fills the form and reaches the server
    assert page.input_value("main [name=title]") == "Written on the bus"
    page.wait_for_function("() => document.getElementById('idea-form').dataset.draft !== undefined")
    assert IdeaDraft.objects.get(user=user).data["title"] == "Written on the bus"
    context.close()
