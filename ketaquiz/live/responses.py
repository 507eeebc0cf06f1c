"""What every answer of the live server carries, and how it refuses: JSON, with the reason in words.

Used by the routes and by the connection itself, for the requests that never reach a route (a
request line or header aiohttp's parser refuses), so that every answer has the same shape.
"""

from __future__ import annotations

from aiohttp import web

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Server": "ketaquiz",  # no versions to look vulnerabilities up by
}


def refusal(status: int, message: str, *, retry_after: int | None = None) -> web.Response:
    """A refusal as JSON `{"error": message}`; with `retry_after`, when to try again (in seconds)."""
    response = web.json_response({"error": message}, status=status)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response
