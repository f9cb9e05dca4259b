from notifications import demo
from notifications.models import Device


def test_demo_registers_the_residents_phone_once(resident):
    state = {"resident": resident, "log": []}
    demo.seed(state)
    demo.seed(state)
    assert list(Device.objects.values_list("user", flat=True)) == [resident.pk]
