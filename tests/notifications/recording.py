"""A stand-in SMS provider for the worker tests: appends one line per message to SMS_FILE."""

import os

from django.conf import settings

from notifications.channels import SMSBackend


class FileSMSBackend(SMSBackend):
    def send(self, phone, text, *, key=""):
        line = f"{key}\t{phone}\t{text}".replace("\n", " ") + "\n"
        fd = os.open(settings.SMS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())  # one write per line: lines never interleave
        finally:
            os.close(fd)
