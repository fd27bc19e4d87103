"""What services need to know about the request being served, without passing the request through every service:
its address (for the audit log) and a memo of reads that stay the same for the length of one request."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

_ip: ContextVar[str | None] = ContextVar("hearth_request_ip", default=None)
_memo: ContextVar[dict[str, Any] | None] = ContextVar("hearth_request_memo", default=None)
T = TypeVar("T")


def current_ip() -> str | None:
    return _ip.get()


def request_cached(key: str, load: Callable[[], T]) -> T:
    """``load()`` once per request under ``key`` (a row several checks read, e.g. the sharing policy); outside a
    request, every call loads afresh."""
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


class RequestAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token, memo_token = _ip.set(request.META.get("REMOTE_ADDR")), _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)
            _memo.reset(memo_token)
