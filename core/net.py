"""The client's address: the one answer throttles, the login lockout and the logs use.

Behind a reverse proxy every request comes from the proxy's socket, and the client's own address
is in `X-Forwarded-For`, which anyone can also write. It is read only as far as the deployment
says it is trustworthy:

- `TRUSTED_PROXIES` (addresses or CIDR blocks): when the socket is one of them, the header is
  read from the right, skipping trusted addresses; the first address that is not a trusted proxy
  is the client (what a client wrote further left is ignored).
- else `NUM_PROXIES = n` (n > 0): the app is reachable only through n proxies, each appending the
  address it saw; the n-th address from the right is the client. A header with fewer than n
  addresses did not pass the proxies: the socket address is used.
- default (neither): the socket address (`REMOTE_ADDR`); the header is ignored.

Whatever the header says, the answer is a well-formed IP address, never the header's text.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(proxies: tuple) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(request) -> str:
    """The address of the client that sent `request` (an HttpRequest or a DRF Request)."""
    meta = request.META
    remote = _ip(meta.get("REMOTE_ADDR") or "")
    forwarded = [part for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if networks:
        if remote is None or not _trusted(remote, networks):
            return str(remote) if remote else ""
        client = remote
        for part in reversed(forwarded):
            address = _ip(part)
            if address is None:
                break  # garbage written by someone: stop at the last good address
            client = address
            if not _trusted(address, networks):
                break
        return str(client)
    hops = getattr(settings, "NUM_PROXIES", 0) or 0
    if hops > 0 and len(forwarded) >= hops and forwarded != [""]:
        address = _ip(forwarded[-hops])
        if address is not None:
            return str(address)
    return str(remote) if remote else ""
