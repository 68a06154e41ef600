"""Talking to the OpenID Connect provider: discovery, signing keys, token endpoint, ID tokens.

Plain Python, no Reflex. Authlib supplies the protocol pieces (the RFC 6749 authorization and
token requests, client authentication by client_secret_basic/_post, the RFC 7636 S256
challenge) and joserfc, Authlib's JOSE successor, checks signatures. httpx is the transport:
Authlib 1.9's own httpx integration warns on import that it is moving to `httpx2`, a package
outside the pinned set, so the few requests are made here directly.

Every failure becomes an `SsoRefused` whose reason names the message `sso.<reason>` on the
login page; its detail goes to the audit log only. The discovery document and the signing keys
are cached per process; an ID token signed with a key id we do not know triggers one fresh
fetch of the keys (the provider rotated them), never more per token.
"""

from __future__ import annotations

import functools
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import KeySet

from portal.config import Settings

TIMEOUT = httpx.Timeout(5.0)
# Long enough to spare the provider, short enough that a changed configuration arrives.
DISCOVERY_TTL_S = 3600.0
# Asymmetric algorithms only: "none" and HS* (keyed with the client secret) are never accepted.
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


class Reason(StrEnum):
    """Why a single sign-on was refused; each has the message `sso.<value>` (de and en)."""

    NOT_CONFIGURED = "not_configured"
    UNAVAILABLE = "unavailable"
    STATE_INVALID = "state_invalid"
    STATE_EXPIRED = "state_expired"
    PROVIDER_ERROR = "provider_error"
    TOKEN_FAILED = "token_failed"
    INVALID_TOKEN = "invalid_token"
    EMAIL_UNVERIFIED = "email_unverified"
    UNKNOWN_USER = "unknown_user"
    IDENTITY_CONFLICT = "identity_conflict"
    AUDIENCE_NOT_ALLOWED = "audience_not_allowed"
    INACTIVE = "inactive"

    @property
    def message_key(self) -> str:
        return f"sso.{self.value}"


class SsoRefused(Exception):
    """A refused sign-on. `detail` and `user_id` are for the audit log, never for the page."""

    def __init__(self, reason: Reason, detail: str = "", *, user_id: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
        self.detail = detail
        self.user_id = user_id

    @property
    def message_key(self) -> str:
        return self.reason.message_key


@dataclass(frozen=True)
class ProviderMetadata:
    """What Portal uses of the discovery document."""

    issuer: str  # exactly as the provider spells it: ID tokens must carry this value
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    end_session_endpoint: str
    token_auth_method: str
    signing_algorithms: frozenset[str]

    @classmethod
    def from_discovery(cls, document: dict[str, Any], configured_issuer: str) -> ProviderMetadata:
        """Refuses a document for another issuer (a mix-up or a misconfiguration)."""
        issuer = document.get("issuer")
        if not isinstance(issuer, str) or issuer.rstrip("/") != configured_issuer:
            raise SsoRefused(Reason.UNAVAILABLE, f"discovery names issuer {issuer!r}")
        required = ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not all(isinstance(document.get(key), str) for key in required):
            raise SsoRefused(Reason.UNAVAILABLE, "discovery lacks an endpoint")
        methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = frozenset(offered) & SIGNING_ALGORITHMS
        if not algorithms:
            raise SsoRefused(Reason.UNAVAILABLE, f"no supported ID token algorithm in {offered}")
        return cls(
            issuer=issuer,
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
            end_session_endpoint=str(document.get("end_session_endpoint") or ""),
            # basic is the default of RFC 6749; post only where basic is not offered
            token_auth_method=(
                "client_secret_post"
                if "client_secret_basic" not in methods and "client_secret_post" in methods
                else "client_secret_basic"
            ),
            signing_algorithms=algorithms,
        )


def check_id_token_claims(
    claims: dict[str, Any], *, issuer: str, client_id: str, nonce: str, now: float, skew: int
) -> None:
    """OpenID Connect Core 3.1.3.7: the token is from our provider, for us, current, and the
    answer to our own request (nonce). The signature is checked before this."""

    def refuse(what: str) -> SsoRefused:
        return SsoRefused(Reason.INVALID_TOKEN, what)

    if claims.get("iss") != issuer:
        raise refuse(f"issuer {claims.get('iss')!r}")
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else audiences
    if not isinstance(audiences, list) or client_id not in audiences:
        raise refuse(f"audience {claims.get('aud')!r}")
    azp = claims.get("azp")
    if (len(audiences) > 1 or azp is not None) and azp != client_id:
        raise refuse(f"authorized party {azp!r}")
    expires, issued = claims.get("exp"), claims.get("iat")
    if not _is_time(expires) or not _is_time(issued):
        raise refuse("exp or iat missing")
    if expires + skew <= now:
        raise refuse("expired")
    if issued - skew > now:
        raise refuse("issued in the future")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(
        claims["nonce"], nonce
    ):
        raise refuse("nonce")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise refuse("subject")


def _is_time(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Provider:
    """One configured provider with its caches. Requests run in worker threads; two threads
    refreshing a cache at once only cost a second fetch, so there is no lock."""

    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: str,
        scopes: str,
        *,
        clock_skew_s: int = 60,
        http: httpx.Client | None = None,
    ) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self._client_secret = client_secret
        # Without "openid" the provider would run plain OAuth and send no ID token.
        self.scopes = " ".join(dict.fromkeys(["openid", *scopes.split()]))
        self._clock_skew_s = clock_skew_s
        self._http = http or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
        self._metadata: ProviderMetadata | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None

    # --- discovery and keys ------------------------------------------------------------------

    def metadata(self, *, refresh: bool = False) -> ProviderMetadata:
        """The discovery document, from the cache unless it is stale or `refresh` is asked."""
        fresh = time.monotonic() - self._metadata_at < DISCOVERY_TTL_S
        if self._metadata is None or refresh or not fresh:
            document = self._get_json(self.issuer + "/.well-known/openid-configuration")
            self._metadata = ProviderMetadata.from_discovery(document, self.issuer)
            self._metadata_at = time.monotonic()
        return self._metadata

    def _key_set(self, *, refresh: bool) -> KeySet:
        if self._keys is None or refresh:
            document = self._get_json(self.metadata().jwks_uri)
            keys = document.get("keys")
            listed = keys if isinstance(keys, list) else []
            signing = [k for k in listed if isinstance(k, dict) and k.get("use", "sig") == "sig"]
            try:
                self._keys = KeySet.import_key_set({"keys": signing})
            except (JoseError, ValueError, TypeError) as error:
                raise SsoRefused(Reason.UNAVAILABLE, f"JWKS: {error}") from error
        return self._keys

    def _get_json(self, url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
        headers = headers or {}
        try:
            response = self._http.get(url, headers={"Accept": "application/json", **headers})
            response.raise_for_status()
            document = response.json()
        except httpx.HTTPError as error:
            raise SsoRefused(Reason.UNAVAILABLE, f"{url}: {error}") from error
        except ValueError as error:
            raise SsoRefused(Reason.UNAVAILABLE, f"{url}: not JSON") from error
        if not isinstance(document, dict):
            raise SsoRefused(Reason.UNAVAILABLE, f"{url}: not a JSON object")
        return document

    # --- the authorization code flow ---------------------------------------------------------

    def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        return prepare_grant_uri(
            self.metadata().authorization_endpoint,
            self.client_id,
            "code",
            redirect_uri=redirect_uri,
            scope=self.scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(code_verifier),
            code_challenge_method="S256",
        )

    def sign_in_claims(
        self, *, code: str, code_verifier: str, nonce: str, redirect_uri: str
    ) -> dict[str, Any]:
        """Redeem the code and return the verified claims of the signed-in person.

        Providers that follow OpenID Connect Core strictly put scope claims such as `email`
        only into the userinfo response when they also issue an access token; those are
        merged in (the ID token wins), after checking they describe the same subject."""
        tokens = self._redeem(code=code, code_verifier=code_verifier, redirect_uri=redirect_uri)
        claims = self.id_token_claims(tokens["id_token"], nonce=nonce)
        endpoint = self.metadata().userinfo_endpoint
        access_token = tokens.get("access_token")
        if "email" not in claims and endpoint and isinstance(access_token, str):
            info = self._userinfo(endpoint, access_token)
            if info.get("sub") != claims["sub"]:
                raise SsoRefused(Reason.INVALID_TOKEN, "userinfo describes another subject")
            claims = {**info, **claims}
        return claims

    def _redeem(self, *, code: str, code_verifier: str, redirect_uri: str) -> dict[str, Any]:
        metadata = self.metadata()
        body = prepare_token_request(
            "authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=code_verifier
        )
        auth = ClientAuth(self.client_id, self._client_secret, metadata.token_auth_method)
        # A copy: Authlib adds the Authorization header to the dict it is given.
        headers = dict(_FORM_HEADERS)
        url, headers, body = auth.prepare("POST", metadata.token_endpoint, headers, body)
        try:
            response = self._http.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise SsoRefused(Reason.UNAVAILABLE, f"token endpoint: {error}") from error
        try:
            tokens = response.json()
        except ValueError:
            tokens = {}
        if response.status_code != 200 or not isinstance(tokens, dict) or "error" in tokens:
            error = tokens.get("error", "") if isinstance(tokens, dict) else ""
            raise SsoRefused(Reason.TOKEN_FAILED, f"HTTP {response.status_code} {error}".strip())
        if not isinstance(tokens.get("id_token"), str):
            raise SsoRefused(Reason.TOKEN_FAILED, "no id_token in the response")
        return tokens

    def _userinfo(self, endpoint: str, access_token: str) -> dict[str, Any]:
        return self._get_json(endpoint, {"Authorization": f"Bearer {access_token}"})

    def id_token_claims(
        self, id_token: str, *, nonce: str, now: float | None = None
    ) -> dict[str, Any]:
        """Signature (against the provider's keys), then the claims of OIDC Core 3.1.3.7."""
        claims = self._verified_payload(id_token)
        check_id_token_claims(
            claims,
            issuer=self.metadata().issuer,
            client_id=self.client_id,
            nonce=nonce,
            now=time.time() if now is None else now,
            skew=self._clock_skew_s,
        )
        return claims

    def _verified_payload(self, id_token: str) -> dict[str, Any]:
        try:
            kid = jws.extract_compact(id_token.encode()).headers().get("kid")
        except (JoseError, ValueError) as error:
            raise SsoRefused(Reason.INVALID_TOKEN, "malformed") from error
        keys = self._key_set(refresh=False)
        if kid is not None and all(key.kid != kid for key in keys):
            keys = self._key_set(refresh=True)  # the provider rotated its keys
        try:
            algorithms = sorted(self.metadata().signing_algorithms)
            token = jwt.decode(id_token, keys, algorithms=algorithms)
        except BadSignatureError as error:
            raise SsoRefused(Reason.INVALID_TOKEN, "signature") from error
        except (JoseError, ValueError) as error:
            raise SsoRefused(Reason.INVALID_TOKEN, f"unverifiable: {error}") from error
        return dict(token.claims)

    # --- logout ------------------------------------------------------------------------------

    def end_session_url(self, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout without id_token_hint (Portal keeps no ID token): client_id
        identifies us, which OpenID Connect RP-Initiated Logout 1.0 allows."""
        endpoint = self.metadata().end_session_endpoint
        if not endpoint:
            return None
        return add_params_to_uri(
            endpoint,
            [("client_id", self.client_id), ("post_logout_redirect_uri", post_logout_redirect_uri)],
        )


def provider_for(settings: Settings) -> Provider:
    """The process-wide provider of the configuration, so its caches are shared."""
    return _provider(
        settings.oidc_issuer,
        settings.oidc_client_id,
        settings.oidc_client_secret,
        settings.oidc_scopes,
        settings.oidc_clock_skew_seconds,
    )


@functools.lru_cache(maxsize=4)
def _provider(
    issuer: str, client_id: str, client_secret: str, scopes: str, clock_skew_s: int
) -> Provider:
    return Provider(issuer, client_id, client_secret, scopes, clock_skew_s=clock_skew_s)
