"""Delivery channels. SMS and push go through a backend named in settings (console by default)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A channel failed in a way worth retrying."""


class ConsoleSMSBackend:
    def send(self, phone: str, text: str):
        print(f"[SMS to {phone}] {text}", flush=True)


class ConsolePushBackend:
    def send(self, token: str, title: str, body: str):
        print(f"[push to {token[:12]}…] {title}: {body}", flush=True)


def sms_backend():
    return import_string(settings.SMS_BACKEND)()


def push_backend():
    return import_string(settings.PUSH_BACKEND)()


def send_email(to: str, subject: str, body: str, headers=None):
    msg = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers)
    msg.send()


def send_sms(phone: str, text: str):
    sms_backend().send(phone, text)
