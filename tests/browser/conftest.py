"""Real-browser journeys: a live portal on a fresh demo company, Debian's Chromium, axe-core.

Every test that takes the `page` fixture runs twice, at phone size (390×844) and at desktop
size (1280×900), each in a fresh browser context. Such a test fails when the browser saw

- a console error (CSP violations included) or an uncaught error in a page,
- a request that failed (other than one aborted because the page moved on: net::ERR_ABORTED),
- an HTTP status of 400 or more that the test did not declare (`visit(..., status=403)` or
  `expect_status(page, 403, "/path")`),
- a page it visited that was never checked with axe-core (`audit(page)`),

and `audit` fails at once when axe finds a serious or critical problem. On a failure, a
full-page screenshot and the HTML of the page are saved to test-artifacts/<test>.png/.html.

Helpers for journeys (`from tests.browser.conftest import audit, login, visit, ...`):

    visit(page, "/staff/")                 go there, check the status, audit the page
    visit(page, "/staff/admin", status=403)
    audit(page)                            axe-core on the page as it is now (after a click,
                                           a form error, an htmx swap, ...)
    login(page, "staff")                   with the mouse; both pages audited
    switch_user(page, "office")            log out (after leaving the page) and in as another
    login_with_keyboard(page, "staff")     Tab, typing and Enter only
    expect_status(page, 403, "/path")      a status the next action will cause on purpose

axe-core comes from npm (tests/browser/package-lock.json): `npm ci --prefix tests/browser`.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

from portal import create_app
from portal.cli import DEMO_PASSWORD
from portal.extensions import db
from tests.conftest import BASE_CONFIG, fresh_copy, serve

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
FAILING_IMPACTS = ("critical", "serious")
TIMEOUT_MS = 10_000

_WATCH = pytest.StashKey["Watch"]()
_PAGE = pytest.StashKey[Page]()
_ATTR = "_portal_watch"  # the Watch of a page, kept on the page itself


# --- the live portal and the browser ------------------------------------------------------

@pytest.fixture(scope="module")
def live_server(demo_database, tmp_path_factory):
    """The base URL of a portal serving a fresh demo company (one per test module),
    CSRF protection on as in production."""
    with fresh_copy(demo_database, tmp_path_factory.mktemp("browser")) as uri:
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": True})
        try:
            with serve(app) as url:
                yield url
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests use Debian's Chromium. "
                    "`make test` installs it (scripts/system-packages.sh test).", pytrace=False)
    _axe()  # fail here, once, if axe-core is not installed
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What one test's browser saw that should not happen, and which pages axe has checked."""
    label: str
    problems: list[str] = field(default_factory=list)
    expected: set[tuple[int, str]] = field(default_factory=set)  # (status, URL path)
    current: str | None = None  # the page as it is now, if not yet audited
    unaudited: list[str] = field(default_factory=list)  # pages left before being audited

    def expects(self, status: int, url: str) -> bool:
        return (status, urlsplit(url).path) in self.expected

    def take_problems(self) -> list[str]:
        found, self.problems = self.problems, []
        return found

    def raise_problems(self) -> None:
        found = self.take_problems()
        if found:
            raise AssertionError(
                f"The browser ({self.label}) reported {len(found)} problem(s):\n"
                + "\n".join(f"  - {p}" for p in found))

    def raise_unaudited(self) -> None:
        missed = self.unaudited + ([self.current] if self.current else [])
        if missed:
            raise AssertionError(
                "Pages visited but never checked with axe (call audit(page) once each has "
                "loaded, or use visit()):\n" + "\n".join(f"  - {url}" for url in missed))


def _watch_context(context, watch: Watch) -> None:
    def on_response(response):
        if response.status >= 400 and not watch.expects(response.status, response.url):
            watch.problems.append(
                f"HTTP {response.status} for {response.request.method} {response.url}")

    def on_request_failed(request):
        if request.failure != "net::ERR_ABORTED":
            watch.problems.append(f"request failed ({request.failure}): {request.method} {request.url}")

    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)
    context.on("page", lambda page: _watch_page(page, watch))


_LOAD_FAILED = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def _watch_page(page: Page, watch: Watch) -> None:
    def on_console(message):
        if message.type != "error":
            return
        where = message.location.get("url", "")
        failed = _LOAD_FAILED.match(message.text)
        if failed and watch.expects(int(failed.group(1)), where):
            return  # Chromium's echo of a status the test asked for
        line = message.location.get("lineNumber")
        watch.problems.append(f"console error: {message.text}"
                              + (f" ({where}:{line})" if where else ""))

    def on_page_error(error):
        watch.problems.append(f"uncaught error in the page: {error.stack or error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)


def _track_pages(page: Page, watch: Watch) -> None:
    """Follow what the main frame shows: a new document (a navigation request) leaves the
    current page behind, unaudited if audit() never ran on it; a same-document change
    (htmx pushing a URL) only changes what the next audit must cover."""
    def on_request(request):
        if request.is_navigation_request() and request.frame == page.main_frame and watch.current:
            watch.unaudited.append(watch.current)
            watch.current = None

    def on_navigated(frame):
        if frame == page.main_frame and frame.url != "about:blank":   # not a page of the portal
            watch.current = frame.url

    page.on("request", on_request)
    page.on("framenavigated", on_navigated)


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, live_server):
    """A fresh browser context at phone or desktop size, pointed at the live portal."""
    viewport = VIEWPORTS[request.param]
    watch = Watch(label=f"{request.param} {viewport['width']}×{viewport['height']}")
    context = browser.new_context(base_url=live_server, viewport=viewport,
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    _watch_context(context, watch)  # before the first page, so it is watched too
    page = context.new_page()
    setattr(page, _ATTR, watch)
    _track_pages(page, watch)
    request.node.stash[_WATCH] = watch
    request.node.stash[_PAGE] = page
    yield page
    context.close()


# --- failing on what the browser saw, and keeping evidence ----------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # raises if the test itself failed; that failure is reported as it is
    watch = item.stash.get(_WATCH, None)
    if watch is not None:
        page = item.stash[_PAGE]
        if not page.is_closed():
            page.wait_for_timeout(50)  # let late console messages arrive
        watch.raise_problems()
        watch.raise_unaudited()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    page = item.stash.get(_PAGE, None)
    if report.failed and report.when == "call" and page is not None and not page.is_closed():
        folder = Path(item.config.rootpath) / "test-artifacts"
        folder.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "-", item.name).strip("-")
        png, html = folder / f"{stem}.png", folder / f"{stem}.html"
        saved = []
        try:
            page.screenshot(path=str(png), full_page=True)
            saved.append(f"screenshot: {png}")
        except Exception as error:  # noqa: BLE001  (evidence must not hide the failure)
            saved.append(f"no screenshot: {error}")
        try:
            html.write_text(page.content(), encoding="utf-8")
            saved.append(f"html:       {html}")
        except Exception as error:  # noqa: BLE001
            saved.append(f"no html: {error}")
        saved.append(f"page:       {page.url}")
        report.sections.append(("browser artifacts", "\n".join(saved)))
    return report


# --- helpers for journeys ------------------------------------------------------------------

def _watch_of(page: Page) -> Watch:
    return getattr(page, _ATTR)


_axe_source: str | None = None


def _axe() -> str:
    global _axe_source
    if _axe_source is None:
        if not AXE_JS.exists():
            pytest.fail(f"{AXE_JS.relative_to(HERE.parent.parent)} is missing: run "
                        "`npm ci --prefix tests/browser` (`make test` does).", pytrace=False)
        # A statement list ending in `undefined`, so evaluate() returns nothing big.
        _axe_source = AXE_JS.read_text(encoding="utf-8") + "\n;undefined"
    return _axe_source


def expect_status(page: Page, status: int, path: str) -> None:
    """Declare that a response with this status for this URL path is part of the journey."""
    _watch_of(page).expected.add((status, urlsplit(path).path))


def format_violations(violations: list[dict], url: str, label: str) -> str:
    lines = [f"axe-core found {len(violations)} serious/critical accessibility problem(s) "
             f"on {url} ({label}):"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.append(f"      {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t
                              for t in node["target"])
            lines.append(f"      - {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n          ")
            if summary:
                lines.append(f"          {summary}")
    return "\n".join(lines)


def audit(page: Page) -> None:
    """Check the page as it is now: first what the browser reported so far, then axe-core.
    Fails on any serious or critical axe violation."""
    watch = _watch_of(page)
    page.wait_for_load_state()
    watch.raise_problems()
    # CDP evaluation is not subject to the page's CSP, so axe runs without weakening it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe())
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => ({url: r.url, violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target,"
        " failureSummary: n.failureSummary}))}))}))")
    bad = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    watch.current = None
    if bad:
        raise AssertionError(format_violations(bad, results["url"], watch.label))
    watch.raise_problems()


def visit(page: Page, path: str, status: int = 200):
    """Open a page by its address (as if typed), check the final status and audit it."""
    if status >= 400:
        expect_status(page, status, path)
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    audit(page)
    return response


def _fail_if_still_on_login(page: Page, username: str) -> None:
    if urlsplit(page.url).path == "/login":
        messages = page.locator("#messages").inner_text().strip()
        raise AssertionError(f"logging in as {username} failed: {messages or 'no message'}")


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in on the login page with the mouse; audits the login page and where it lands."""
    visit(page, "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("form", has=page.locator("#password")).locator("button[type=submit]").click()
    _fail_if_still_on_login(page, username)
    audit(page)


def switch_user(page: Page, username: str) -> None:
    """Log out (forget the cookies) and log in as someone else. The page is left first: a
    request it still had under way (the 审批 badge counting again after a decision) would
    otherwise come back to the ended session and send the browser to the login page mid-way."""
    page.goto("about:blank")
    page.context.clear_cookies()
    login(page, username)


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def login_with_keyboard(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in with Tab, typing and Enter only; audits the login page and where it lands."""
    visit(page, "/login")
    for _ in range(10):  # autofocus puts us there; otherwise Tab until we are
        if focused_id(page) == "username":
            break
        page.keyboard.press("Tab")
    assert focused_id(page) == "username", "Tab never reaches the username field"
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused_id(page) == "password", f"Tab from the username goes to #{focused_id(page)}"
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _fail_if_still_on_login(page, username)
    audit(page)
