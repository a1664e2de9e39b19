"""SQL statements per request, counted in-process with an engine event."""

from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..extensions import db
from .pages import Page


class StatementCounter:
    """`with StatementCounter(engine) as c: …` -> c.count, c.statements (the SQL text)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        self.statements.append(statement)

    def __enter__(self) -> "StatementCounter":
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


@dataclass
class Counted:
    count: int
    status: int
    statements: list[str] = field(default_factory=list)


def log_in(client, username: str, password: str) -> None:
    response = client.post("/login", data={"username": username, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"in-process login as {username} answered {response.status_code}")


def count_statements(app: Flask, pages: list[Page], landmarks: dict, password: str) -> list[Counted]:
    """For each page (the app must have CSRF off): one warm-up request, then one counted."""
    clients = {}
    for each in {p.role: p for p in pages}.values():
        clients[each.role] = app.test_client()
        if each.role:
            log_in(clients[each.role], each.username(landmarks), password)
    with app.app_context():
        engine = db.engine
    counted = []
    for page in pages:
        client, url = clients[page.role], page.url(landmarks)
        client.get(url, headers=page.headers)  # first use of templates, a due session touch …
        with StatementCounter(engine) as counter:
            response = client.get(url, headers=page.headers)
        counted.append(Counted(counter.count, response.status_code, counter.statements))
    return counted
