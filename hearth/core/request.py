"""The address of the request being served, for the audit log, without passing the request through every service."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_ip: ContextVar[str | None] = ContextVar("hearth_request_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


class RequestAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)
