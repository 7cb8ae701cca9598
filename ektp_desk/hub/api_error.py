"""The hub API's one error: an answer other than 200, which both servers send as JSON."""

from __future__ import annotations


class ApiError(Exception):
    """An answer other than 200: its HTTP status, a code and a message, sent as JSON."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, str]:
        return {"error": self.code, "message": self.message}
