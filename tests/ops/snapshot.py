"""Print what the public sees of a cycle, as JSON: `python -m tests.ops.snapshot CYCLE_ID`.

Run against a database (DATABASE_URL) by the backup test, once for the original and once for
the restored copy, so both are read by the same code under the same settings.
"""

import json
import re
import sys


def snapshot(cycle_id: int) -> dict:
    from django.test import Client

    from record.models import Entry

    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def text(path):
        res = client.get(path)
        assert res.status_code == 200, (path, res.status_code)
        # the only thing that differs between two requests for the same page
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", res.content.decode())

    results = client.get(f"/api/v1/cycles/{cycle_id}/results/").json()
    return {
        "results_page": text(f"/cycles/{cycle_id}/results/"),
        "record_page": text(f"/cycles/{cycle_id}/record/"),
        "record_api": client.get(f"/api/v1/cycles/{cycle_id}/record/?page_size=500").json(),
        "record_rows": list(Entry.objects.filter(cycle_id=cycle_id).order_by("id").values()),
        "results_api": results,
        "results_pb": {
            str(envelope["envelope"]): text(
                f"/api/v1/cycles/{cycle_id}/results.pb?envelope={envelope['envelope']}"
            )
            for envelope in results["envelopes"]
        },
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(snapshot(int(sys.argv[1])), default=str, ensure_ascii=False))
