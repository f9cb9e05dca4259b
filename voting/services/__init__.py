"""Voting's writes, split by meaning: envelopes (and freezing the ballot), identity (voter keys,
verification), casting (online ballots) and paper (ballots entered at voting points).

One person, one ballot per envelope, across channels: both channels resolve the person to the
same VoterKey (the HMAC of the personal number), every write for one voter locks that row, and
the database's unique constraints are the final word if two writers still meet.
"""

from .casting import (
    ballot_cast,
    checked_choices,
    first_ballot_cast,
    my_ballots,
    paper_vote_of,
    receipt_counted,
    store_ballots,
)
from .envelopes import envelope_create, envelope_delete, envelope_update, open_voting
from .identity import (
    accounts_that_voted,
    accounts_verified,
    age_on,
    caster,
    clean_identity,
    community_in,
    envelopes_for,
    has_voted,
    require_verifiable,
    require_voter,
    voter_key_of,
    voter_key_to_cast,
    voter_verify,
)
from .paper import community_or_none, paper_ballot_correct, paper_ballot_enter
from .roll import on_roll, voter_roll_import, voter_roll_summary

__all__ = [
    "accounts_that_voted",
    "accounts_verified",
    "age_on",
    "ballot_cast",
    "checked_choices",
    "clean_identity",
    "community_in",
    "community_or_none",
    "envelope_create",
    "envelope_delete",
    "envelope_update",
    "envelopes_for",
    "first_ballot_cast",
    "has_voted",
    "my_ballots",
    "on_roll",
    "paper_vote_of",
    "open_voting",
    "paper_ballot_correct",
    "paper_ballot_enter",
    "receipt_counted",
    "require_verifiable",
    "require_voter",
    "store_ballots",
    "voter_key_of",
    "voter_key_to_cast",
    "caster",
    "voter_roll_import",
    "voter_roll_summary",
    "voter_verify",
]
