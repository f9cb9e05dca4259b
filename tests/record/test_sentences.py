"""The public record reads as sentences in the reader's language: no keys, codes, JSON or
True/False, whatever the action logged."""

import re

from django.test import Client

from cycles.services import advance
from record.services import log

RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|[{}]|\bTrue\b|\bFalse\b|\bNone\b")


def record_text(cycle, lang):
    page = Client(HTTP_ACCEPT_LANGUAGE=lang).get(f"/cycles/{cycle.pk}/record/").content.decode()
    main = page.split("<main", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_a_phase_change_names_both_phases_in_english(cycle, organizer):
    advance(cycle=cycle, to="training", by=organizer)
    text = record_text(cycle, "en")
    assert "The cycle moved from “Ideas competition” to “Trainings and proposals”." in text
    assert "idea_submission" not in text and "from :" not in text


def test_a_phase_change_names_both_phases_in_georgian(cycle, organizer):
    advance(cycle=cycle, to="training", by=organizer)
    text = record_text(cycle, "ka")
    assert "იდეების კონკურსი" in text and "ტრენინგ" in text
    assert not RAW.search(text.split("machine-readable")[0])


def test_a_status_update_reads_as_a_sentence_not_json(cycle, organizer):
    log(
        cycle=cycle,
        actor=organizer,
        action="project_updated",
        data={
            "update": 7,
            "status": "in_progress",
            "spent": "1500.00",
            "budget": "20000.00",
            "photos": 2,
            "previous": {"status": "procurement", "spent": "0.00"},
        },
    )
    text = record_text(cycle, "en")
    assert "Status changed from “Procurement” to “In progress”." in text
    assert "Spent 1,500 GEL of 20,000 GEL." in text and "2 photos." in text
    assert "in_progress" not in text and "previous" not in text and "{" not in text


def test_results_name_the_rule_and_count_in_plural_forms(cycle):
    log(
        cycle=cycle,
        actor=None,
        action="results_published",
        data={
            "rule": "greedy",
            "envelopes": [
                {
                    "envelope": 1,
                    "ballots": 1,
                    "ballot_hash": "ab12",
                    "spent": "9000",
                    "winners": [4],
                }
            ],
        },
    )
    text = record_text(cycle, "en")
    assert "Counting rule: Greedy by votes within the budget." in text
    assert "1 ballot counted; 1 winning project; 9,000 GEL allocated." in text
    assert "rule: greedy" not in text and "ballot_hash" not in text


def test_booleans_read_as_yes_or_no(cycle, organizer):
    log(
        cycle=cycle,
        actor=organizer,
        action="cycle_changed",
        obj=cycle,
        data={"ballot_changes_allowed": {"from": True, "to": False}},
    )
    text = record_text(cycle, "en")
    assert ": yes → no" in text and "True" not in text and "False" not in text


def test_an_unknown_action_falls_back_to_a_sentence(cycle, organizer):
    log(cycle=cycle, actor=organizer, action="something_new", data={"secret_key": {"a": [1]}})
    for lang in ("en", "ka"):
        text = record_text(cycle, lang)
        assert "something_new" not in text and "secret_key" not in text and "{" not in text
    assert "Another decision" in record_text(cycle, "en")
    assert "The details are in the machine-readable record." in record_text(cycle, "en")


def test_the_api_carries_the_sentences_beside_the_data(api, cycle, organizer):
    advance(cycle=cycle, to="training", by=organizer)
    [entry] = api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()["results"]
    assert entry["sentences"] == [
        "The cycle moved from “Ideas competition” to “Trainings and proposals”."
    ]
    assert entry["data"] == {"from": "idea_submission", "to": "training"}
