"""Every CSV the project writes goes through here: UTF-8 with a BOM (so spreadsheet programs
read Georgian as Georgian) and user text that a spreadsheet would run as a formula escaped."""

import csv
import io
import re

from django.http import HttpResponse

BOM = "\ufeff"
# A cell beginning with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ...except a plain number such as a phone (+995 599 12 34 56): nothing in it can run.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 .]*")


def cell(value):
    """Text that would start a formula gets a leading apostrophe; numbers and dates stay as
    they are (a negative amount is a number, not a formula)."""
    if value is None:
        return ""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    if isinstance(value, bool):
        return int(value)
    return value


def csv_text(header, rows) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(str(h)) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A download of `rows` under `header` as `filename`."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
