"""Writing a whole municipality's outbox in one statement (PostgreSQL).

`notify()` given a User queryset on PostgreSQL does not bring the users into Python at all: one
INSERT ... SELECT crosses the recipients with the message's channels, keeps the channels each
recipient can be reached on and has not turned off (or, for an opt-in kind, has turned on), and
skips dedupe keys already there. The rule is the same as `services.outbox._channels` +
`services.preferences.optouts`/`optins`, and `services.reach` counts it before sending; tests
run every path.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from .models import DeliveryChannel, Device, Notification, Preference, Status

SQL = """
WITH u(id, email, phone, phone_verified) AS ({users}),
     c(channel) AS (SELECT unnest(%(channels)s::text[]))
INSERT INTO {outbox} (id, recipient_id, kind, channel, subject, dedupe_key, context, status,
                      attempts, last_error, created_at, due_at, sent_at)
SELECT gen_random_uuid(), u.id, %(kind)s, c.channel, %(subject)s,
       %(kind)s || ':' || u.id::text || ':' || %(subject)s || ':' || c.channel,
       %(context)s::jsonb,
       CASE WHEN c.channel = %(inapp)s THEN %(sent)s ELSE %(pending)s END,
       0, '', %(now)s, %(now)s,
       CASE WHEN c.channel = %(inapp)s THEN %(now)s::timestamptz END
FROM u CROSS JOIN c
WHERE (c.channel <> %(email)s OR coalesce(u.email, '') <> '')
  AND (c.channel <> %(sms)s OR (coalesce(u.phone, '') <> '' AND (u.phone_verified OR %(transactional)s)))
  AND (c.channel <> %(push)s OR EXISTS (SELECT 1 FROM {devices} d WHERE d.user_id = u.id))
  AND (%(transactional)s
       OR (NOT %(opt_in)s AND NOT EXISTS (
            SELECT 1 FROM {preferences} p
            WHERE p.user_id = u.id AND p.kind = %(kind)s AND p.channel = c.channel
              AND NOT p.enabled))
       OR (%(opt_in)s AND EXISTS (
            SELECT 1 FROM {preferences} p
            WHERE p.user_id = u.id AND p.kind = %(kind)s AND p.channel = c.channel
              AND p.enabled)))
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id, channel
"""


def insert(*, kind, message, users, context, subject, now, channels) -> list[tuple]:
    """(id, channel) of each row written for the users of the queryset `users` on `channels`."""
    users_sql, users_params = (
        users.order_by()
        .values_list("pk", "email", "phone", "phone_verified")
        .query.sql_with_params()
    )
    # the recipients' SQL uses positional %s; ours named ones: turn theirs into names too
    names = {f"u{i}": value for i, value in enumerate(users_params)}
    users_sql = users_sql.replace("%%", "%%%%") % tuple(f"%({name})s" for name in names)
    sql = SQL.format(
        users=users_sql,
        outbox=Notification._meta.db_table,
        devices=Device._meta.db_table,
        preferences=Preference._meta.db_table,
    )
    params = {
        **names,
        "channels": list(channels),
        "kind": kind,
        "subject": subject,
        "context": json.dumps(context, cls=DjangoJSONEncoder),
        "now": now,
        "transactional": message.transactional,
        "opt_in": message.opt_in,
        "email": DeliveryChannel.EMAIL.value,
        "sms": DeliveryChannel.SMS.value,
        "push": DeliveryChannel.PUSH.value,
        "inapp": DeliveryChannel.INAPP.value,
        "sent": Status.SENT.value,
        "pending": Status.PENDING.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
