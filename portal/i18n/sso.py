"""Messages of the sso area (kept apart so areas can grow without editing one file).

`sso.<reason>` exists for every `portal.services.oidc_provider.Reason` (a unit test checks it):
the login page shows these after a refused single sign-on. They say what the person can do;
the technical detail is in the audit log (`sso.refused`).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "sso.button": "Anmelden mit Single Sign-on",
        "sso.or": "oder",
        "sso.not_configured": "Die Anmeldung über Single Sign-on ist nicht eingerichtet.",
        "sso.unavailable": (
            "Der Anmeldedienst ist gerade nicht erreichbar. Bitte versuchen Sie es später "
            "erneut oder melden Sie sich mit Benutzername und Passwort an."
        ),
        "sso.state_invalid": (
            "Diese Anmeldung ist ungültig oder wurde bereits verwendet. Bitte starten Sie die "
            "Anmeldung erneut."
        ),
        "sso.state_expired": ("Die Anmeldung hat zu lange gedauert. Bitte starten Sie sie erneut."),
        "sso.provider_error": ("Der Anmeldedienst hat die Anmeldung abgebrochen oder abgelehnt."),
        "sso.token_failed": (
            "Die Anmeldung konnte beim Anmeldedienst nicht abgeschlossen werden. Bitte "
            "versuchen Sie es erneut."
        ),
        "sso.invalid_token": (
            "Die Antwort des Anmeldedienstes war ungültig. Die Anmeldung wurde aus "
            "Sicherheitsgründen abgelehnt."
        ),
        "sso.email_unverified": (
            "Ihre E-Mail-Adresse ist beim Anmeldedienst nicht bestätigt. Bitte bestätigen Sie "
            "sie dort oder wenden Sie sich an Ihren Ansprechpartner."
        ),
        "sso.unknown_user": (
            "Zu dieser Anmeldung gibt es kein Konto im Portal. Bitte wenden Sie sich an Ihren "
            "Ansprechpartner."
        ),
        "sso.identity_conflict": (
            "Ihr Konto ist bereits mit einer anderen Anmeldung dieses Anmeldedienstes "
            "verknüpft. Bitte wenden Sie sich an Ihren Ansprechpartner."
        ),
        "sso.audience_not_allowed": (
            "Für Ihr Konto ist die Anmeldung über Single Sign-on nicht vorgesehen. Bitte melden "
            "Sie sich mit Benutzername und Passwort an."
        ),
        "sso.inactive": ("Ihr Konto ist gesperrt. Bitte wenden Sie sich an Ihren Ansprechpartner."),
    },
    "en": {
        "sso.button": "Sign in with single sign-on",
        "sso.or": "or",
        "sso.not_configured": "Single sign-on is not set up.",
        "sso.unavailable": (
            "The sign-in service cannot be reached right now. Please try again later or sign "
            "in with your user name and password."
        ),
        "sso.state_invalid": (
            "This sign-in is invalid or has already been used. Please start the sign-in again."
        ),
        "sso.state_expired": "The sign-in took too long. Please start it again.",
        "sso.provider_error": "The sign-in service cancelled or refused the sign-in.",
        "sso.token_failed": (
            "The sign-in could not be completed with the sign-in service. Please try again."
        ),
        "sso.invalid_token": (
            "The sign-in service's answer was invalid. The sign-in was refused for security "
            "reasons."
        ),
        "sso.email_unverified": (
            "Your e-mail address is not verified at the sign-in service. Please verify it there "
            "or contact your administrator."
        ),
        "sso.unknown_user": (
            "There is no portal account for this sign-in. Please contact your administrator."
        ),
        "sso.identity_conflict": (
            "Your account is already linked to another sign-in of this service. Please contact "
            "your administrator."
        ),
        "sso.audience_not_allowed": (
            "Your account cannot sign in with single sign-on. Please sign in with your user "
            "name and password."
        ),
        "sso.inactive": "Your account is locked. Please contact your administrator.",
    },
}
