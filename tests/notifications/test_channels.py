import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from notifications.channels import DeliveryError, HTTPSMSBackend


class Gateway(BaseHTTPRequestHandler):
    answers = []
    seen = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Gateway.seen.append((dict(self.headers), body))
        self.send_response(Gateway.answers.pop(0) if Gateway.answers else 200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    Gateway.answers, Gateway.seen = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()


def test_http_sms_backend_posts_the_message_with_token_sender_and_idempotency_key(gateway):
    HTTPSMSBackend(url=gateway, token="s3cret", sender="Terjola").send(
        "+995599000001", "გამარჯობა", key="abc"
    )
    headers, body = Gateway.seen[0]
    assert headers["Authorization"] == "Bearer s3cret"
    assert headers["Idempotency-Key"] == "abc"
    assert body == {
        "from": "Terjola",
        "to": "+995599000001",
        "text": "გამარჯობა",
        "reference": "abc",
    }


@pytest.mark.parametrize(("code", "permanent"), [(500, False), (429, False), (400, True)])
def test_http_sms_backend_turns_non_2xx_into_delivery_errors(gateway, code, permanent):
    Gateway.answers = [code]
    with pytest.raises(DeliveryError) as exc:
        HTTPSMSBackend(url=gateway, token="t").send("+995599000001", "hi")
    assert exc.value.permanent is permanent


def test_http_sms_backend_network_errors_are_retryable():
    with pytest.raises(DeliveryError) as exc:
        HTTPSMSBackend(url="http://127.0.0.1:9/sms", token="t").send("+995599000001", "hi")
    assert exc.value.permanent is False


def test_http_sms_backend_takes_its_settings_from_the_environment(settings):
    settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN, settings.SMS_SENDER = "http://x/", "tok", "CB"
    backend = HTTPSMSBackend()
    assert (backend.url, backend.token, backend.sender) == ("http://x/", "tok", "CB")
