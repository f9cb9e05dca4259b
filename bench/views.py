"""The ceiling view of bench/ballots.py: one INSERT behind the same middleware and server.

Mounted only by bench.settings (bench.urls), never in a deployment. The table
`bench_ping` is created by the benchmark, not by a migration: nothing else should ever use it.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods


@csrf_exempt
@require_http_methods(["PUT", "POST"])
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_ping (at) VALUES (now()) RETURNING id")
        (pk,) = cursor.fetchone()
    return JsonResponse({"id": pk})
