"""Messages of the two-factor area (kept apart so areas can grow without editing one file)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        # the second login step (/login/code)
        "totp.code_title": "Bestätigungscode",
        "totp.code_subtitle": "Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.",
        "totp.recovery_subtitle": (
            "Geben Sie einen Ihrer Wiederherstellungscodes ein. Jeder Code gilt nur einmal."
        ),
        "totp.code_label": "Code aus der App",
        "totp.recovery_label": "Wiederherstellungscode",
        "totp.submit": "Bestätigen",
        "totp.use_recovery": "Kein Zugriff auf die App? Wiederherstellungscode verwenden",
        "totp.use_app": "Code aus der Authenticator-App verwenden",
        "totp.back_to_login": "Zurück zur Anmeldung",
        "totp.invalid": (
            "Der Code ist falsch oder wurde bereits verwendet. Bitte versuchen Sie es erneut."
        ),
        "totp.expired": (
            "Die Anmeldung ist abgelaufen oder der Code wurde zu oft falsch eingegeben. Bitte "
            "melden Sie sich erneut an."
        ),
        # the security page (/profile/security)
        "totp.nav_security": "Sicherheit",
        "totp.security_title": "Sicherheit",
        "totp.section_title": "Zwei-Faktor-Anmeldung",
        "totp.intro": (
            "Nach dem Passwort fragt Portal zusätzlich nach einem Code aus einer Authenticator-App "
            "(z. B. Microsoft Authenticator, Google Authenticator oder FreeOTP). Wer nur Ihr "
            "Passwort kennt, kann sich so nicht anmelden."
        ),
        "totp.status": "Status",
        "totp.status_on": "Eingeschaltet",
        "totp.status_off": "Nicht eingerichtet",
        "totp.enabled_since": "Eingerichtet am",
        "totp.recovery_left": "Unbenutzte Wiederherstellungscodes",
        "totp.required": (
            "Für Ihr Konto ist die Zwei-Faktor-Anmeldung vorgeschrieben. Bitte richten Sie sie "
            "jetzt ein; erst danach stehen Ihnen die übrigen Seiten zur Verfügung."
        ),
        "totp.sso_only": (
            "Sie melden sich über Single Sign-on an; die zusätzliche Absicherung regelt dort Ihr "
            "Unternehmen."
        ),
        "totp.start": "Zwei-Faktor-Anmeldung einrichten",
        "totp.scan": "1. Scannen Sie den QR-Code mit Ihrer Authenticator-App.",
        "totp.manual": "Oder geben Sie diesen Schlüssel von Hand ein:",
        "totp.confirm_hint": "2. Geben Sie zur Bestätigung den Code ein, den die App anzeigt.",
        "totp.confirm": "Bestätigen und einschalten",
        "totp.cancel": "Abbrechen",
        "totp.qr_alt": "QR-Code für die Einrichtung in der Authenticator-App",
        "totp.codes_title": "Ihre Wiederherstellungscodes",
        "totp.codes_hint": (
            "Bewahren Sie diese zehn Codes sicher auf, z. B. ausgedruckt oder in Ihrem "
            "Passwort-Manager. Ohne Zugriff auf Ihre App melden Sie sich mit einem davon an; jeder "
            "Code gilt nur einmal. Die Codes werden nur jetzt angezeigt."
        ),
        "totp.codes_done": "Ich habe die Codes sicher gespeichert",
        "totp.regenerate_title": "Neue Wiederherstellungscodes",
        "totp.regenerate_hint": (
            "Erzeugt zehn neue Codes; die bisherigen werden ungültig. Bestätigen Sie mit einem "
            "aktuellen Code aus der App."
        ),
        "totp.regenerate": "Neue Codes erzeugen",
        "totp.disable_title": "Zwei-Faktor-Anmeldung ausschalten",
        "totp.disable_hint": (
            "Bestätigen Sie mit Ihrem Passwort und einem aktuellen Code aus der App oder einem "
            "Wiederherstellungscode."
        ),
        "totp.password": "Aktuelles Passwort",
        "totp.code_or_recovery": "Code oder Wiederherstellungscode",
        "totp.disable": "Ausschalten",
        "totp.enabled": "Die Zwei-Faktor-Anmeldung ist eingeschaltet.",
        "totp.disabled": "Die Zwei-Faktor-Anmeldung ist ausgeschaltet.",
        "totp.regenerated": (
            "Neue Wiederherstellungscodes wurden erzeugt; die bisherigen gelten nicht mehr."
        ),
        "totp.disable_invalid": "Passwort oder Code ist falsch.",
        "totp.already_enabled": "Die Zwei-Faktor-Anmeldung ist bereits eingeschaltet.",
        "totp.not_enabled": "Die Zwei-Faktor-Anmeldung ist nicht eingeschaltet.",
        "totp.not_enrolling": "Bitte beginnen Sie die Einrichtung erneut.",
        "totp.acting_as": (
            "Während Sie als dieses Konto handeln, können Sie dessen Zwei-Faktor-Anmeldung nicht "
            "ändern."
        ),
        # the staff page (/staff/two-factor)
        "totp.nav_staff": "Zwei-Faktor-Anmeldung",
        "totp.staff_title": "Zwei-Faktor-Anmeldung der Konten",
        "totp.staff_intro": (
            "Konten mit eingeschalteter Zwei-Faktor-Anmeldung. Hat jemand Gerät und "
            "Wiederherstellungscodes verloren, setzen Sie sie zurück: Die Person meldet sich dann "
            "nur mit ihrem Passwort an und richtet die App neu ein."
        ),
        "totp.staff_empty": "Kein Konto hat die Zwei-Faktor-Anmeldung eingeschaltet.",
        "totp.col_login": "Benutzername",
        "totp.col_name": "Name",
        "totp.col_kind": "Art",
        "totp.col_enabled_at": "Eingerichtet am",
        "totp.reset": "Zurücksetzen",
        "totp.reset_question": "Zwei-Faktor-Anmeldung von {login} zurücksetzen?",
        "totp.reset_done": "Die Zwei-Faktor-Anmeldung von {login} wurde zurückgesetzt.",
        "totp.reset_self": (
            "Ihre eigene Zwei-Faktor-Anmeldung ändern Sie auf der Seite „Sicherheit“."
        ),
    },
    "en": {
        "totp.code_title": "Verification code",
        "totp.code_subtitle": "Enter the 6-digit code from your authenticator app.",
        "totp.recovery_subtitle": "Enter one of your recovery codes. Each code works only once.",
        "totp.code_label": "Code from the app",
        "totp.recovery_label": "Recovery code",
        "totp.submit": "Verify",
        "totp.use_recovery": "No access to the app? Use a recovery code",
        "totp.use_app": "Use a code from the authenticator app",
        "totp.back_to_login": "Back to sign-in",
        "totp.invalid": "The code is wrong or has already been used. Please try again.",
        "totp.expired": (
            "The sign-in has expired or the code was entered wrongly too often. Please sign in "
            "again."
        ),
        "totp.nav_security": "Security",
        "totp.security_title": "Security",
        "totp.section_title": "Two-factor sign-in",
        "totp.intro": (
            "After your password, Portal also asks for a code from an authenticator app (e.g. "
            "Microsoft Authenticator, Google Authenticator or FreeOTP). Someone who only knows "
            "your password cannot sign in."
        ),
        "totp.status": "Status",
        "totp.status_on": "On",
        "totp.status_off": "Not set up",
        "totp.enabled_since": "Set up on",
        "totp.recovery_left": "Unused recovery codes",
        "totp.required": (
            "Two-factor sign-in is required for your account. Please set it up now; the other "
            "pages become available afterwards."
        ),
        "totp.sso_only": (
            "You sign in through single sign-on; your organisation secures that sign-in."
        ),
        "totp.start": "Set up two-factor sign-in",
        "totp.scan": "1. Scan the QR code with your authenticator app.",
        "totp.manual": "Or enter this key by hand:",
        "totp.confirm_hint": "2. To confirm, enter the code the app shows.",
        "totp.confirm": "Confirm and turn on",
        "totp.cancel": "Cancel",
        "totp.qr_alt": "QR code for setting up the authenticator app",
        "totp.codes_title": "Your recovery codes",
        "totp.codes_hint": (
            "Keep these ten codes somewhere safe, e.g. printed or in your password manager. "
            "Without access to your app, sign in with one of them; each code works only once. "
            "The codes are shown only now."
        ),
        "totp.codes_done": "I have stored the codes safely",
        "totp.regenerate_title": "New recovery codes",
        "totp.regenerate_hint": (
            "Creates ten new codes; the previous ones stop working. Confirm with a current code "
            "from the app."
        ),
        "totp.regenerate": "Create new codes",
        "totp.disable_title": "Turn off two-factor sign-in",
        "totp.disable_hint": (
            "Confirm with your password and a current code from the app or a recovery code."
        ),
        "totp.password": "Current password",
        "totp.code_or_recovery": "Code or recovery code",
        "totp.disable": "Turn off",
        "totp.enabled": "Two-factor sign-in is on.",
        "totp.disabled": "Two-factor sign-in is off.",
        "totp.regenerated": "New recovery codes were created; the previous ones no longer work.",
        "totp.disable_invalid": "The password or the code is wrong.",
        "totp.already_enabled": "Two-factor sign-in is already on.",
        "totp.not_enabled": "Two-factor sign-in is not on.",
        "totp.not_enrolling": "Please start the setup again.",
        "totp.acting_as": (
            "While you act as this account, you cannot change its two-factor sign-in."
        ),
        "totp.nav_staff": "Two-factor sign-in",
        "totp.staff_title": "Two-factor sign-in of accounts",
        "totp.staff_intro": (
            "Accounts with two-factor sign-in turned on. If someone has lost both device and "
            "recovery codes, reset it: the person then signs in with the password alone and sets "
            "up the app again."
        ),
        "totp.staff_empty": "No account has two-factor sign-in turned on.",
        "totp.col_login": "User name",
        "totp.col_name": "Name",
        "totp.col_kind": "Kind",
        "totp.col_enabled_at": "Set up on",
        "totp.reset": "Reset",
        "totp.reset_question": "Reset the two-factor sign-in of {login}?",
        "totp.reset_done": "The two-factor sign-in of {login} has been reset.",
        "totp.reset_self": "You change your own two-factor sign-in on the “Security” page.",
    },
}
