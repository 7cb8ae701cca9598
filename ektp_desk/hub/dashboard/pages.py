"""The dashboard's pages and downloads on the hub's FastAPI app: log-in and log-out, the
city, a kecamatan, the desks, the duplicate cases (resolved by an operator), the rejected
records, and the city tally as XLSX and PDF.

Every page but the log-in needs a session; every POST carries the session's CSRF token
(the log-in form a token bound to a short cookie of its own). The session cookie is
HttpOnly and SameSite=Strict, and Secure when the page came over TLS (directly, or through
nginx, which says so in X-Forwarded-Proto). Templates autoescape."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ektp_desk.hub import HubError
from ektp_desk.hub.dashboard import desks as desk_rows
from ektp_desk.hub.dashboard.accounts import HubAccounts, LoginRefused, Session, csrf_matches
from ektp_desk.hub.dashboard.chart import line_chart
from ektp_desk.hub.dashboard.desks import local_day, local_minute
from ektp_desk.hub.dashboard.downloads import tally_pdf, tally_xlsx
from ektp_desk.hub.dashboard.figures import (
    CityView,
    Settings,
    city_view,
    cumulative,
    kecamatan_view,
)
from ektp_desk.hub.store import DashboardStore

HERE = Path(__file__).parent
SESSION_COOKIE = "ektp_dasbor"
LOGIN_COOKIE = "ektp_dasbor_masuk"
REFRESH_SECONDS = 60
CASE_ID = re.compile(r"C[0-9]{6}")
ZONE = ZoneInfo("Asia/Makassar")  # Palu's (WITA): the day the figures are for
STATIC = {
    "dashboard.css": "text/css; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
}
ROLE_NAMES = {"viewer": "pemantau", "operator": "operator", "admin": "admin"}
STATE_NAMES = {
    "accepted": "diterima",
    "duplicate_nik": "NIK ganda, menunggu keputusan",
    "voided": "dibatalkan",
    "replaced": "diganti oleh koreksi",
}
# Every answer: no caching of figures or forms, no framing, nothing from elsewhere.
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:;"
    " frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


class Dashboard:
    def __init__(
        self, store: DashboardStore, settings: Settings, clock: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.accounts = HubAccounts(store, clock=clock)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        # Times are stored in UTC and dates as YYYY-MM-DD; a page shows them as Palu reads them.
        self.templates.filters["wita"] = lambda iso: f"{local_minute(iso)} WITA" if iso else "–"
        self.templates.filters["tanggal"] = lambda day: local_day(day) if day else "–"

    def today(self) -> date:
        return self.clock().astimezone(ZONE).date()

    def session(self, request: Request) -> Session | None:
        return self.accounts.session(request.cookies.get(SESSION_COOKIE))

    def render(
        self, template: str, session: Session | None, *, status: int = 200, **context: Any
    ) -> HTMLResponse:
        html = self.templates.get_template(template).render(
            session=session,
            role_names=ROLE_NAMES,
            state_names=STATE_NAMES,
            updated=self.clock().astimezone(ZONE).strftime("%d-%m-%Y %H:%M WITA"),
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def refused(self, session: Session | None, status: int, title: str, detail: str) -> Response:
        return self.render("error.html", session, status=status, title=title, detail=detail)

    def city(self) -> CityView:
        return city_view(self.store, self.settings, self.today())


def to_login() -> Response:
    return RedirectResponse("/masuk", status_code=303, headers=HEADERS)


def add_dashboard(
    app: FastAPI,
    store: DashboardStore,
    *,
    settings: Settings,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Dashboard:
    dash = Dashboard(store, settings, clock)
    _add_login(app, dash)
    _add_pages(app, dash)
    _add_cases(app, dash)
    _add_downloads(app, dash)
    return dash


def _add_login(app: FastAPI, dash: Dashboard) -> None:
    @app.get("/masuk", include_in_schema=False)
    def login_form(request: Request) -> Response:
        return _login_page(dash, request, None, 200)

    @app.post("/masuk", include_in_schema=False)
    def login(
        request: Request,
        name: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=1000)] = "",
        csrf: Annotated[str, Form(max_length=200)] = "",
    ) -> Response:
        expected = request.cookies.get(LOGIN_COOKIE)
        if not expected or not secrets.compare_digest(expected.encode(), csrf.encode()):
            return _login_page(dash, request, "Formulir kedaluwarsa; silakan coba lagi.", 403)
        try:
            done = dash.accounts.login(name, password)
        except LoginRefused as exc:
            return _login_page(dash, request, str(exc), 401)
        response = RedirectResponse("/", status_code=303, headers=HEADERS)
        response.set_cookie(
            SESSION_COOKIE, done.token, httponly=True, samesite="strict",
            secure=_secure(request), path="/",
        )  # fmt: skip
        response.delete_cookie(LOGIN_COOKIE, path="/masuk")
        return response

    @app.post("/keluar", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
        session = dash.session(request)
        if session is None or not csrf_matches(session, csrf):
            return dash.refused(session, 403, "Ditolak", "Token formulir tidak cocok.")
        dash.accounts.logout(request.cookies.get(SESSION_COOKIE))
        response = to_login()
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response(status_code=404)
        body = (HERE / "static" / name).read_bytes()
        return Response(body, media_type=STATIC[name], headers={"Cache-Control": "max-age=300"})


def _login_page(dash: Dashboard, request: Request, error: str | None, status: int) -> Response:
    token = secrets.token_urlsafe(24)
    response = dash.render("login.html", None, status=status, login_csrf=token, error=error)
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request),
        path="/masuk", max_age=1800,
    )  # fmt: skip
    return response


def _add_pages(app: FastAPI, dash: Dashboard) -> None:
    @app.get("/", include_in_schema=False)
    def city(request: Request) -> Response:
        session = dash.session(request)
        if session is None:
            return to_login()
        view = dash.city()
        return dash.render(
            "city.html", session, page="city", refresh=REFRESH_SECONDS, city=view,
            chart=line_chart(view.series, view.total.target),
        )  # fmt: skip

    @app.get("/kecamatan/{code}", include_in_schema=False)
    def kecamatan(request: Request, code: str) -> Response:
        session = dash.session(request)
        if session is None:
            return to_login()
        view = kecamatan_view(dash.store, dash.settings, dash.today(), code)
        if view is None:
            return dash.refused(session, 404, "Tidak ditemukan", f"Tidak ada kecamatan {code}.")
        return dash.render(
            "kecamatan.html", session, page="city", refresh=REFRESH_SECONDS, area=view.area,
            kelurahan=view.kelurahan, chart=line_chart(cumulative(view.daily), view.area.target),
        )  # fmt: skip

    @app.get("/meja", include_in_schema=False)
    def desks(request: Request) -> Response:
        session = dash.session(request)
        if session is None:
            return to_login()
        return dash.render(
            "desks.html", session, page="desks", refresh=REFRESH_SECONDS,
            desks=desk_rows.desk_lines(dash.store),
        )  # fmt: skip

    @app.get("/ditolak", include_in_schema=False)
    def rejected(request: Request) -> Response:
        session = dash.session(request)
        if session is None:
            return to_login()
        return dash.render(
            "rejected.html", session, page="rejected", refresh=REFRESH_SECONDS,
            rejected=dash.store.rejected(),
        )  # fmt: skip


def _cases_page(
    dash: Dashboard, session: Session, *, status: int = 200, message: str | None = None
) -> Response:
    return dash.render(
        "cases.html", session, status=status, page="cases", refresh=REFRESH_SECONDS,
        open_cases=dash.store.cases("open"), resolved_cases=dash.store.cases("resolved"),
        message=message,
    )  # fmt: skip


def _add_cases(app: FastAPI, dash: Dashboard) -> None:
    @app.get("/kasus", include_in_schema=False)
    def cases(request: Request, selesai: str = "") -> Response:
        session = dash.session(request)
        if session is None:
            return to_login()
        done = f"Kasus {selesai} sudah diputuskan." if CASE_ID.fullmatch(selesai) else None
        return _cases_page(dash, session, message=done)

    @app.post("/kasus/{case_id}", include_in_schema=False)
    def resolve(
        request: Request,
        case_id: str,
        csrf: Annotated[str, Form(max_length=200)] = "",
        keep: Annotated[str, Form(max_length=100)] = "",
        reason: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        session = dash.session(request)
        if session is None or not csrf_matches(session, csrf):
            return dash.refused(session, 403, "Ditolak", "Token formulir tidak cocok.")
        if not session.may_resolve:
            return dash.refused(
                session, 403, "Ditolak", "Hanya operator atau admin yang dapat memutuskan kasus."
            )
        try:
            dash.store.resolve_case(
                case_id, keep=keep or None, reason=reason.strip(), by=session.name,
                at=dash.clock().isoformat(timespec="seconds"),
            )  # fmt: skip
        except HubError as exc:
            return _cases_page(dash, session, status=409, message=f"Tidak diputuskan: {exc}")
        return RedirectResponse(f"/kasus?selesai={case_id}", status_code=303, headers=HEADERS)


def _add_downloads(app: FastAPI, dash: Dashboard) -> None:
    @app.get("/unduh/rekap.xlsx", include_in_schema=False)
    def xlsx(request: Request) -> Response:
        if dash.session(request) is None:
            return to_login()
        name = f"rekap-kota-{dash.today().isoformat()}.xlsx"
        return Response(
            tally_xlsx(dash.city()),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/unduh/rekap.pdf", include_in_schema=False)
    def pdf(request: Request) -> Response:
        if dash.session(request) is None:
            return to_login()
        name = f"rekap-kota-{dash.today().isoformat()}.pdf"
        return Response(
            tally_pdf(dash.city()),
            media_type="application/pdf",
            headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
        )
