"""SMS segments, as a gateway bills them: 160 GSM-7 characters in one message and 153 per part
once split; any other character (every Georgian letter) makes the text UCS-2, 70 characters in
one message and 67 per part."""

import pytest

from notifications.segments import sms_segments


@pytest.mark.parametrize(
    "text, segments",
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        # € [ ] { } take two septets each
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("a" + "€" * 80, 2),
        # a two-septet character is not cut between parts: 306 septets, yet three parts
        ("a" * 152 + "€" + "a" * 100, 2),
        ("a" * 152 + "€" + "a" * 152, 3),
    ],
)
def test_latin_text_counts_in_gsm7_segments(text, segments):
    assert sms_segments(text) == segments


@pytest.mark.parametrize(
    "text, segments",
    [
        ("ა" * 70, 1),
        ("ა" * 71, 2),
        ("ა" * 134, 2),
        ("ა" * 135, 3),
        # one Georgian letter turns a Latin text into UCS-2
        ("a" * 69 + "ა", 1),
        ("a" * 70 + "ა", 2),
        # so do typographic quotes
        ("Vote for “Chkhari”" + "a" * 60, 2),
        # an emoji is two UTF-16 units and is not cut between parts: 134 units, three parts
        ("😀" * 35, 1),
        ("😀" * 36, 2),
        ("😀" * 67, 3),
    ],
)
def test_georgian_text_counts_in_ucs2_segments(text, segments):
    assert sms_segments(text) == segments


def test_a_real_announcement_in_both_languages():
    georgian = "ხვალ 11:00-ზე ჩხარის სკოლაში საარჩევნო პუნქტი გაიხსნება."  # 56 characters
    english = "Tomorrow at 11:00 a voting point opens at the Chkhari school."  # 61 characters
    assert (sms_segments(georgian), sms_segments(english)) == (1, 1)
    assert (sms_segments(georgian * 2), sms_segments(english * 2)) == (2, 1)
