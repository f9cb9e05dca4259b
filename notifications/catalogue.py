"""What each kind of notification says, per channel. Rendered in the recipient's language.

Each entry: subject (e-mail), body (e-mail), sms, inapp, and its label (what the preferences
and unsubscribe pages call it). Placeholders are `{name}` keys of the notification's context,
and every one must be given: `notify()` and `render()` refuse a missing key under
NOTIFICATIONS_STRICT_RENDERING (the tests), and in production a missing key is logged and
renders empty. A context value may be {"ka": .., "en": ..} and renders in the recipient's
language (see `services.localized`). `transactional` kinds ignore preferences and carry no
unsubscribe link; `opt_in` kinds are off until the user turns them on (every other kind is on
until turned off). A kind sent in the app is also pushed to the user's registered phones. Every
kind of every app lives here, so the catalogue can be read (and translated) in one place.
"""

import string

from django.utils.translation import gettext_lazy as _


class Message:
    """One kind of notification. `push` (title = subject) defaults to the in-app line."""

    def __init__(
        self,
        subject,
        body,
        sms=None,
        inapp=None,
        *,
        label,
        transactional=False,
        opt_in=False,
        channels=("email", "sms", "inapp", "push"),
        push=None,
    ):
        self.subject = subject
        self.body = body
        self.sms = sms or subject
        self.inapp = inapp or subject
        self.push = push or self.inapp
        self.label = label
        self.transactional = transactional
        self.opt_in = opt_in
        # push mirrors the in-app line on the phones of users who registered one
        if "inapp" in channels and "push" not in channels:
            channels = (*channels, "push")
        self.channels = tuple(channels)

    def channels_of(self, requested=None) -> tuple[str, ...]:
        """This kind's channels, narrowed to `requested` (None: all); push follows in-app."""
        if requested is None:
            return self.channels
        wanted = set(requested)
        if "inapp" in wanted:
            wanted.add("push")
        return tuple(c for c in self.channels if c in wanted)

    def placeholders(self) -> set[str]:
        """The context keys the texts of this kind name, in the active language."""
        return {
            name
            for part in PARTS
            for _text, name, _spec, _conv in string.Formatter().parse(str(getattr(self, part)))
            if name
        }


PARTS = ("subject", "body", "sms", "inapp", "push")

CATALOGUE: dict[str, Message] = {
    "phone_code": Message(
        _("Your verification code"),
        _("Your Civic Budget code is {code}. It expires in 10 minutes."),
        _("Civic Budget code: {code} (valid 10 minutes)"),
        label=_("Verification codes"),
        transactional=True,
        channels=("sms",),
    ),
    "password_reset": Message(
        _("Your password reset code"),
        _(
            "Someone (we hope you) asked to reset the password of your Civic Budget account. "
            "Your code is {code}; it works for 15 minutes. You can also open this link: "
            "{link}\n\nIf you did not ask, ignore this message: your password stays as it is."
        ),
        _("Civic Budget password reset code: {code} (valid 15 minutes)"),
        label=_("Password reset codes"),
        transactional=True,
        channels=("email", "sms"),
    ),
    # --- cycles ---
    "phase_changed": Message(
        _("The cycle “{cycle_title}” moved to a new phase"),
        _("The cycle “{cycle_title}” is now in the phase: {phase_label}."),
        _("Civic Budget: “{cycle_title}” is now in: {phase_label}"),
        label=_("A cycle moves to its next phase"),
        channels=("email", "inapp"),
    ),
    # --- ideas ---
    "idea_received": Message(
        _("We received your idea “{idea_title}”"),
        _(
            "Thank you: your idea “{idea_title}” is submitted to “{cycle_title}”. The organizers "
            "screen every idea after the ideas competition closes, and we will tell you their "
            "decision."
        ),
        _("Civic Budget: your idea “{idea_title}” is received"),
        label=_("Your idea is received"),
        channels=("email", "inapp"),
    ),
    "idea_screened": Message(
        _("Your idea “{idea_title}” was screened: {decision_label}"),
        _(
            "The organizers screened your idea “{idea_title}”.\n\nDecision: {decision_label}\n"
            "Reason: {reason_label}\nNote: {note}\n\nThe decision is public on the idea's page."
        ),
        _("Civic Budget: your idea “{idea_title}” — {decision_label}. {reason_label}"),
        label=_("The screening of your idea"),
        channels=("email", "sms", "inapp"),
    ),
    "idea_merged": Message(
        _("The idea “{idea_title}” was merged into “{into_title}”"),
        _(
            "The organizers merged the idea “{idea_title}” into the similar idea “{into_title}”. "
            "Its authors are now co-authors of “{into_title}”.\n\nNote: {note}"
        ),
        _("Civic Budget: “{idea_title}” was merged into “{into_title}”"),
        label=_("Your idea merged with another"),
        channels=("email", "inapp"),
    ),
    "idea_entered_for_you": Message(
        _("Your paper idea “{idea_title}” is on the platform"),
        _(
            "The organizers typed in your paper idea form “{idea_title}”. You can follow it "
            "under your account."
        ),
        _("Civic Budget: your paper idea “{idea_title}” was registered"),
        label=_("Your paper idea is registered"),
        channels=("email", "sms", "inapp"),
    ),
    # --- trainings ---
    "training_enrolled": Message(
        _("You are enrolled in the training “{session_title}”"),
        _(
            "You have a seat in “{session_title}” on {starts}, at {place}. If you cannot come, "
            "cancel your enrollment so someone on the waitlist gets your seat."
        ),
        _("Civic Budget: you are enrolled in “{session_title}”, {starts}, {place}"),
        label=_("Training enrollment"),
        channels=("email", "sms", "inapp"),
    ),
    "training_waitlisted": Message(
        _("You are on the waitlist of “{session_title}”"),
        _(
            "“{session_title}” on {starts} is full. You are number {position} on the waitlist; "
            "we will tell you when a seat frees up."
        ),
        _("Civic Budget: waitlist no. {position} for “{session_title}”"),
        label=_("Training waitlist"),
        channels=("email", "inapp"),
    ),
    "training_promoted": Message(
        _("A seat freed up: you are enrolled in “{session_title}”"),
        _("Someone cancelled, and the seat is yours: “{session_title}” on {starts}, at {place}."),
        _("Civic Budget: a seat freed up, you are enrolled in “{session_title}”, {starts}"),
        label=_("A training seat freed up for you"),
        channels=("email", "sms", "inapp"),
    ),
    "training_reminder": Message(
        _("Tomorrow: the training “{session_title}”"),
        _("A reminder: “{session_title}” starts on {starts}, at {place}."),
        _("Civic Budget: tomorrow {starts}, “{session_title}”, {place}"),
        label=_("Training reminders"),
        channels=("email", "sms", "inapp"),
    ),
    "training_cancelled": Message(
        _("Your enrollment in “{session_title}” is cancelled"),
        _("Your enrollment in “{session_title}” on {starts} is cancelled."),
        label=_("Training cancellations"),
        channels=("email", "inapp"),
    ),
    # --- proposals ---
    "proposal_deadline": Message(
        _("Submit your proposal before {deadline}"),
        _(
            "Your idea “{idea_title}” was accepted. Its full proposal must be submitted before "
            "{deadline}, when the jury review starts; drafts are not reviewed."
        ),
        _("Civic Budget: submit the proposal for “{idea_title}” before {deadline}"),
        label=_("The proposal deadline is near"),
        channels=("email", "sms", "inapp"),
    ),
    "proposal_valued": Message(
        _("Your proposal “{proposal_title}” was assessed: {verdict}"),
        _("The municipality assessed “{proposal_title}”: {verdict}. Reason: {reason}"),
        _("Civic Budget: “{proposal_title}” assessed: {verdict}"),
        label=_("The assessment of your proposal"),
        channels=("email", "sms", "inapp"),
    ),
    # --- jury ---
    "jury_assigned": Message(
        _("Jury review: {count} proposals to score in “{cycle_title}”"),
        _(
            "You have {count} new proposals to score as a juror of “{cycle_title}”. Open "
            "“My assignments” on the cycle's page; the review is blind, and you can declare a "
            "conflict of interest on any proposal."
        ),
        _("Civic Budget: {count} proposals to score in “{cycle_title}”"),
        label=_("Jury assignments"),
        channels=("email", "sms", "inapp"),
    ),
    "jury_reminder": Message(
        _("Jury review ends in three days: {pending} proposals still to score"),
        _(
            "The jury review of “{cycle_title}” ends in three days, and {pending} of your "
            "proposals are not submitted yet. Please score and submit them."
        ),
        _("Civic Budget: {pending} proposals to score, review ends in 3 days"),
        label=_("Jury reminders"),
        channels=("email", "sms", "inapp"),
    ),
    "proposal_shortlisted": Message(
        _("Your proposal “{proposal_title}” is on the ballot"),
        _(
            "The jury's shortlist of “{cycle_title}” is published: your proposal "
            "“{proposal_title}” (rank {rank}) goes to the public vote. The ranking and the "
            "reasons are public on the cycle's ranking page."
        ),
        _("Civic Budget: “{proposal_title}” is shortlisted for the vote"),
        label=_("Your proposal is on the ballot"),
        channels=("email", "sms", "inapp"),
    ),
    "proposal_not_shortlisted": Message(
        _("Your proposal “{proposal_title}” is not on the ballot"),
        _(
            "The jury's shortlist of “{cycle_title}” is published, and your proposal "
            "“{proposal_title}” is not on it (rank {rank}). The ranking, each criterion's "
            "average score and the reasons are public on the cycle's ranking page."
        ),
        _("Civic Budget: “{proposal_title}” was not shortlisted"),
        label=_("Your proposal is not on the ballot"),
        channels=("email", "sms", "inapp"),
    ),
    # --- voting ---
    "voting_opened": Message(
        _("Voting is open: “{cycle_title}”"),
        _(
            "Voting has opened in “{cycle_title}”. Verify yourself as a voter and choose the "
            "projects your municipality should fund."
        ),
        _("Civic Budget: voting is open in “{cycle_title}”. Vote online or at a voting point."),
        label=_("Voting opens"),
        channels=("email", "sms", "inapp"),
    ),
    "ballot_received": Message(
        _("Your ballot is counted: “{cycle_title}”"),
        _(
            "We received your ballot in “{cycle_title}”. Your receipt code: {receipts}. Anyone "
            "can check with this code that the ballot is counted; it does not show your choices."
        ),
        _("Civic Budget: ballot received. Receipt: {receipts}"),
        label=_("Ballot receipts"),
        transactional=True,
        channels=("email", "sms", "inapp"),
    ),
    "results_published": Message(
        _("Results published: “{cycle_title}”"),
        _(
            "The results of the vote in “{cycle_title}” are published. See which projects "
            "will be funded."
        ),
        _("Civic Budget: results of “{cycle_title}” are published."),
        label=_("Results are published"),
        channels=("email", "inapp"),
    ),
    "proposal_won": Message(
        _("Your proposal won: “{proposal_title}”"),
        _(
            "Congratulations! Your proposal “{proposal_title}” won the vote in “{cycle_title}” "
            "and will be funded."
        ),
        _("Civic Budget: your proposal “{proposal_title}” won!"),
        label=_("Your proposal won"),
        channels=("email", "sms", "inapp"),
    ),
    # --- outreach: what the organizers and the schedule tell residents ---
    "broadcast": Message(
        _("{municipality} municipality: a message about “{cycle_title}”"),
        _("{text}\n\n— The organizers of “{cycle_title}”, {municipality} municipality"),
        # what the organizer wrote and nothing else: the SMS segments they were shown are these
        "{text}",
        "{text}",
        label=_("Messages from your municipality's organizers"),
        channels=("email", "sms", "inapp"),
    ),
    "voting_closing": Message(
        _("Voting closes on {closes}: “{cycle_title}”"),
        _(
            "Voting in “{cycle_title}” closes on {closes}. You are verified as a voter and have "
            "not voted yet: choose the projects your municipality should fund at {url}"
        ),
        _("Civic Budget: voting in “{cycle_title}” closes on {closes}. Vote: {url}"),
        _("Voting in “{cycle_title}” closes on {closes}; you have not voted yet."),
        label=_("Voting closes soon and you have not voted"),
        channels=("email", "sms", "inapp"),
    ),
    "cycle_news": Message(
        "{headline}",
        _("{text}\n\nMore: {url}"),
        _("Civic Budget: {headline} {url}"),
        "{headline}",
        label=_("Cycle news: deadlines and reminders (only if you turn it on)"),
        opt_in=True,
        channels=("email", "sms", "inapp"),
    ),
    # --- implementation ---
    "project_funded": Message(
        _("Your proposal “{project_title}” is now a funded project"),
        _(
            "Your proposal “{project_title}” won the vote and is now a funded project with a "
            "budget of {budget} GEL. Follow its progress: {url}"
        ),
        _("Civic Budget: “{project_title}” is funded ({budget} GEL). {url}"),
        label=_("Your project is funded"),
        channels=("email", "sms", "inapp"),
    ),
    "project_updated": Message(
        _("Update on “{project_title}”: {status_label}"),
        _(
            "The funded project “{project_title}” is now: {status_label}.\n\n{text}\n\n"
            "Spent so far: {spent} of {budget} GEL.\nSee its history and photos: {url}"
        ),
        _("Civic Budget: “{project_title}” — {status_label}. {url}"),
        _("“{project_title}”: {status_label} — {text}"),
        label=_("Updates on funded projects"),
        channels=("email", "sms", "inapp"),
    ),
    "problem_report_answered": Message(
        _("Your report on “{project_title}” has an answer"),
        _(
            "You reported a problem with the funded project “{project_title}”. The municipality "
            "answered:\n\n{answer}\n\nSee the project and the answer: {url}"
        ),
        _("Civic Budget: your report on “{project_title}” has an answer. {url}"),
        _("Your report on “{project_title}” has an answer: {answer}"),
        label=_("Answers to my reports on funded projects"),
        channels=("email", "inapp"),
    ),
}


def label(kind: str) -> str:
    """What the preferences and unsubscribe pages call `kind`, in the active language."""
    return str(CATALOGUE[kind].label)
