"""A ballot's receipt: 16 letters a resident can read out, none guessable from another."""

from collections import Counter

from voting.models import new_receipt

LETTERS = set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def test_a_receipt_is_sixteen_letters_with_no_i_o_zero_or_one():
    for _ in range(500):
        receipt = new_receipt()
        assert len(receipt) == 16
        assert set(receipt) <= LETTERS


def test_every_letter_is_as_likely_as_any_other():
    # 3,200 receipts are 51,200 letters: 1,600 of each expected, a standard deviation of ~39;
    # a letter never drawn, or drawn twice as often, is a broken mapping, not bad luck
    counts = Counter("".join(new_receipt() for _ in range(3200)))
    assert set(counts) == LETTERS
    assert all(1300 < n < 1900 for n in counts.values()), counts


def test_receipts_do_not_repeat():
    assert len({new_receipt() for _ in range(10_000)}) == 10_000
