"""Handing rows to the workers from a hot request without paying for the broker in it.

A ballot's receipt row is written by the ballot's own statement; handing it to Celery in the
request cost about a sixth of a ballot's CPU (building and publishing one task message for one
row; bench/cast_profile.py). `enqueue_soon()` puts the ids on a queue of this process instead,
and one relay thread per process hands what gathered to `enqueue()` every RELAY_PERIOD
seconds: one task for all the receipts of the moment.

Never lost: the rows are committed before their ids are queued, so if the process dies with ids
still on the queue (a crash, a restart), the rows are simply `pending`, and the beat task
(`requeue_stale`) hands them over after its grace period, as when the broker is down. With
eager tasks (the embedded default, the tests) there is no worker to wake: `enqueue()` runs at
once, as before.
"""

import logging
import os
import queue
import threading

from .outbox import enqueue

log = logging.getLogger(__name__)

RELAY_PERIOD = 0.05  # seconds: how long a receipt may wait in this process for its task
_ids: queue.SimpleQueue = queue.SimpleQueue()
_started = {"pid": None}
_lock = threading.Lock()


def enqueue_soon(ids) -> None:
    """enqueue(ids), in a moment and together with others (after the rows committed)."""
    from civic_budget.celery import app

    if app.conf.task_always_eager:
        enqueue(ids)
        return
    for i in ids:
        _ids.put(str(i))
    if _started["pid"] != os.getpid():  # the first call in this process (also after a fork)
        with _lock:
            if _started["pid"] != os.getpid():
                threading.Thread(target=_relay, name="outbox-relay", daemon=True).start()
                _started["pid"] = os.getpid()


def _relay() -> None:
    while True:
        batch = [_ids.get()]  # wait for the first
        threading.Event().wait(RELAY_PERIOD)  # let the moment's others gather
        while True:
            try:
                batch.append(_ids.get_nowait())
            except queue.Empty:
                break
        try:
            enqueue(batch)  # a broker outage is logged there; the beat task takes over
        except Exception:  # never let the thread die: the next receipts still need it
            log.exception("the outbox relay could not hand %d rows over", len(batch))
