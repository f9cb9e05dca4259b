"""Claiming a batch of outbox rows for a worker in one statement (PostgreSQL).

The claim is the conditional UPDATE pending -> sending of services/delivery.py, with the rows
locked by `FOR UPDATE SKIP LOCKED` first so that two workers given the same ids never wait for
each other and never both take a row. It returns what sending needs (the recipient's address,
phone, whether it is verified, language, and the push tokens of a push row) from the same
statement: one round trip a batch instead of a transaction of four (BEGIN, SELECT ... FOR
UPDATE, UPDATE, COMMIT) and a query for the devices. Other databases (the embedded SQLite
default) use the ORM claim.

The rows are picked by id alone, and whether they are pending and due is asked of the rows
picked: asked in the pick, the planner may join the primary key with the partial index of the
unsent rows (`notification_unsent`), which in the middle of a fan-out holds the whole backlog, so
every claim would walk all of it (bench/README.md: PostgreSQL's CPU grew with the fan-out's
square). Locking a row that turns out sent or not yet due costs nothing: the lock ends with the
statement, and a row another worker holds is skipped either way.
"""

import json

from django.contrib.auth import get_user_model
from django.db import connection

from .models import DeliveryChannel, Device, Notification, Status

SQL = """
WITH picked AS MATERIALIZED (
    SELECT id FROM {outbox} WHERE id = ANY(%(ids)s::uuid[]) FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE {outbox} AS n
    SET status = %(sending)s, claimed_at = %(now)s, attempts = n.attempts + 1
    FROM picked
    WHERE n.id = picked.id AND n.status = %(pending)s AND n.due_at <= %(due)s
    RETURNING n.id, n.recipient_id, n.kind, n.channel, n.subject, n.context::text, n.attempts,
              n.due_at
)
SELECT c.id, c.recipient_id, c.kind, c.channel, c.subject, c.context, c.attempts, c.due_at,
       u.email, u.phone, u.phone_verified, u.language,
       CASE WHEN c.channel = %(push)s THEN
           ARRAY(SELECT d.token FROM {devices} AS d WHERE d.user_id = c.recipient_id ORDER BY d.id)
       END
FROM claimed AS c JOIN {users} AS u ON u.id = c.recipient_id
"""

NOTE_FIELDS = ["id", "recipient_id", "kind", "channel", "subject", "context", "attempts", "due_at"]
USER_FIELDS = ["id", "email", "phone", "phone_verified", "language"]


def claim(ids, *, now, due) -> tuple[list[Notification], dict]:
    """The rows among `ids` that are pending and due by `due`, now `sending` for this worker
    (with their recipients loaded), and {recipient id: push tokens} for the push rows."""
    User = get_user_model()
    sql = SQL.format(
        outbox=Notification._meta.db_table,
        devices=Device._meta.db_table,
        users=User._meta.db_table,
    )
    params = {
        "ids": [str(i) for i in ids],
        "pending": Status.PENDING.value,
        "sending": Status.SENDING.value,
        "push": DeliveryChannel.PUSH.value,
        "now": now,
        "due": due,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows, tokens, contexts = [], {}, {}
    alias = connection.alias  # asked once: the connection proxy is slow to ask for each row
    for *note, email, phone, phone_verified, language, devices in found:
        # a fan-out's rows share one context: parse it once, and one dict lets the batch
        # renderer key its texts without serialising the context again for each row
        text = note[5]
        if text not in contexts:
            contexts[text] = json.loads(text)
        note[5] = contexts[text]
        row = Notification.from_db(alias, NOTE_FIELDS, note)
        row.status, row.claimed_at = Status.SENDING, now
        row.recipient = User.from_db(
            alias, USER_FIELDS, [row.recipient_id, email, phone, phone_verified, language]
        )
        rows.append(row)
        if devices is not None:
            tokens[row.recipient_id] = devices
    return rows, tokens
