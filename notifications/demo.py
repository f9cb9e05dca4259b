"""Demo: the demo resident's phone is registered for push (console backend), so every event
they get in the app also shows as a push line in the worker's output. Idempotent."""

from .models import Device


def seed(demo):
    resident = demo.get("resident")
    if resident is None:
        return
    Device.objects.get_or_create(
        token="demo-push-token-resident", defaults={"user": resident, "platform": "android"}
    )
    demo["log"].append("push: the demo resident has a registered phone (console push backend)")
