import string

import pytest
from django.utils import translation

from notifications.catalogue import CATALOGUE, label
from notifications.models import Channel

PARTS = ("subject", "body", "sms", "inapp", "push")


@pytest.mark.parametrize("kind", sorted(CATALOGUE))
def test_every_kind_renders_on_every_channel_in_both_languages(kind):
    message = CATALOGUE[kind]
    assert set(message.channels) <= set(Channel.values)
    for lang in ("ka", "en"):
        with translation.override(lang):
            for part in PARTS:
                template = str(getattr(message, part))
                names = [f for _t, f, _s, _c in string.Formatter().parse(template) if f]
                assert all(n.isidentifier() for n in names), (kind, part, names)
            assert label(kind)


def test_kinds_sent_in_the_app_are_pushed_too_and_codes_cannot_be_turned_off():
    assert all("push" in m.channels for m in CATALOGUE.values() if "inapp" in m.channels)
    assert CATALOGUE["phone_code"].transactional
