"""Every kind of notification, rendered as its recipient reads it, in Georgian and in English.

The contexts are what the sending apps pass (examples.py); the SMS lines below were read and
checked by hand. Every other part of every kind is rendered too, and must come out whole: no
placeholder left, no empty slot (strict rendering raises on a key the context lacks), and in
the recipient's language.
"""

import logging
import re

import pytest

from accounts.models import User
from notifications.catalogue import CATALOGUE, PARTS, label
from notifications.models import DeliveryChannel, Notification
from notifications.sealed import SEALED, seal
from notifications.services import MissingPlaceholder, notify, render

from .examples import CONTEXTS

GEORGIAN = re.compile("[\u10d0-\u10ff]")

# kind -> (English SMS line, Georgian SMS line) with the context of examples.py
SMS = {
    "phone_code": (
        "Civic Budget code: 493027 (valid 10 minutes)",
        "სამოქალაქო ბიუჯეტის კოდი: 493027 (მოქმედებს 10 წუთი)",
    ),
    "password_reset": (
        "Civic Budget password reset code: 49302718 (valid 15 minutes)",
        "სამოქალაქო ბიუჯეტის პაროლის აღდგენის კოდი: 49302718 (მოქმედებს 15 წუთი)",
    ),
    "phase_changed": (
        "Civic Budget: “Civic budget 2026” is now in: Trainings and proposals",
        "სამოქალაქო ბიუჯეტი: „სამოქალაქო ბიუჯეტი 2026“ ახლა ეტაპზეა: ტრენინგები და პროექტები",
    ),
    "idea_received": (
        "Civic Budget: your idea “Street lights in Chkhari” is received",
        "სამოქალაქო ბიუჯეტი: თქვენი იდეა „Street lights in Chkhari“ მიღებულია",
    ),
    "idea_screened": (
        "Civic Budget: your idea “Street lights in Chkhari” — Not eligible. Over the cost limit",
        "სამოქალაქო ბიუჯეტი: თქვენი იდეა „Street lights in Chkhari“ — დაუშვებელი. ღირებულების ლიმიტს აღემატება",
    ),
    "idea_merged": (
        "Civic Budget: “Street lights in Chkhari” was merged into “Lighting for Chkhari”",
        "სამოქალაქო ბიუჯეტი: „Street lights in Chkhari“ გაერთიანდა იდეასთან „Lighting for Chkhari“",
    ),
    "idea_entered_for_you": (
        "Civic Budget: your paper idea “A bus stop in Godogani” was registered",
        "სამოქალაქო ბიუჯეტი: თქვენი ქაღალდის ფორმის იდეა „A bus stop in Godogani“ დარეგისტრირდა",
    ),
    "training_enrolled": (
        "Civic Budget: you are enrolled in “Writing a proposal”, 2026-07-20 11:00, Terjola library",
        "სამოქალაქო ბიუჯეტი: დარეგისტრირდით ტრენინგზე „პროექტის წერა“, 2026-07-20 11:00, Terjola library",
    ),
    "training_waitlisted": (
        "Civic Budget: waitlist no. 4 for “Writing a proposal”",
        "სამოქალაქო ბიუჯეტი: მოლოდინის სიაში №4, „პროექტის წერა“",
    ),
    "training_promoted": (
        "Civic Budget: a seat freed up, you are enrolled in “Writing a proposal”, 2026-07-20 11:00",
        "სამოქალაქო ბიუჯეტი: ადგილი გათავისუფლდა, დარეგისტრირდით ტრენინგზე „პროექტის წერა“, 2026-07-20 11:00",
    ),
    "training_reminder": (
        "Civic Budget: tomorrow 2026-07-20 11:00, “Writing a proposal”, Terjola library",
        "სამოქალაქო ბიუჯეტი: ხვალ 2026-07-20 11:00, „პროექტის წერა“, Terjola library",
    ),
    "training_cancelled": (
        "Your enrollment in “Writing a proposal” is cancelled",
        "თქვენი რეგისტრაცია ტრენინგზე „პროექტის წერა“ გაუქმებულია",
    ),
    "proposal_deadline": (
        "Civic Budget: submit the proposal for “Street lights in Chkhari” before 30 September 2026, 09:00",
        "სამოქალაქო ბიუჯეტი: წარადგინეთ პროექტი იდეისთვის „Street lights in Chkhari“ ბოლო ვადამდე: 30 სექტემბერი 2026, 09:00",
    ),
    "proposal_valued": (
        "Civic Budget: “Street lights in Chkhari” assessed: feasible",
        "სამოქალაქო ბიუჯეტი: „Street lights in Chkhari“ შეფასდა: განხორციელებადი",
    ),
    "jury_assigned": (
        "Civic Budget: 8 proposals to score in “Civic budget 2026”",
        "სამოქალაქო ბიუჯეტი: 8 შესაფასებელი პროექტი ციკლში „სამოქალაქო ბიუჯეტი 2026“",
    ),
    "jury_reminder": (
        "Civic Budget: 3 proposals to score, review ends in 3 days",
        "სამოქალაქო ბიუჯეტი: 3 შესაფასებელი პროექტი, შეფასება 3 დღეში სრულდება",
    ),
    "proposal_shortlisted": (
        "Civic Budget: “Street lights in Chkhari” is shortlisted for the vote",
        "სამოქალაქო ბიუჯეტი: „Street lights in Chkhari“ კენჭისყრის მოკლე სიაში შევიდა",
    ),
    "proposal_not_shortlisted": (
        "Civic Budget: “A bus stop in Godogani” was not shortlisted",
        "სამოქალაქო ბიუჯეტი: „A bus stop in Godogani“ მოკლე სიაში არ შევიდა",
    ),
    "voting_opened": (
        "Civic Budget: voting is open in “Civic budget 2026”. Vote online or at a voting point.",
        "სამოქალაქო ბიუჯეტი: ციკლში „სამოქალაქო ბიუჯეტი 2026“ კენჭისყრა დაიწყო. მიეცით ხმა ონლაინ ან საარჩევნო პუნქტში.",
    ),
    "ballot_received": (
        "Civic Budget: ballot received. Receipt: K7QM-2XRT",
        "სამოქალაქო ბიუჯეტი: ბიულეტენი მიღებულია. ქვითარი: K7QM-2XRT",
    ),
    "results_published": (
        "Civic Budget: results of “Civic budget 2026” are published.",
        "სამოქალაქო ბიუჯეტი: ციკლის „სამოქალაქო ბიუჯეტი 2026“ შედეგები გამოქვეყნდა.",
    ),
    "proposal_won": (
        "Civic Budget: your proposal “Street lights in Chkhari” won!",
        "სამოქალაქო ბიუჯეტი: თქვენმა პროექტმა „Street lights in Chkhari“ გაიმარჯვა!",
    ),
    "broadcast": (
        "Tomorrow at 11:00 a voting point opens at the Chkhari school.",
        "ხვალ 11:00-ზე ჩხარის სკოლაში საარჩევნო პუნქტი გაიხსნება.",
    ),
    "voting_closing": (
        "Civic Budget: voting in “Civic budget 2026” closes on 15 November 2026, 09:00. Vote: https://civicbudget.ge/cycles/7/ballot/",
        "სამოქალაქო ბიუჯეტი: ციკლში „სამოქალაქო ბიუჯეტი 2026“ კენჭისყრა სრულდება 15 ნოემბერი 2026, 09:00. მიეცით ხმა: https://civicbudget.ge/cycles/7/ballot/",
    ),
    "cycle_news": (
        "Civic Budget: Voting in “Civic budget 2026” closes on 15 November 2026, 09:00 https://civicbudget.ge/cycles/7/ballot/",
        "სამოქალაქო ბიუჯეტი: ციკლში „სამოქალაქო ბიუჯეტი 2026“ კენჭისყრა სრულდება 15 ნოემბერი 2026, 09:00 https://civicbudget.ge/cycles/7/ballot/",
    ),
    "project_funded": (
        "Civic Budget: “Street lights in Chkhari” is funded (42000.00 GEL). https://civicbudget.ge/funded/5/",
        "სამოქალაქო ბიუჯეტი: „Street lights in Chkhari“ დაფინანსდა (42000.00 ლარი). https://civicbudget.ge/funded/5/",
    ),
    "project_updated": (
        "Civic Budget: “Street lights in Chkhari” — In progress. https://civicbudget.ge/funded/5/",
        "სამოქალაქო ბიუჯეტი: „Street lights in Chkhari“ — მიმდინარე. https://civicbudget.ge/funded/5/",
    ),
    "problem_report_answered": (
        "Civic Budget: your report on “Street lights in Chkhari” has an answer. "
        "https://civicbudget.ge/funded/5/",
        "სამოქალაქო ბიუჯეტი: თქვენს შეტყობინებას პროექტზე „Street lights in Chkhari“ პასუხი "
        "აქვს. https://civicbudget.ge/funded/5/",
    ),
}


def note(kind, lang, context=None):
    context = CONTEXTS[kind] if context is None else context
    if kind in (
        "phone_code",
        "password_reset",
    ):  # the code travels sealed, as accounts.services sends it
        context = {SEALED: seal(context)}
    return Notification(kind=kind, recipient=User(name="Nino", language=lang), context=context)


def test_every_kind_has_a_realistic_context_and_a_checked_sms_line():
    assert set(CONTEXTS) == set(CATALOGUE) == set(SMS)


@pytest.mark.parametrize("kind", sorted(CATALOGUE))
def test_every_kind_renders_its_sms_line_in_both_languages(kind):
    english, georgian = SMS[kind]
    assert render(note(kind, "en"), "sms") == english
    assert render(note(kind, "ka"), "sms") == georgian


@pytest.mark.parametrize("lang", ["ka", "en"])
@pytest.mark.parametrize("kind", sorted(CATALOGUE))
def test_every_part_of_every_kind_renders_whole_in_the_readers_language(kind, lang):
    for part in PARTS:
        text = render(note(kind, lang), part)
        assert text.strip(), (kind, part)
        assert "{" not in text and "}" not in text, (kind, part, text)
        if lang == "ka":
            assert GEORGIAN.search(text), (kind, part, text)
        else:
            assert not GEORGIAN.search(text), (kind, part, text)


def test_a_dict_value_renders_in_the_readers_language_and_the_sealed_code_is_opened():
    assert render(note("project_updated", "ka"), "inapp") == (
        "„Street lights in Chkhari“: მიმდინარე — ბოძები დაიდგა."
    )
    assert render(note("project_updated", "en"), "inapp") == (
        "“Street lights in Chkhari”: In progress — The poles are up."
    )
    assert render(note("phone_code", "en"), "body") == (
        "Your Civic Budget code is 493027. It expires in 10 minutes."
    )


def test_a_key_missing_from_the_context_fails_rendering_under_the_tests():
    context = {k: v for k, v in CONTEXTS["idea_screened"].items() if k != "reason_label"}
    with pytest.raises(MissingPlaceholder, match="reason_label"):
        render(note("idea_screened", "en", context), "body")


def test_a_key_missing_from_the_context_fails_notify_before_anything_is_queued(resident):
    context = {**CONTEXTS["phase_changed"]}
    context["phase_labl"] = context.pop("phase_label")  # a typo in the sender
    with pytest.raises(MissingPlaceholder, match="phase_label"):
        notify("phase_changed", [resident], context, subject="c:1")
    assert not Notification.objects.exists()


def test_an_unknown_kind_fails_rendering_under_the_tests():
    with pytest.raises(MissingPlaceholder):
        render(Notification(kind="no_such_kind", recipient=User(language="en")), "inapp")


def test_in_production_a_missing_key_is_logged_and_renders_empty(settings, caplog):
    settings.NOTIFICATIONS_STRICT_RENDERING = False
    context = {k: v for k, v in CONTEXTS["proposal_won"].items() if k != "proposal_title"}
    with caplog.at_level(logging.ERROR, logger="notifications.services.rendering"):
        text = render(note("proposal_won", "en", context), "sms")
    assert text == "Civic Budget: your proposal “” won!"
    assert "proposal_title" in caplog.text


@pytest.mark.parametrize("kind", sorted(CATALOGUE))
def test_every_kind_has_a_label_in_both_languages_and_known_channels(kind):
    from django.utils import translation

    assert set(CATALOGUE[kind].channels) <= set(DeliveryChannel.values)
    with translation.override("ka"):
        assert GEORGIAN.search(label(kind))
    with translation.override("en"):
        assert label(kind) and not GEORGIAN.search(label(kind))


def test_kinds_sent_in_the_app_are_pushed_too_and_codes_cannot_be_turned_off():
    assert all("push" in m.channels for m in CATALOGUE.values() if "inapp" in m.channels)
    assert CATALOGUE["phone_code"].transactional
