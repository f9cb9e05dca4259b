"""A realistic context for every kind of notification: what the app that sends it passes to
notify() (translated values as {"ka", "en"}, amounts and times already formatted)."""

TERJOLA_2026 = {"ka": "სამოქალაქო ბიუჯეტი 2026", "en": "Civic budget 2026"}
SESSION = {"ka": "პროექტის წერა", "en": "Writing a proposal"}

CONTEXTS = {
    "phone_code": {"code": "493027"},  # sent as secret_context
    "password_reset": {  # sent as secret_context
        "code": "49302718",
        "link": "https://civicbudget.ge/accounts/password-reset/code/?login=nino%40example.ge&code=49302718",
    },
    "phase_changed": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "phase": "training",
        "phase_label": {"ka": "ტრენინგები და პროექტები", "en": "Trainings and proposals"},
    },
    "idea_received": {
        "idea": 41,
        "idea_title": "Street lights in Chkhari",
        "cycle_title": TERJOLA_2026,
    },
    "idea_screened": {
        "idea": 41,
        "idea_title": "Street lights in Chkhari",
        "decision": "ineligible",
        "decision_label": {"ka": "დაუშვებელი", "en": "Not eligible"},
        "reason_label": {"ka": "ღირებულების ლიმიტს აღემატება", "en": "Over the cost limit"},
        "note": "The cost is above 100,000 GEL.",
    },
    "idea_merged": {
        "idea": 41,
        "idea_title": "Street lights in Chkhari",
        "into": 40,
        "into_title": "Lighting for Chkhari",
        "note": "Both ask for the same lights.",
    },
    "idea_entered_for_you": {"idea": 42, "idea_title": "A bus stop in Godogani"},
    "training_enrolled": {
        "session": 3,
        "session_title": SESSION,
        "starts": "2026-07-20 11:00",
        "place": "Terjola library",
    },
    "training_waitlisted": {
        "session": 3,
        "session_title": SESSION,
        "starts": "2026-07-20 11:00",
        "place": "Terjola library",
        "position": 4,
    },
    "training_promoted": {
        "session": 3,
        "session_title": SESSION,
        "starts": "2026-07-20 11:00",
        "place": "Terjola library",
    },
    "training_reminder": {
        "session": 3,
        "session_title": SESSION,
        "starts": "2026-07-20 11:00",
        "place": "Terjola library",
    },
    "training_cancelled": {
        "session": 3,
        "session_title": SESSION,
        "starts": "2026-07-20 11:00",
        "place": "Terjola library",
    },
    "proposal_deadline": {
        "idea": 41,
        "idea_title": "Street lights in Chkhari",
        "deadline": {"ka": "30 სექტემბერი 2026, 09:00", "en": "30 September 2026, 09:00"},
    },
    "proposal_valued": {
        "proposal": 12,
        "proposal_title": "Street lights in Chkhari",
        "verdict": {"ka": "განხორციელებადი", "en": "feasible"},
        "reason": "The municipality owns the poles.",
    },
    "jury_assigned": {"cycle": 7, "cycle_title": TERJOLA_2026, "count": 8},
    "jury_reminder": {"cycle": 7, "cycle_title": TERJOLA_2026, "pending": 3},
    "proposal_shortlisted": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "proposal": 12,
        "proposal_title": "Street lights in Chkhari",
        "rank": 2,
    },
    "proposal_not_shortlisted": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "proposal": 13,
        "proposal_title": "A bus stop in Godogani",
        "rank": 14,
    },
    "voting_opened": {"cycle": 7, "cycle_title": TERJOLA_2026},
    "ballot_received": {"cycle": 7, "cycle_title": TERJOLA_2026, "receipts": "K7QM-2XRT"},
    "results_published": {"cycle": 7, "cycle_title": TERJOLA_2026},
    "proposal_won": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "proposal": 12,
        "proposal_title": "Street lights in Chkhari",
    },
    "broadcast": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "municipality": {"ka": "თერჯოლა", "en": "Terjola"},
        "text": {
            "ka": "ხვალ 11:00-ზე ჩხარის სკოლაში საარჩევნო პუნქტი გაიხსნება.",
            "en": "Tomorrow at 11:00 a voting point opens at the Chkhari school.",
        },
    },
    "voting_closing": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "closes": {"ka": "15 ნოემბერი 2026, 09:00", "en": "15 November 2026, 09:00"},
        "url": "https://civicbudget.ge/cycles/7/ballot/",
    },
    "cycle_news": {
        "cycle": 7,
        "cycle_title": TERJOLA_2026,
        "headline": {
            "ka": "ციკლში „სამოქალაქო ბიუჯეტი 2026“ კენჭისყრა სრულდება 15 ნოემბერი 2026, 09:00",
            "en": "Voting in “Civic budget 2026” closes on 15 November 2026, 09:00",
        },
        "text": {
            "ka": "თუ ხმა ჯერ არ მიგიციათ, ჯერ კიდევ არის დრო.",
            "en": "If you have not voted yet, there is still time.",
        },
        "url": "https://civicbudget.ge/cycles/7/ballot/",
    },
    "project_funded": {
        "project_title": "Street lights in Chkhari",
        "budget": "42000.00",
        "url": "https://civicbudget.ge/funded/5/",
    },
    "project_updated": {
        "project_title": "Street lights in Chkhari",
        "status_label": {"ka": "მიმდინარე", "en": "In progress"},
        "text": {"ka": "ბოძები დაიდგა.", "en": "The poles are up."},
        "spent": "12500.00",
        "budget": "42000.00",
        "url": "https://civicbudget.ge/funded/5/",
    },
    "problem_report_answered": {
        "project_title": "Street lights in Chkhari",
        "answer": "The contractor installs the last lamps next week.",
        "url": "https://civicbudget.ge/funded/5/",
    },
}
