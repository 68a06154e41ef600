"""Messages of the People page (Kollegen), the invitation page and the own-visibility control."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        # /partner/people
        "people.title": "Kollegen",
        "people.intro": (
            "Kollegen Ihrer Standorte: Sichtbarkeit von Kundendaten und Teams festlegen, neue "
            "Kollegen per E-Mail einladen."
        ),
        "people.name": "Name",
        "people.email": "E-Mail",
        "people.locations": "Standorte",
        "people.visibility": "Sichtbarkeit",
        "people.teams": "Teams",
        "people.active": "Aktiv",
        "people.inactive": "Deaktiviert",
        "people.last_login": "Letzte Anmeldung",
        "people.never": "noch nie",
        "people.edit_teams": "Teams ändern",
        "people.teams_title": "Teams von {name}",
        "people.no_teams": "Keine Teams",
        "people.save": "Speichern",
        "people.cancel": "Abbrechen",
        "people.visibility_saved": "Sichtbarkeit gespeichert.",
        "people.teams_saved": "Teams gespeichert.",
        "people.team_not_allowed": (
            "Dieses Team können Sie nicht vergeben: Es gehört nicht zu Ihren Standorten oder "
            "erlaubt mehr, als Sie selbst dürfen."
        ),
        # inviting
        "people.invite_title": "Kollegen einladen",
        "people.invite_intro": (
            "Die Einladung kommt per E-Mail mit einem Link, der nur einmal gilt und nach {days} "
            "Tagen abläuft."
        ),
        "people.invite_email": "E-Mail-Adresse",
        "people.invite_name": "Name",
        "people.invite_location": "Standort",
        "people.invite_submit": "Einladung senden",
        "people.invited": "Die Einladung an {email} ist unterwegs.",
        "people.name_missing": "Bitte geben Sie einen Namen ein.",
        "people.email_invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        "people.email_taken": (
            "Zu dieser E-Mail-Adresse gibt es bereits ein Benutzerkonto. Eine Einladung ist "
            "nicht nötig."
        ),
        "people.already_invited": (
            "Diese Adresse ist bereits eingeladen. Sie können die Einladung unten erneut senden."
        ),
        "people.open_invitations": "Offene Einladungen",
        "people.no_invitations": "Keine offenen Einladungen.",
        "people.invited_at": "Eingeladen am",
        "people.expires": "Gültig bis",
        "people.expired": "abgelaufen",
        "people.resend": "Erneut senden",
        "people.revoke": "Zurückziehen",
        "people.resent": "Die Einladung wurde mit einem neuen Link erneut gesendet.",
        "people.revoked": "Die Einladung wurde zurückgezogen.",
        # own visibility on the partner home
        "people.own_visibility": "Meine Sichtbarkeit",
        "people.own_visibility_hint": "Ihr Team erlaubt Ihnen, Ihre eigene Sichtbarkeit zu ändern.",
        # /invite (public)
        "invite.title": "Einladung annehmen",
        "invite.subtitle": (
            "Sie wurden zu {company} eingeladen. Legen Sie Ihren Zugang an; Ihr Benutzername ist "
            "die E-Mail-Adresse, an die die Einladung ging."
        ),
        "invite.name": "Ihr Name",
        "invite.password": "Passwort",
        "invite.password_repeat": "Passwort wiederholen",
        "invite.password_hint": "Mindestens 8 Zeichen; kein gängiges Passwort.",
        "invite.submit": "Zugang anlegen",
        "invite.invalid": (
            "Dieser Einladungslink ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte "
            "bitten Sie um eine neue Einladung."
        ),
        "invite.name_missing": "Bitte geben Sie Ihren Namen ein.",
        "invite.password_mismatch": "Die beiden Passwörter stimmen nicht überein.",
        "invite.email_taken": (
            "Zu Ihrer E-Mail-Adresse gibt es bereits ein Benutzerkonto. Bitte melden Sie sich an."
        ),
        "invite.forbidden_origin": "Die Anfrage wurde aus Sicherheitsgründen abgelehnt.",
        "invite.to_login": "Zur Anmeldung",
    },
    "en": {
        "people.title": "Colleagues",
        "people.intro": (
            "Colleagues at your locations: set their visibility of customer data and their "
            "teams, invite new colleagues by e-mail."
        ),
        "people.name": "Name",
        "people.email": "E-mail",
        "people.locations": "Locations",
        "people.visibility": "Visibility",
        "people.teams": "Teams",
        "people.active": "Active",
        "people.inactive": "Deactivated",
        "people.last_login": "Last sign-in",
        "people.never": "never",
        "people.edit_teams": "Change teams",
        "people.teams_title": "Teams of {name}",
        "people.no_teams": "No teams",
        "people.save": "Save",
        "people.cancel": "Cancel",
        "people.visibility_saved": "Visibility saved.",
        "people.teams_saved": "Teams saved.",
        "people.team_not_allowed": (
            "You cannot assign this team: it does not belong to your locations or permits more "
            "than you may do yourself."
        ),
        "people.invite_title": "Invite a colleague",
        "people.invite_intro": (
            "The invitation is sent by e-mail with a link that works once and expires after "
            "{days} days."
        ),
        "people.invite_email": "E-mail address",
        "people.invite_name": "Name",
        "people.invite_location": "Location",
        "people.invite_submit": "Send invitation",
        "people.invited": "The invitation to {email} is on its way.",
        "people.name_missing": "Please enter a name.",
        "people.email_invalid": "Please enter a valid e-mail address.",
        "people.email_taken": (
            "There already is an account with this e-mail address. No invitation is needed."
        ),
        "people.already_invited": (
            "This address has already been invited. You can resend the invitation below."
        ),
        "people.open_invitations": "Open invitations",
        "people.no_invitations": "No open invitations.",
        "people.invited_at": "Invited on",
        "people.expires": "Valid until",
        "people.expired": "expired",
        "people.resend": "Resend",
        "people.revoke": "Revoke",
        "people.resent": "The invitation was sent again with a new link.",
        "people.revoked": "The invitation was revoked.",
        "people.own_visibility": "My visibility",
        "people.own_visibility_hint": "Your team allows you to change your own visibility.",
        "invite.title": "Accept invitation",
        "invite.subtitle": (
            "You have been invited to {company}. Set up your account; your user name is the "
            "e-mail address the invitation was sent to."
        ),
        "invite.name": "Your name",
        "invite.password": "Password",
        "invite.password_repeat": "Repeat password",
        "invite.password_hint": "At least 8 characters; not a common password.",
        "invite.submit": "Create account",
        "invite.invalid": (
            "This invitation link is invalid, has expired or has already been used. Please ask "
            "for a new invitation."
        ),
        "invite.name_missing": "Please enter your name.",
        "invite.password_mismatch": "The two passwords do not match.",
        "invite.email_taken": (
            "There already is an account for your e-mail address. Please sign in."
        ),
        "invite.forbidden_origin": "The request was refused for security reasons.",
        "invite.to_login": "Go to sign-in",
    },
}
