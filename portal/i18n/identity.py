"""Messages of the identity flows: forgot password, set password (activation and reset links),
self-registration and its review by staff."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        # links on the login page
        "identity.forgot_link": "Passwort vergessen?",
        "identity.register_link": "Noch kein Zugang? Registrieren",
        "identity.to_login": "Zur Anmeldung",
        # /forgot-password
        "identity.forgot_title": "Passwort vergessen",
        "identity.forgot_intro": (
            "Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein. Wir senden Ihnen einen "
            "Link, mit dem Sie ein neues Passwort festlegen können."
        ),
        "identity.forgot_login": "Benutzername oder E-Mail",
        "identity.forgot_submit": "Link anfordern",
        "identity.forgot_sent": (
            "Falls zu Ihrer Angabe ein Zugang besteht, haben wir Ihnen eine E-Mail mit einem "
            "Link geschickt. Bitte sehen Sie auch im Spam-Ordner nach."
        ),
        "identity.forgot_missing": "Bitte geben Sie Ihren Benutzernamen oder Ihre E-Mail ein.",
        # /set-password
        "identity.set_title": "Passwort festlegen",
        "identity.set_for": "Für den Zugang {login}",
        "identity.password": "Neues Passwort",
        "identity.password_repeat": "Passwort wiederholen",
        "identity.password_hint": (
            "Mindestens 8 Zeichen; verbreitete Passwörter und Ihr Benutzername sind nicht erlaubt."
        ),
        "identity.set_submit": "Passwort speichern",
        "identity.link_invalid": (
            "Dieser Link ist ungültig, abgelaufen oder wurde bereits verwendet. Fordern Sie "
            "bitte einen neuen an."
        ),
        "identity.password_mismatch": "Die beiden Passwörter stimmen nicht überein.",
        "identity.forbidden_origin": "Die Anfrage wurde aus Sicherheitsgründen abgelehnt.",
        "identity.password_set": (
            "Ihr Passwort ist gespeichert. Sie können sich jetzt damit anmelden."
        ),
        # /register
        "identity.register_title": "Registrieren",
        "identity.register_intro": (
            "Beantragen Sie einen Zugang. Wir prüfen Ihre Angaben und schicken Ihnen dann einen "
            "Link, mit dem Sie Ihr Passwort festlegen."
        ),
        "identity.register_name": "Name",
        "identity.register_email": "E-Mail",
        "identity.register_company": "Firma",
        "identity.register_customer_number": "Kundennummer (falls bekannt)",
        "identity.register_phone": "Telefon",
        "identity.register_message": "Nachricht",
        "identity.register_submit": "Registrierung absenden",
        "identity.register_done": (
            "Vielen Dank! Ihre Registrierung ist bei uns eingegangen. Sie erhalten eine "
            "Bestätigung per E-Mail und nach der Prüfung einen Link zum Festlegen Ihres Passworts."
        ),
        "identity.register_name_missing": "Bitte geben Sie Ihren Namen ein.",
        "identity.register_email_invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        "identity.register_too_long": "Eine Angabe ist zu lang.",
        "identity.register_throttled": (
            "Von Ihrem Anschluss kamen zu viele Registrierungen. Bitte versuchen Sie es später."
        ),
        "identity.register_privacy_notice": (
            "Wir verwenden Ihre Angaben nur, um Ihre Registrierung zu bearbeiten und Ihnen einen "
            "Zugang einzurichten."
        ),
        "identity.register_privacy_link": "Datenschutzerklärung lesen",
        "identity.register_consent": "Ich habe die Datenschutzhinweise gelesen.",
        "identity.register_consent_missing": (
            "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben."
        ),
        # footer of every page (links set by staff in the branding settings)
        "identity.legal_imprint": "Impressum",
        "identity.legal_privacy": "Datenschutz",
        # /staff/registrations/[id]
        "identity.review_title": "Registrierung",
        "identity.review_back": "Zum Postkorb",
        "identity.review_state": "Status",
        "identity.state_open": "offen",
        "identity.state_approved": "freigegeben",
        "identity.state_rejected": "abgelehnt",
        "identity.review_received": "Eingegangen",
        "identity.review_customer": "Kunde",
        "identity.review_search": "Kunde suchen (Name oder Kundennummer)",
        "identity.review_search_button": "Suchen",
        "identity.review_no_customers": "Keine passenden Kunden.",
        "identity.review_role": "Rolle",
        "identity.role_main": "Hauptbenutzer",
        "identity.role_normal": "Benutzer",
        "identity.review_approve": "Freigeben und Zugang senden",
        "identity.review_reason": "Grund der Ablehnung",
        "identity.review_reject": "Ablehnen",
        "identity.review_approved": (
            "Freigegeben: Das Konto ist angelegt, der Link zum Festlegen des Passworts ist "
            "unterwegs."
        ),
        "identity.review_rejected": "Die Registrierung wurde abgelehnt.",
        "identity.role_invalid": "Bitte wählen Sie eine Rolle.",
        "identity.customer_missing": "Bitte wählen Sie einen Kunden.",
        "identity.email_taken": "Für diese E-Mail-Adresse besteht bereits ein Zugang.",
        "identity.invite_email_fixed": (
            "Der Zugang wird für die eingeladene E-Mail-Adresse angelegt. Bitte lassen Sie "
            "diese Adresse unverändert."
        ),
        "identity.reason_missing": "Bitte geben Sie einen Grund an.",
        "identity.registration_decided": "Über diese Registrierung wurde bereits entschieden.",
        "identity.already_invited": "Diese Person ist bereits eingeladen.",
        # /staff/customers and /staff/customers/[id]
        "identity.nav_customers": "Kunden",
        "identity.customers_title": "Kunden",
        "identity.customers_intro": (
            "Kunden suchen, ihre Zugänge ansehen und Ansprechpartnern einen Zugang einrichten."
        ),
        "identity.customers_search": "Name oder Kundennummer",
        "identity.customer_number": "Kundennummer",
        "identity.customer_name": "Name",
        "identity.accounts_title": "Zugänge",
        "identity.no_accounts": "Noch keine Zugänge.",
        "identity.login": "Benutzername",
        "identity.password_status": "Passwort",
        "identity.pw_user_set": "selbst gesetzt",
        "identity.pw_staff_set": "vom Team gesetzt",
        "identity.pw_initial": "noch keins",
        "identity.access_sent": "Zugang gesendet",
        "identity.invitations_title": "Offene Einladungen",
        "identity.no_invitations": "Keine offenen Einladungen.",
        "identity.valid_until": "Gültig bis",
        "identity.expired": "abgelaufen",
        "identity.actions": "Aktionen",
        "identity.resend": "Erneut senden",
        "identity.revoke": "Zurückziehen",
        "identity.invite_title": "Zugang einrichten",
        "identity.invite_intro": (
            "Die Person erhält eine E-Mail mit einem Link, der einmal und {days} Tage lang "
            "gültig ist. Damit bestätigt sie ihre E-Mail-Adresse und legt ihr Passwort fest."
        ),
        "identity.invite_submit": "Einladung senden",
        "identity.invited": "Einladung an {email} gesendet.",
        "identity.resent": "Einladung erneut gesendet; der alte Link ist ungültig.",
        "identity.revoked": "Einladung zurückgezogen.",
        "identity.invite_email_label": "E-Mail (wird Ihr Benutzername)",
    },
    "en": {
        "identity.forgot_link": "Forgot your password?",
        "identity.register_link": "No account yet? Register",
        "identity.to_login": "To sign-in",
        "identity.forgot_title": "Forgot password",
        "identity.forgot_intro": (
            "Enter your user name or e-mail address. We will send you a link to set a new password."
        ),
        "identity.forgot_login": "User name or e-mail",
        "identity.forgot_submit": "Request link",
        "identity.forgot_sent": (
            "If an account exists for what you entered, we have sent you an e-mail with a link. "
            "Please check your spam folder too."
        ),
        "identity.forgot_missing": "Please enter your user name or e-mail.",
        "identity.set_title": "Set password",
        "identity.set_for": "For the account {login}",
        "identity.password": "New password",
        "identity.password_repeat": "Repeat password",
        "identity.password_hint": (
            "At least 8 characters; common passwords and your user name are not allowed."
        ),
        "identity.set_submit": "Save password",
        "identity.link_invalid": (
            "This link is invalid, has expired or has already been used. Please request a new one."
        ),
        "identity.password_mismatch": "The two passwords do not match.",
        "identity.forbidden_origin": "The request was refused for security reasons.",
        "identity.password_set": "Your password has been saved. You can now sign in with it.",
        "identity.register_title": "Register",
        "identity.register_intro": (
            "Request an account. We will review your details and then send you a link to set "
            "your password."
        ),
        "identity.register_name": "Name",
        "identity.register_email": "E-mail",
        "identity.register_company": "Company",
        "identity.register_customer_number": "Customer number (if known)",
        "identity.register_phone": "Phone",
        "identity.register_message": "Message",
        "identity.register_submit": "Send registration",
        "identity.register_done": (
            "Thank you! We have received your registration. You will get a confirmation by "
            "e-mail and, after review, a link to set your password."
        ),
        "identity.register_name_missing": "Please enter your name.",
        "identity.register_email_invalid": "Please enter a valid e-mail address.",
        "identity.register_too_long": "One of the entries is too long.",
        "identity.register_throttled": (
            "Too many registrations came from your connection. Please try again later."
        ),
        "identity.register_privacy_notice": (
            "We use your details only to process your registration and to set up your account."
        ),
        "identity.register_privacy_link": "Read the privacy policy",
        "identity.register_consent": "I have read the privacy information.",
        "identity.register_consent_missing": (
            "Please confirm that you have read the privacy information."
        ),
        "identity.legal_imprint": "Legal notice",
        "identity.legal_privacy": "Privacy",
        "identity.review_title": "Registration",
        "identity.review_back": "To the inbox",
        "identity.review_state": "Status",
        "identity.state_open": "open",
        "identity.state_approved": "approved",
        "identity.state_rejected": "rejected",
        "identity.review_received": "Received",
        "identity.review_customer": "Customer",
        "identity.review_search": "Search customer (name or customer number)",
        "identity.review_search_button": "Search",
        "identity.review_no_customers": "No matching customers.",
        "identity.review_role": "Role",
        "identity.role_main": "Main user",
        "identity.role_normal": "User",
        "identity.review_approve": "Approve and send access",
        "identity.review_reason": "Reason for rejection",
        "identity.review_reject": "Reject",
        "identity.review_approved": (
            "Approved: the account has been created and the link to set a password is on its way."
        ),
        "identity.review_rejected": "The registration has been rejected.",
        "identity.role_invalid": "Please choose a role.",
        "identity.customer_missing": "Please choose a customer.",
        "identity.email_taken": "An account already exists for this e-mail address.",
        "identity.invite_email_fixed": (
            "The account is created for the invited e-mail address. Please leave this address "
            "unchanged."
        ),
        "identity.reason_missing": "Please give a reason.",
        "identity.registration_decided": "This registration has already been decided.",
        "identity.already_invited": "This person has already been invited.",
        "identity.nav_customers": "Customers",
        "identity.customers_title": "Customers",
        "identity.customers_intro": (
            "Find customers, see their accounts and set up access for their contacts."
        ),
        "identity.customers_search": "Name or customer number",
        "identity.customer_number": "Customer number",
        "identity.customer_name": "Name",
        "identity.accounts_title": "Accounts",
        "identity.no_accounts": "No accounts yet.",
        "identity.login": "User name",
        "identity.password_status": "Password",
        "identity.pw_user_set": "set by the user",
        "identity.pw_staff_set": "set by staff",
        "identity.pw_initial": "none yet",
        "identity.access_sent": "Access sent",
        "identity.invitations_title": "Open invitations",
        "identity.no_invitations": "No open invitations.",
        "identity.valid_until": "Valid until",
        "identity.expired": "expired",
        "identity.actions": "Actions",
        "identity.resend": "Resend",
        "identity.revoke": "Revoke",
        "identity.invite_title": "Set up access",
        "identity.invite_intro": (
            "The person gets an e-mail with a link that works once and for {days} days. With "
            "it they confirm their e-mail address and choose their password."
        ),
        "identity.invite_submit": "Send invitation",
        "identity.invited": "Invitation sent to {email}.",
        "identity.resent": "Invitation sent again; the old link no longer works.",
        "identity.revoked": "Invitation revoked.",
        "identity.invite_email_label": "E-mail (becomes your user name)",
    },
}
