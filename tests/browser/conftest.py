"""Real-browser test fixtures: the production build of Portal on one port, and Chromium.

The server is started exactly the way `scripts/run.sh` starts it (`reflex run --env prod
--single-port`) in a child process, on a free port, against a fresh SQLite database with the
demo seed, with single sign-on through the test OpenID provider (tests/oidc, which
scripts/test.sh starts).

Why not `reflex.testing.AppHarnessProd`: it serves the static frontend and the backend on two
different ports, so the login form's native POST to `/auth/login` would go to the static file
server (and fail the same-origin check even if proxied), and it needs `uvicorn` and `psutil`,
which are not among the pinned dependencies. A child process also keeps the Reflex
state registry of the pytest process untouched.

Every test under `tests/browser` gets the `browser` marker here, so `-m "not browser"` keeps them
out of the unit-test process and `-m browser` selects them in their own process.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    WebSocket,
    expect,
    sync_playwright,
)

from tests.oidc_provider import OidcTestProvider, require_test_provider
from tests.smtp_server import SmtpTestServer

BROWSER_DIR = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_DIR.parents[1]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"

CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Playwright's `locale` reaches page requests but not the WebSocket handshake, and the
    # login page picks its language from the handshake's Accept-Language: a German browser.
    "--accept-lang=de-DE,de",
]

# The first start compiles the app and runs the production frontend build (bun + vite).
SERVER_START_TIMEOUT_S = float(os.environ.get("PORTAL_TEST_SERVER_TIMEOUT", "600"))
# Generous: the first page load after a build, and a busy CI machine.
ACTION_TIMEOUT_MS = 20_000
NAVIGATION_TIMEOUT_MS = 60_000
EXPECT_TIMEOUT_MS = 20_000

# Reflex sends this delta once the page's on_load handlers have run; before that, clicks on
# Reflex event handlers are lost and React may still replace server-rendered inputs.
_HYDRATED_MARK = '"is_hydrated_rx_state_":true'


@pytest.hookimpl(tryfirst=True)  # the marker must exist before the `-m` filter runs
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder `browser` before `-m` deselects anything."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item so the page fixture can screenshot failures."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalServer:
    """The running production app: where it listens and where its log goes."""

    base_url: str
    data_dir: Path
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _is_ready(base_url: str) -> bool:
    """Backend (health with a reachable database) and the built frontend both answer."""
    try:
        status, body = _get(base_url + "/health")
        if status != 200 or json.loads(body).get("database") != "ok":
            return False
        status, _ = _get(base_url + "/login/")
        return status == 200
    except (OSError, ValueError):
        return False


def _prepare_database(data_dir: Path) -> None:
    """Schema and demo seed, in this process, before the server reads the same file."""
    os.environ["PORTAL_DATA_DIR"] = str(data_dir)
    os.environ["PORTAL_DATABASE_URL"] = f"sqlite:///{data_dir / 'portal.db'}"
    os.environ.pop("PORTAL_REDIS_URL", None)  # one worker with in-memory state is enough

    # Settings are read from the environment once and cached; engines are cached per URL.
    from portal.config import get_settings
    from portal.db import get_engine, session_scope
    from portal.services import schema
    from portal.services.seed import seed_demo

    get_settings.cache_clear()
    schema.upgrade()
    with session_scope() as session:
        seed_demo(session)
    # The server is a separate process; do not keep SQLite connections open here.
    get_engine().dispose()


def _server_env(
    port: int, oidc_provider: OidcTestProvider, smtp_server: SmtpTestServer
) -> dict[str, str]:
    env = dict(os.environ, **oidc_provider.settings_env(), **smtp_server.env())
    venv_bin = str(Path(sys.executable).parent)
    bun_bin = str(REPO_ROOT / ".tools" / "node_modules" / ".bin")
    env.update(
        PATH=os.pathsep.join([venv_bin, bun_bin, env.get("PATH", "")]),
        PORTAL_PORT=str(port),
        PORTAL_HOST="127.0.0.1",
        # Reflex's own bun download needs the open internet; setup.sh installs bun locally.
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_TELEMETRY_ENABLED="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the server and its workers (its own process group), politely first."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """`test-artifacts/` at the repo root: screenshots and the server log, kept after the run.

    Failure screenshots of an earlier run are removed, so every one left is from this run."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    for stale in ARTIFACTS_DIR.glob("failure-*.png"):
        stale.unlink(missing_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def oidc_provider() -> OidcTestProvider:
    """The test OpenID provider scripts/test.sh started; the app signs in through it."""
    return require_test_provider()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpTestServer]:
    """The real SMTP server the app delivers to (tests/smtp_server.py): `wait_for(recipient)`
    returns a received mail, `mail.link(path)` the link in it."""
    server = SmtpTestServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def portal_server(
    tmp_path_factory: pytest.TempPathFactory,
    artifacts_dir: Path,
    oidc_provider: OidcTestProvider,
    smtp_server: SmtpTestServer,
) -> Iterator[PortalServer]:
    """The production build of Portal with the demo data, on one free port, with single
    sign-on through the test provider and mail delivered to `smtp_server` within a second."""
    data_dir = tmp_path_factory.mktemp("portal-data")
    _prepare_database(data_dir)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = artifacts_dir / "browser-server.log"
    command = [
        sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
        "--backend-host", "127.0.0.1", "--backend-port", str(port),
    ]  # fmt: skip
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=_server_env(port, oidc_provider, smtp_server),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches the workers
        )
    try:
        deadline = started + SERVER_START_TIMEOUT_S
        while not _is_ready(base_url):
            if process.poll() is not None:
                pytest.fail(
                    f"reflex run exited with {process.returncode} before serving "
                    f"(log {log_path}):\n{_log_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Portal did not answer on {base_url} within {SERVER_START_TIMEOUT_S:.0f}s "
                    f"(log {log_path}):\n{_log_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.5)
        print(f"\nPortal (prod build) ready on {base_url} in {time.monotonic() - started:.1f}s")
        yield PortalServer(base_url=base_url, data_dir=data_dir, log_path=log_path)
    finally:
        _stop(process)


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------


class HydrationWatch:
    """Counts the "hydrated" deltas Reflex sends over the page's websockets.

    A test reads `count` before an action that loads a page and then calls `wait_after(mark)`,
    which is event-driven (Playwright dispatches the frames while it waits), not a fixed sleep.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, websocket: WebSocket) -> None:
        websocket.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and _HYDRATED_MARK in payload:
            self.count += 1

    def wait_after(self, mark: int, timeout_ms: int = NAVIGATION_TIMEOUT_MS) -> None:
        deadline = time.monotonic() + timeout_ms / 1000
        while self.count <= mark:
            if time.monotonic() > deadline:
                raise AssertionError(f"page {self.page.url} did not hydrate in {timeout_ms} ms")
            self.page.wait_for_timeout(50)


@dataclass
class PortalUI:
    """One browser tab on the app plus the few steps every test needs."""

    page: Page
    context: BrowserContext
    server: PortalServer
    artifacts: Path
    hydration: HydrationWatch

    def url_re(self, path: str, query: bool = False) -> re.Pattern[str]:
        """The page at `path`; the static server adds a trailing slash, queries are optional."""
        tail = r"(\?.*)?" if query else ""
        return re.compile(re.escape(self.server.base_url + path.rstrip("/")) + r"/?" + tail + "$")

    def open(self, path: str) -> None:
        """Load `path` and wait until its on_load handlers have run."""
        mark = self.hydration.count
        self.page.goto(self.server.url(path))
        self.hydration.wait_after(mark)

    def login(self, login: str, password: str) -> int:
        """Use the real form on /login: type, click the submit button.

        Returns the hydration mark from before the click, for `expect_page(..., since=)`.
        """
        self.open("/login")
        self.page.locator("#login").fill(login)
        self.page.locator("#password").fill(password)
        mark = self.hydration.count
        self.page.locator("#submit").click()
        return mark

    def expect_page(self, path: str, *, query: bool = False, since: int | None = None) -> None:
        """Wait for the URL of `path`; with `since` (a mark taken before the action that
        loads the page) also for that page's on_load handlers."""
        self.page.wait_for_url(self.url_re(path, query))
        if since is not None:
            self.hydration.wait_after(since)

    def screenshot(self, name: str) -> Path:
        path = self.artifacts / name
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium; Playwright's own browser download is not available here."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found (apt-get install chromium)", pytrace=False)
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, portal_server: PortalServer) -> Iterator[BrowserContext]:
    """A fresh profile per test: no cookies or storage leak from one test into the next."""
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def ui(
    request: pytest.FixtureRequest,
    page: Page,
    context: BrowserContext,
    portal_server: PortalServer,
    artifacts_dir: Path,
) -> Iterator[PortalUI]:
    """The tab as a `PortalUI`; on a failing test it leaves `failure-<test>.png` behind."""
    portal_ui = PortalUI(page, context, portal_server, artifacts_dir, HydrationWatch(page))
    yield portal_ui
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        with contextlib.suppress(Exception):
            portal_ui.screenshot(f"failure-{name}.png")
