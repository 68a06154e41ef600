"""Two-factor login (TOTP, RFC 6238): enrolment, codes, replay, recovery codes, throttling,
staff reset, the login challenge and the enrolment policy, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlmodel import Session, select

from portal.config import get_settings
from portal.models import AuditEvent, LoginAttempt, LoginChallenge, RecoveryCode, User
from portal.models.enums import StaffPermission, UserKind
from portal.services import auth, totp
from portal.services.access import AccessDenied, Principal, load_principal
from portal.services.passwords import hash_password
from tests import factories

PASSWORD = "Richtig-Gut-2026"
ADDRESS = "10.0.0.7"
T0 = datetime(2026, 3, 2, 10, 0, 15, tzinfo=UTC)  # 15 s into a 30 s step
SETTINGS = dataclasses.replace(
    get_settings(),
    max_failures_per_account=3,
    max_failures_per_address=10,
    failure_window_minutes=15,
    require_two_factor=frozenset(),
)


@pytest.fixture(autouse=True)
def installation_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_SECRET_KEY", "test-installation-key-of-at-least-32-chars")


@dataclasses.dataclass
class Enrolled:
    user: User
    principal: Principal
    secret: str
    recovery_codes: tuple[str, ...]

    def code(self, at: datetime) -> str:
        return pyotp.TOTP(self.secret).at(at)


def add_user(session: Session, login: str = "eva@example.de", kind: str = "partner") -> User:
    user = User(kind=kind, login=login, display_name="Eva", password_hash=hash_password(PASSWORD))
    session.add(user)
    session.commit()
    return user


def principal_of(session: Session, user: User) -> Principal:
    principal = load_principal(session, user.id)  # type: ignore[arg-type]
    assert principal is not None
    return principal


def confirm(session: Session, principal: Principal, code: str, now: datetime = T0):  # type: ignore[no-untyped-def]
    outcome = totp.confirm_enrolment(
        session, principal, code, client_address=ADDRESS, now=now, settings=SETTINGS
    )
    session.commit()
    return outcome


@pytest.fixture
def user(db_session: Session) -> User:
    return add_user(db_session)


@pytest.fixture
def enrolled(db_session: Session, user: User) -> Enrolled:
    principal = principal_of(db_session, user)
    enrolment = totp.begin_enrolment(db_session, principal)
    db_session.commit()
    outcome = confirm(db_session, principal, pyotp.TOTP(enrolment.secret).at(T0))
    assert outcome.ok
    db_session.refresh(user)
    return Enrolled(user, principal, enrolment.secret, outcome.recovery_codes)


def actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all())


def login_with_code(  # type: ignore[no-untyped-def]
    session: Session,
    user: User,
    code: str,
    now: datetime,
    address: str = ADDRESS,
    settings=SETTINGS,
):
    """The second login step with a fresh challenge, as the route runs it."""
    token = totp.start_challenge(session, user.id, now=now)  # type: ignore[arg-type]
    result = totp.complete_challenge(
        session, token, code, client_address=address, now=now, settings=settings
    )
    session.commit()
    return result


# --------------------------------------------------------------------------- enrolment


def test_enrolment_stores_the_secret_encrypted_and_enables_only_after_a_right_code(
    db_session: Session, user: User
) -> None:
    principal = principal_of(db_session, user)
    enrolment = totp.begin_enrolment(db_session, principal)
    db_session.commit()

    uri = urlsplit(enrolment.uri)
    assert uri.scheme == "otpauth" and uri.netloc == "totp"
    assert uri.path == "/Portal:eva%40example.de"
    assert parse_qs(uri.query)["issuer"] == ["Portal"]
    assert parse_qs(uri.query)["secret"] == [enrolment.secret]
    assert enrolment.qr_svg.startswith("<svg") and "</svg>" in enrolment.qr_svg
    assert enrolment.qr_data_uri.startswith("data:image/svg+xml;base64,")
    assert enrolment.manual_key.replace(" ", "") == enrolment.secret
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", enrolment.manual_key)

    db_session.refresh(user)
    assert user.totp_secret_encrypted and enrolment.secret not in user.totp_secret_encrypted
    assert user.totp_enabled_at is None
    assert not totp.status(db_session, principal, SETTINGS).enabled_at

    outcome = confirm(db_session, principal, pyotp.TOTP(enrolment.secret).at(T0))
    assert outcome.ok and len(outcome.recovery_codes) == 10
    assert len(set(outcome.recovery_codes)) == 10
    assert all(
        re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", c) for c in outcome.recovery_codes
    )
    db_session.refresh(user)
    assert user.totp_enabled_at == T0
    assert user.totp_last_step == pyotp.TOTP(enrolment.secret).timecode(T0)
    stored = set(db_session.exec(select(RecoveryCode.code_hash)).all())
    assert stored == {auth.hash_token(c.replace("-", "")) for c in outcome.recovery_codes}
    assert not any(code.replace("-", "") in stored for code in outcome.recovery_codes)
    status = totp.status(db_session, principal, SETTINGS)
    assert status.enabled_at == T0 and status.recovery_codes_left == 10
    assert actions(db_session) == ["totp.enrolment_started", "totp.enabled"]


def test_a_wrong_confirmation_code_keeps_two_factor_off_and_counts_as_failure(
    db_session: Session, user: User
) -> None:
    principal = principal_of(db_session, user)
    enrolment = totp.begin_enrolment(db_session, principal)
    db_session.commit()
    wrong = pyotp.TOTP(enrolment.secret).at(T0 + timedelta(minutes=5))

    outcome = confirm(db_session, principal, wrong)

    assert outcome.error == "totp.invalid" and outcome.recovery_codes == ()
    db_session.refresh(user)
    assert user.totp_enabled_at is None
    assert db_session.exec(select(RecoveryCode)).all() == []
    attempt = db_session.exec(select(LoginAttempt)).one()
    assert (attempt.login, attempt.success, attempt.user_id) == (user.login, False, user.id)
    assert actions(db_session)[-1] == "totp.failed"


def test_an_enabled_account_cannot_enrol_again_and_staff_acting_as_cannot_enrol(
    db_session: Session, enrolled: Enrolled
) -> None:
    with pytest.raises(AccessDenied) as denied:
        totp.begin_enrolment(db_session, enrolled.principal)
    assert denied.value.message_key == "totp.already_enabled"
    acting = dataclasses.replace(enrolled.principal, actor_id=999)
    with pytest.raises(AccessDenied) as denied:
        totp.status(db_session, acting, SETTINGS)
    assert denied.value.message_key == "totp.acting_as"


# --------------------------------------------------------------------------- codes at login


def test_a_code_is_accepted_once_per_time_step(db_session: Session, enrolled: Enrolled) -> None:
    later = T0 + timedelta(minutes=2)
    code = enrolled.code(later)

    assert login_with_code(db_session, enrolled.user, code, later).user_id == enrolled.user.id
    replay = login_with_code(db_session, enrolled.user, code, later + timedelta(seconds=5))
    assert replay.user_id is None and replay.error == "totp.invalid"
    # An older step than the last accepted one is refused too, even inside the window.
    older = enrolled.code(later - timedelta(seconds=30))
    assert login_with_code(db_session, enrolled.user, older, later).error == "totp.invalid"


def test_the_confirmation_code_cannot_be_replayed_at_login(
    db_session: Session, enrolled: Enrolled
) -> None:
    assert login_with_code(db_session, enrolled.user, enrolled.code(T0), T0).error == (
        "totp.invalid"
    )


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, True), (-2, False), (2, False)])
def test_one_step_either_side_is_accepted_two_are_not(
    db_session: Session, enrolled: Enrolled, offset: int, accepted: bool
) -> None:
    now = T0 + timedelta(minutes=10)
    code = enrolled.code(now + timedelta(seconds=30 * offset))
    result = login_with_code(db_session, enrolled.user, code, now)
    assert (result.user_id is not None) is accepted


def test_a_recovery_code_works_exactly_once(db_session: Session, enrolled: Enrolled) -> None:
    code = enrolled.recovery_codes[3]
    now = T0 + timedelta(minutes=1)

    typed_loosely = " " + code.upper().replace("-", " ") + " "
    assert login_with_code(db_session, enrolled.user, typed_loosely, now).user_id is not None
    assert login_with_code(db_session, enrolled.user, code, now).error == "totp.invalid"
    used = db_session.exec(select(RecoveryCode).where(RecoveryCode.used_at.is_not(None))).one()
    assert used.code_hash == auth.hash_token(code.replace("-", ""))
    assert totp.status(db_session, enrolled.principal, SETTINGS).recovery_codes_left == 9
    assert "totp.recovery_used" in actions(db_session)


def test_another_users_recovery_code_does_not_work(db_session: Session, enrolled: Enrolled) -> None:
    other = add_user(db_session, "otto@example.de")
    other_principal = principal_of(db_session, other)
    enrolment = totp.begin_enrolment(db_session, other_principal)
    db_session.commit()
    codes = confirm(db_session, other_principal, pyotp.TOTP(enrolment.secret).at(T0))
    result = login_with_code(db_session, enrolled.user, codes.recovery_codes[0], T0)
    assert result.error == "totp.invalid"


# --------------------------------------------------------------------------- the challenge


def test_password_then_code_counts_one_login_and_audits_both_steps(
    db_session: Session, enrolled: Enrolled
) -> None:
    now = T0 + timedelta(minutes=3)
    first = auth.authenticate(
        db_session, enrolled.user.login, PASSWORD, client_address=ADDRESS, now=now,
        settings=SETTINGS,
    )  # fmt: skip
    db_session.commit()
    assert first.ok and first.needs_second_factor
    db_session.refresh(enrolled.user)
    assert enrolled.user.login_count == 0 and enrolled.user.last_login_at is None

    result = login_with_code(db_session, enrolled.user, enrolled.code(now), now)

    assert (result.user_id, result.kind) == (enrolled.user.id, "partner")
    db_session.refresh(enrolled.user)
    assert enrolled.user.login_count == 1 and enrolled.user.last_login_at == now
    assert actions(db_session)[-3:] == ["login.password_verified", "totp.verified", "login.success"]
    successes = db_session.exec(select(LoginAttempt).where(LoginAttempt.success.is_(True))).all()
    assert len(successes) == 1


def test_a_challenge_is_single_use_expires_and_allows_five_attempts(
    db_session: Session, enrolled: Enrolled
) -> None:
    user = enrolled.user
    roomy = dataclasses.replace(SETTINGS, max_failures_per_account=50)

    def complete(token: str, code: str, now: datetime) -> totp.ChallengeResult:
        result = totp.complete_challenge(
            db_session, token, code, client_address=ADDRESS, now=now, settings=roomy
        )
        db_session.commit()
        return result

    now = T0 + timedelta(minutes=1)
    token = totp.start_challenge(db_session, user.id, "/partner?x=1", now=now)  # type: ignore[arg-type]
    db_session.commit()
    stored = db_session.exec(select(LoginChallenge)).one()
    assert stored.token_hash == auth.hash_token(token) and token not in stored.token_hash
    assert stored.expires_at == now + timedelta(minutes=5)
    done = complete(token, enrolled.code(now), now)
    assert done.user_id == user.id and done.next_path == "/partner?x=1"
    assert complete(token, enrolled.code(now + timedelta(seconds=30)), now).error == "totp.expired"

    token = totp.start_challenge(db_session, user.id, now=now)  # type: ignore[arg-type]
    late = now + timedelta(minutes=5, seconds=1)
    assert complete(token, enrolled.code(late), late).error == "totp.expired"

    token = totp.start_challenge(db_session, user.id, now=now)  # type: ignore[arg-type]
    errors = [complete(token, "000000", now).error for _ in range(5)]
    assert errors == ["totp.invalid"] * 4 + ["totp.expired"]
    later = now + timedelta(seconds=60)
    assert complete(token, enrolled.code(later), later).error == "totp.expired"
    assert complete("no-such-token", enrolled.code(later), later).error == "totp.expired"
    assert complete("", enrolled.code(later), later).error == "totp.expired"
    # Starting a new challenge clears the expired ones; the still-live ones stay.
    totp.start_challenge(db_session, user.id, now=now + timedelta(minutes=6))  # type: ignore[arg-type]
    db_session.commit()
    assert len(db_session.exec(select(LoginChallenge)).all()) == 1


def test_failed_codes_throttle_the_account_and_a_password_step_does_not_reset_them(
    db_session: Session, enrolled: Enrolled
) -> None:
    user = enrolled.user
    now = T0 + timedelta(minutes=1)

    def password_step(address: str) -> auth.LoginResult:
        result = auth.authenticate(
            db_session, user.login, PASSWORD, client_address=address, now=now, settings=SETTINGS
        )
        db_session.commit()
        return result

    for address in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):  # the account limit is 3
        assert password_step(address).needs_second_factor
        assert login_with_code(db_session, user, "123456", now, address).error == "totp.invalid"

    assert password_step("4.4.4.4").error == "login.throttled"
    right_code = login_with_code(db_session, user, enrolled.code(now), now, "4.4.4.4")
    assert right_code.user_id is None and right_code.error == "login.throttled"
    assert "login.throttled" in actions(db_session)
    after_window = now + timedelta(minutes=16)
    assert login_with_code(db_session, user, enrolled.code(after_window), after_window).user_id


def test_failed_codes_throttle_the_address(db_session: Session, enrolled: Enrolled) -> None:
    wide = dataclasses.replace(SETTINGS, max_failures_per_account=100, max_failures_per_address=2)
    for _ in range(2):
        assert login_with_code(db_session, enrolled.user, "123456", T0, settings=wide).error
    blocked = login_with_code(
        db_session, enrolled.user, enrolled.recovery_codes[0], T0, settings=wide
    )
    assert blocked.error == "login.throttled"
    elsewhere = login_with_code(
        db_session, enrolled.user, enrolled.recovery_codes[0], T0, "9.9.9.9", wide
    )
    assert elsewhere.user_id == enrolled.user.id


# --------------------------------------------------------------------------- disable, regenerate


def test_disable_needs_the_password_and_a_code(db_session: Session, enrolled: Enrolled) -> None:
    now = T0 + timedelta(minutes=1)

    def disable(password: str, code: str) -> totp.Outcome:
        outcome = totp.disable(
            db_session, enrolled.principal, password, code, client_address=ADDRESS, now=now,
            settings=SETTINGS,
        )  # fmt: skip
        db_session.commit()
        return outcome

    assert disable("falsch", enrolled.code(now)).error == "totp.disable_invalid"
    assert disable(PASSWORD, "000000").error == "totp.disable_invalid"
    db_session.refresh(enrolled.user)
    assert enrolled.user.totp_enabled_at is not None

    assert disable(PASSWORD, enrolled.recovery_codes[0]).ok
    db_session.refresh(enrolled.user)
    assert enrolled.user.totp_enabled_at is None
    assert enrolled.user.totp_secret_encrypted is None
    assert db_session.exec(select(RecoveryCode)).all() == []
    assert actions(db_session)[-1] == "totp.disabled"
    assert actions(db_session).count("totp.failed") == 2
    with pytest.raises(AccessDenied):
        disable(PASSWORD, enrolled.code(now))


def test_regenerating_recovery_codes_needs_an_app_code_and_replaces_all(
    db_session: Session, enrolled: Enrolled
) -> None:
    now = T0 + timedelta(minutes=1)

    def regenerate(code: str) -> totp.Outcome:
        outcome = totp.regenerate_recovery_codes(
            db_session, enrolled.principal, code, client_address=ADDRESS, now=now,
            settings=SETTINGS,
        )  # fmt: skip
        db_session.commit()
        return outcome

    assert regenerate(enrolled.recovery_codes[0]).error == "totp.invalid"
    fresh = regenerate(enrolled.code(now))
    assert fresh.ok and len(fresh.recovery_codes) == 10
    assert not set(fresh.recovery_codes) & set(enrolled.recovery_codes)
    old = login_with_code(db_session, enrolled.user, enrolled.recovery_codes[1], now)
    assert old.error == "totp.invalid"
    assert login_with_code(db_session, enrolled.user, fresh.recovery_codes[1], now).user_id
    assert "totp.recovery_regenerated" in actions(db_session)


# --------------------------------------------------------------------------- staff


def test_staff_reset_needs_manage_accounts_and_is_audited(
    db_session: Session, enrolled: Enrolled
) -> None:
    clerk = principal_of(db_session, factories.staff(db_session, "clerk@v.de", ["inbox"]))
    admin_user = factories.staff(db_session, "admin@v.de", [StaffPermission.MANAGE_ACCOUNTS])
    admin = principal_of(db_session, admin_user)
    partner = enrolled.principal
    for caller in (clerk, partner):
        with pytest.raises(AccessDenied):
            totp.staff_reset(db_session, caller, enrolled.user.id)  # type: ignore[arg-type]
        with pytest.raises(AccessDenied):
            totp.enabled_accounts(db_session, caller)
    with pytest.raises(AccessDenied) as own:
        totp.staff_reset(db_session, admin, admin.user_id)
    assert own.value.message_key == "totp.reset_self"
    assert [u.login for u in totp.enabled_accounts(db_session, admin)] == [enrolled.user.login]

    open_session = auth.start_session(db_session, enrolled.user.id)
    db_session.commit()
    totp.staff_reset(db_session, admin, enrolled.user.id, client_address=ADDRESS)  # type: ignore[arg-type]
    db_session.commit()
    assert auth.resolve_session(db_session, open_session) is None  # the user's sessions end

    db_session.refresh(enrolled.user)
    assert enrolled.user.totp_enabled_at is None and enrolled.user.totp_secret_encrypted is None
    assert db_session.exec(select(RecoveryCode)).all() == []
    event = db_session.exec(select(AuditEvent).where(AuditEvent.action == "totp.reset")).one()
    assert (event.actor_id, event.target_type, event.target_id) == (
        admin_user.id,
        "user",
        str(enrolled.user.id),
    )
    assert totp.enabled_accounts(db_session, admin) == []
    with pytest.raises(AccessDenied):
        totp.staff_reset(db_session, admin, 424242)
    # The password alone logs in again.
    again = auth.authenticate(
        db_session, enrolled.user.login, PASSWORD, client_address=ADDRESS, settings=SETTINGS
    )
    assert again.ok and not again.needs_second_factor


# --------------------------------------------------------------------------- policy


def test_must_enrol_follows_the_audiences_the_installation_requires(
    db_session: Session, user: User
) -> None:
    staff = add_user(db_session, "staff@example.de", UserKind.STAFF)
    sso_only = add_user(db_session, "sso@example.de", UserKind.STAFF)
    sso_only.password_hash = None
    db_session.add(sso_only)
    db_session.commit()
    require_staff = dataclasses.replace(SETTINGS, require_two_factor=frozenset({"staff"}))

    assert not totp.must_enrol(db_session, staff.id, SETTINGS)  # type: ignore[arg-type]
    assert totp.must_enrol(db_session, staff.id, require_staff)  # type: ignore[arg-type]
    assert not totp.must_enrol(db_session, user.id, require_staff)  # type: ignore[arg-type]
    assert not totp.must_enrol(db_session, sso_only.id, require_staff)  # type: ignore[arg-type]
    password_only_for_partners = dataclasses.replace(
        require_staff, password_audiences=frozenset({"partner"})
    )
    assert not totp.must_enrol(db_session, staff.id, password_only_for_partners)  # type: ignore[arg-type]

    principal = principal_of(db_session, staff)
    assert totp.status(db_session, principal, require_staff).must_enrol
    enrolment = totp.begin_enrolment(db_session, principal)
    db_session.commit()
    assert totp.must_enrol(db_session, staff.id, require_staff)  # type: ignore[arg-type]
    assert confirm(db_session, principal, pyotp.TOTP(enrolment.secret).at(T0)).ok
    assert not totp.must_enrol(db_session, staff.id, require_staff)  # type: ignore[arg-type]
