"""The test OpenID provider as the Python tests see it: where it runs, our client at it, and a
user agent that fills in its built-in forms.

scripts/test.sh starts `tests/oidc/provider.mjs` (the certified `oidc-provider` package) with
scripts/oidc.sh and exports PORTAL_TEST_OIDC_ISSUER. The client (id, secret, redirect URIs)
is defined once, in tests/oidc/client.json, which the provider reads too.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

CLIENT = json.loads((Path(__file__).parent / "oidc" / "client.json").read_text())
_PROMPT = re.compile(r'name="prompt" value="(\w+)"')
_LOGOUT_FORM = re.compile(r'action="([^"]+)".*?name="xsrf" value="([^"]+)"', re.S)


@dataclass(frozen=True)
class OidcTestProvider:
    issuer: str
    client_id: str = CLIENT["client_id"]
    client_secret: str = CLIENT["client_secret"]

    def settings_env(self) -> dict[str, str]:
        """The PORTAL_OIDC_* variables of a Portal that signs in through this provider."""
        return {
            "PORTAL_OIDC_ISSUER": self.issuer,
            "PORTAL_OIDC_CLIENT_ID": self.client_id,
            "PORTAL_OIDC_CLIENT_SECRET": self.client_secret,
        }


def require_test_provider() -> OidcTestProvider:
    """The running test provider; without one the SSO tests fail (they must not be skipped)."""
    issuer = os.environ.get("PORTAL_TEST_OIDC_ISSUER", "").rstrip("/")
    if not issuer:
        pytest.fail(
            "PORTAL_TEST_OIDC_ISSUER is not set: run the tests with scripts/test.sh, which "
            "starts the test OpenID provider, or run `scripts/oidc.sh start` and export the "
            "URL it prints as PORTAL_TEST_OIDC_ISSUER",
            pytrace=False,
        )
    return OidcTestProvider(issuer)


class ProviderUserAgent:
    """A person at the provider: follows its redirects and submits its sign-in, consent and
    logout forms (oidc-provider's devInteractions accept any password). Each method stops at
    the first redirect that leaves the provider and returns that URL."""

    def __init__(self, provider: OidcTestProvider) -> None:
        self.provider = provider
        self.http = httpx.Client(follow_redirects=False, timeout=10)

    def close(self) -> None:
        self.http.close()

    def sign_in(self, authorization_url: str, login: str) -> str:
        response = self.http.get(authorization_url)
        for _ in range(10):
            if response.is_redirect:
                url = urljoin(str(response.url), response.headers["location"])
                if not self._at_provider(url):
                    return url
                response = self.http.get(url)
                continue
            prompt = _PROMPT.search(response.text)
            assert prompt, f"unexpected provider page {response.url}: {response.text[:300]}"
            form = {"prompt": prompt.group(1), "login": login, "password": "beliebig"}
            response = self.http.post(str(response.url), data=form)
        raise AssertionError("the provider did not send the browser back")

    def abort(self, authorization_url: str) -> str:
        """Cancel at the sign-in form (the provider answers with error=access_denied)."""
        interaction = self.http.get(authorization_url).headers["location"]
        response = self.http.get(urljoin(authorization_url, interaction.rstrip("/") + "/abort"))
        while response.is_redirect:
            url = urljoin(str(response.url), response.headers["location"])
            if not self._at_provider(url):
                return url
            response = self.http.get(url)
        raise AssertionError(f"abort did not leave the provider: {response.status_code}")

    def confirm_logout(self, end_session_url: str) -> str:
        """Answer "Yes, sign me out" on the provider's logout page; returns where it sends us."""
        page = self.http.get(end_session_url)
        form = _LOGOUT_FORM.search(page.text)
        assert form, f"no logout form: {page.text[:300]}"
        action, xsrf = form.groups()
        response = self.http.post(
            urljoin(str(page.url), action), data={"xsrf": xsrf, "logout": "yes"}
        )
        assert response.is_redirect, response.text[:300]
        return response.headers["location"]

    def _at_provider(self, url: str) -> bool:
        return url.startswith(self.provider.issuer + "/")
