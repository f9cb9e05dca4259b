"""Production static files: collected with hashed names, compressed, served with a far-future cache.

Runs the real production settings (DEBUG=0) in a child process, since settings are read once per
process; the child collects into a temporary STATIC_ROOT and asks WhiteNoise for the stylesheet.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
import django
django.setup()
from django.conf import settings
settings.STATIC_ROOT = sys.argv[1]  # read lazily by the storage: set before its first use
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
from django.templatetags.static import static
from django.test import Client
url = static("css/site.css")
res = Client().get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps({
    "storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "url": url,
    "status": res.status_code,
    "encoding": res.get("Content-Encoding", ""),
    "cache": res.get("Cache-Control", ""),
}))
"""


def test_collectstatic_writes_hashed_compressed_files_served_with_a_long_cache(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civic_budget.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x",
        "VOTER_KEY_SECRET": "y",
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (tmp_path / hashed).exists()
    assert (tmp_path / f"{hashed}.gz").exists()

    # pages link the hashed name, and WhiteNoise serves it compressed, cached "forever"
    assert seen["url"] == f"/static/{hashed}"
    assert seen["status"] == 200
    assert seen["encoding"] == "gzip"
    assert "max-age=315360000" in seen["cache"] and "immutable" in seen["cache"]
