"""Messages of the back-office settings (/staff/settings) and permission groups
(/staff/permission-groups)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "settings.nav": "Einstellungen",
        "settings.nav_groups": "Berechtigungen",
        "settings.title": "Einstellungen",
        "settings.saved": "Gespeichert.",
        "settings.save": "Speichern",
        "settings.denied": "Dafür fehlt Ihnen die Berechtigung.",
        "settings.tab.branding": "Branding",
        "settings.tab.smtp": "E-Mail/SMTP",
        "settings.tab.templates": "Vorlagen",
        "settings.tab.shop": "Shop",
        "settings.tab.passwords": "Passwörter",
        # branding
        "settings.branding.name": "Name des Portals",
        "settings.branding.color": "Primärfarbe (#rrggbb)",
        "settings.branding.logo": "Logo (PNG, JPEG oder WebP, höchstens 1 MB)",
        "settings.branding.logo_choose": "Logo-Datei",
        "settings.branding.logo_upload": "Logo hochladen",
        "settings.branding.logo_remove": "Logo entfernen",
        "settings.branding.logo_none": "Kein Logo gesetzt.",
        "settings.branding.logo_saved": "Logo gespeichert.",
        "settings.branding.error.name_empty": "Bitte einen Namen eingeben.",
        "settings.branding.error.name_long": "Der Name darf höchstens 60 Zeichen lang sein.",
        "settings.branding.error.color": (
            "Bitte eine Farbe im Format #rrggbb angeben, z. B. #1f5fa8."
        ),
        "settings.branding.imprint_url": "Link zum Impressum (https://…, leer: nicht angezeigt)",
        "settings.branding.privacy_url": (
            "Link zur Datenschutzerklärung (https://…, leer: nicht angezeigt)"
        ),
        "settings.branding.error.url": (
            "Bitte eine vollständige https-Adresse angeben, z. B. https://www.example.de/impressum."
        ),
        # smtp
        "settings.smtp.intro": (
            "Ohne Server bleiben E-Mails im Postausgang. Gespeicherte Werte ersetzen die der "
            "Umgebung."
        ),
        "settings.smtp.source_env": "Derzeit gelten die Werte der Umgebung.",
        "settings.smtp.source_db": "Derzeit gelten die hier gespeicherten Werte.",
        "settings.smtp.host": "Server",
        "settings.smtp.port": "Port",
        "settings.smtp.user": "Benutzer",
        "settings.smtp.password": "Passwort",
        "settings.smtp.password_set": "gesetzt",
        "settings.smtp.password_unset": "nicht gesetzt",
        "settings.smtp.password_hint": "Leer lassen = unverändert",
        "settings.smtp.clear_password": "Gespeichertes Passwort löschen",
        "settings.smtp.starttls": "STARTTLS verwenden",
        "settings.smtp.from": "Absender",
        "settings.smtp.test_to": "Testmail an",
        "settings.smtp.test": "Testmail senden",
        "settings.smtp.test.sent": "Testmail an {recipient} gesendet.",
        "settings.smtp.test.refused": ("Verbindung abgelehnt: Läuft der Server, stimmt der Port?"),
        "settings.smtp.test.timeout": "Keine Antwort vom Server (Zeitüberschreitung).",
        "settings.smtp.test.auth": (
            "Anmeldung am Server fehlgeschlagen: Benutzer oder Passwort falsch."
        ),
        "settings.smtp.test.tls": "Die verschlüsselte Verbindung (TLS) kam nicht zustande.",
        "settings.smtp.test.failed": (
            "Die Testmail konnte nicht gesendet werden. Details stehen im Server-Protokoll."
        ),
        "settings.smtp.password_dropped": (
            "Gespeichert. Weil Server, Port oder Benutzer geändert wurden, wurde das gespeicherte "
            "Passwort entfernt: Bitte geben Sie das Passwort erneut ein und speichern Sie."
        ),
        "settings.smtp.error.host": "Bitte einen gültigen Servernamen angeben.",
        "settings.smtp.error.port": "Der Port muss eine Zahl von 1 bis 65535 sein.",
        "settings.smtp.error.too_long": (
            "Benutzer und Passwort dürfen höchstens 254 Zeichen lang sein."
        ),
        "settings.smtp.error.from": (
            "Bitte eine gültige Absenderadresse angeben, z. B. Portal <portal@firma.de>."
        ),
        "settings.smtp.error.recipient": (
            "Bitte eine gültige E-Mail-Adresse für die Testmail angeben."
        ),
        "settings.smtp.error.no_host": "Es ist kein SMTP-Server eingestellt.",
        # templates
        "settings.templates.template": "Vorlage",
        "settings.templates.language": "Sprache",
        "settings.templates.subject": "Betreff",
        "settings.templates.text": "Text",
        "settings.templates.html": "HTML (leer: nur Text)",
        "settings.templates.placeholders": "Platzhalter: {names}",
        "settings.templates.customized": "Angepasst",
        "settings.templates.default": "Standard",
        "settings.templates.preview": "Vorschau",
        "settings.templates.preview_hint": "Vorschau mit Beispielwerten",
        "settings.templates.reset": "Auf Standard zurücksetzen",
        "settings.templates.reset_done": "Vorlage auf Standard zurückgesetzt.",
        "settings.templates.error.placeholder": (
            "Unbekannter Platzhalter {placeholder} ({part}). Erlaubt sind: {known}. "
            "Nichts gespeichert."
        ),
        "settings.templates.error.syntax": (
            "Fehler in der Vorlage ({part}, Zeile {line}): {error}. Nichts gespeichert."
        ),
        "settings.templates.error.render": (
            "Die Vorlage lässt sich nicht darstellen ({part}): {error}. Nichts gespeichert."
        ),
        "settings.templates.error.limit": (
            "Die Vorlage ist zu aufwendig und wurde nicht übernommen ({part}: {error}). Erlaubt "
            "sind Platzhalter, if-Abfragen und Schleifen über Listen-Platzhalter oder range() bis "
            "1000 (höchstens zwei Schleifen ineinander); kein set/macro, keine riesigen Zahlen, "
            "Texte oder Ausgaben."
        ),
        "settings.templates.error.link": (
            "Der Link (Platzhalter link) darf im HTML nur als {{ link }} im href eines "
            "<a>-Elements oder als Text stehen, nicht in Bildern (src), CSS (url(...)) oder mit "
            "Filtern: sonst lädt das Mailprogramm ihn von selbst. Nichts gespeichert."
        ),
        "settings.templates.error.empty": "Betreff und Text dürfen nicht leer sein ({part}).",
        "settings.templates.error.subject_line": "Der Betreff muss eine Zeile sein.",
        "settings.templates.error.too_long": "Die Vorlage ist zu lang ({part}).",
        "settings.templates.error.unknown_template": "Unbekannte Vorlage.",
        "settings.template.registration": "Registrierung",
        "settings.template.password_reset": "Passwort zurücksetzen",
        "settings.template.approval_request": "Freigabe-Anfrage",
        "settings.template.approval_confirmation": "Freigabe-Bestätigung",
        "settings.template.access_data": "Zugangsdaten",
        "settings.template.order_confirmation": "Bestellbestätigung",
        "settings.template.invitation": "Einladung",
        "settings.template.test_mail": "Testmail",
        "settings.template.partner_notification": "Partner-Benachrichtigung",
        "settings.template.act_as_notice": "Hinweis „Als Account angemeldet“",
        # shop
        "settings.shop.show_prices": "Preise im Shop anzeigen (Standard für alle Kunden)",
        "settings.shop.customer_title": "Abweichung für einen Kunden",
        "settings.shop.search": "Kunde suchen (Name oder Nummer)",
        "settings.shop.no_results": "Keine Kunden gefunden.",
        "settings.shop.choice.inherit": "wie Standard",
        "settings.shop.choice.shown": "Preise anzeigen",
        "settings.shop.choice.hidden": "Preise ausblenden",
        "settings.shop.error.choice": "Unbekannte Auswahl.",
        "settings.shop.error.customer": "Kunde nicht gefunden.",
        # passwords
        "settings.passwords.min_length": "Mindestlänge (8 bis 64)",
        "settings.passwords.check_common": "Häufige Passwörter ablehnen",
        "settings.passwords.error.length": "Die Mindestlänge muss zwischen 8 und 64 liegen.",
        # permission groups
        "settings.groups.title": "Berechtigungsgruppen",
        "settings.groups.new": "Neue Gruppe",
        "settings.groups.name": "Name",
        "settings.groups.create": "Anlegen",
        "settings.groups.delete": "Löschen",
        "settings.groups.members": "Mitarbeiter",
        "settings.groups.deleted": "Gruppe gelöscht.",
        "settings.groups.perm.manage_accounts": "Accounts verwalten",
        "settings.groups.perm.act_as": "Als Account anmelden",
        "settings.groups.perm.manage_grants": "Freischaltungen verwalten",
        "settings.groups.perm.catalog": "Katalog",
        "settings.groups.perm.settings": "Einstellungen",
        "settings.groups.perm.inbox": "Postkorb",
        "settings.groups.error.name_empty": "Bitte einen Namen eingeben.",
        "settings.groups.error.name_long": "Der Name darf höchstens 100 Zeichen lang sein.",
        "settings.groups.error.name_taken": "Eine Gruppe mit diesem Namen gibt es schon.",
        "settings.groups.error.permission": "Unbekannte Berechtigung.",
        "settings.groups.error.unknown": "Diese Gruppe gibt es nicht mehr.",
        "settings.groups.error.user": "Unbekannter Mitarbeiter.",
        "settings.groups.error.lockout": (
            "Nicht möglich: Sie würden sich selbst die Berechtigung „Einstellungen“ entziehen."
        ),
        "settings.groups.error.own": (
            "Nicht möglich: Ihre eigenen Berechtigungen ändert ein anderer Administrator "
            "(eigene Mitgliedschaften und neue Berechtigungen für Ihre eigenen Gruppen)."
        ),
    },
    "en": {
        "settings.nav": "Settings",
        "settings.nav_groups": "Permissions",
        "settings.title": "Settings",
        "settings.saved": "Saved.",
        "settings.save": "Save",
        "settings.denied": "You do not have permission for this.",
        "settings.tab.branding": "Branding",
        "settings.tab.smtp": "E-mail/SMTP",
        "settings.tab.templates": "Templates",
        "settings.tab.shop": "Shop",
        "settings.tab.passwords": "Passwords",
        "settings.branding.name": "Portal name",
        "settings.branding.color": "Primary colour (#rrggbb)",
        "settings.branding.logo": "Logo (PNG, JPEG or WebP, at most 1 MB)",
        "settings.branding.logo_choose": "Logo file",
        "settings.branding.logo_upload": "Upload logo",
        "settings.branding.logo_remove": "Remove logo",
        "settings.branding.logo_none": "No logo set.",
        "settings.branding.logo_saved": "Logo saved.",
        "settings.branding.error.name_empty": "Please enter a name.",
        "settings.branding.error.name_long": "The name may have at most 60 characters.",
        "settings.branding.error.color": "Please give a colour as #rrggbb, e.g. #1f5fa8.",
        "settings.branding.imprint_url": "Link to the legal notice (https://…, empty: not shown)",
        "settings.branding.privacy_url": "Link to the privacy policy (https://…, empty: not shown)",
        "settings.branding.error.url": (
            "Please give a complete https address, e.g. https://www.example.com/imprint."
        ),
        "settings.smtp.intro": (
            "Without a server, mails stay in the outbox. Stored values replace the environment's."
        ),
        "settings.smtp.source_env": "The environment's values apply at the moment.",
        "settings.smtp.source_db": "The values stored here apply at the moment.",
        "settings.smtp.host": "Server",
        "settings.smtp.port": "Port",
        "settings.smtp.user": "User",
        "settings.smtp.password": "Password",
        "settings.smtp.password_set": "set",
        "settings.smtp.password_unset": "not set",
        "settings.smtp.password_hint": "Leave empty to keep it",
        "settings.smtp.clear_password": "Delete the stored password",
        "settings.smtp.starttls": "Use STARTTLS",
        "settings.smtp.from": "Sender",
        "settings.smtp.test_to": "Send test mail to",
        "settings.smtp.test": "Send test mail",
        "settings.smtp.test.sent": "Test mail sent to {recipient}.",
        "settings.smtp.test.refused": (
            "Connection refused: is the server running, is the port right?"
        ),
        "settings.smtp.test.timeout": "The server did not answer (timeout).",
        "settings.smtp.test.auth": "Login at the server failed: wrong user or password.",
        "settings.smtp.test.tls": "The encrypted connection (TLS) could not be set up.",
        "settings.smtp.test.failed": (
            "The test mail could not be sent. See the server log for details."
        ),
        "settings.smtp.password_dropped": (
            "Saved. Because server, port or user changed, the stored password was removed: "
            "please enter the password again and save."
        ),
        "settings.smtp.error.host": "Please give a valid server name.",
        "settings.smtp.error.port": "The port must be a number from 1 to 65535.",
        "settings.smtp.error.too_long": "User and password may have at most 254 characters.",
        "settings.smtp.error.from": "Please give a valid sender, e.g. Portal <portal@company.com>.",
        "settings.smtp.error.recipient": "Please give a valid e-mail address for the test mail.",
        "settings.smtp.error.no_host": "No SMTP server is configured.",
        "settings.templates.template": "Template",
        "settings.templates.language": "Language",
        "settings.templates.subject": "Subject",
        "settings.templates.text": "Text",
        "settings.templates.html": "HTML (empty: text only)",
        "settings.templates.placeholders": "Placeholders: {names}",
        "settings.templates.customized": "Customised",
        "settings.templates.default": "Default",
        "settings.templates.preview": "Preview",
        "settings.templates.preview_hint": "Preview with sample values",
        "settings.templates.reset": "Reset to default",
        "settings.templates.reset_done": "Template reset to the default.",
        "settings.templates.error.placeholder": (
            "Unknown placeholder {placeholder} ({part}). Allowed: {known}. Nothing was saved."
        ),
        "settings.templates.error.syntax": (
            "Error in the template ({part}, line {line}): {error}. Nothing was saved."
        ),
        "settings.templates.error.render": (
            "The template cannot be rendered ({part}): {error}. Nothing was saved."
        ),
        "settings.templates.error.limit": (
            "The template needs too much work and was not saved ({part}: {error}). Allowed are "
            "placeholders, if blocks and loops over list placeholders or range() up to 1000 (at "
            "most two loops nested); no set/macro, no huge numbers, texts or output."
        ),
        "settings.templates.error.link": (
            "The link (placeholder link) may only appear in the HTML as {{ link }} in the href "
            "of an <a> element or as text, not in images (src), CSS (url(...)) or with filters: "
            "the mail program would otherwise load it by itself. Nothing saved."
        ),
        "settings.templates.error.empty": "Subject and text must not be empty ({part}).",
        "settings.templates.error.subject_line": "The subject must be one line.",
        "settings.templates.error.too_long": "The template is too long ({part}).",
        "settings.templates.error.unknown_template": "Unknown template.",
        "settings.template.registration": "Registration",
        "settings.template.password_reset": "Password reset",
        "settings.template.approval_request": "Approval request",
        "settings.template.approval_confirmation": "Approval confirmation",
        "settings.template.access_data": "Access data",
        "settings.template.order_confirmation": "Order confirmation",
        "settings.template.invitation": "Invitation",
        "settings.template.test_mail": "Test mail",
        "settings.template.partner_notification": "Partner notification",
        "settings.template.act_as_notice": "Notice 'signed in as account'",
        "settings.shop.show_prices": "Show prices in the shop (default for all customers)",
        "settings.shop.customer_title": "Exception for one customer",
        "settings.shop.search": "Find a customer (name or number)",
        "settings.shop.no_results": "No customers found.",
        "settings.shop.choice.inherit": "as default",
        "settings.shop.choice.shown": "show prices",
        "settings.shop.choice.hidden": "hide prices",
        "settings.shop.error.choice": "Unknown choice.",
        "settings.shop.error.customer": "Customer not found.",
        "settings.passwords.min_length": "Minimum length (8 to 64)",
        "settings.passwords.check_common": "Refuse common passwords",
        "settings.passwords.error.length": "The minimum length must be between 8 and 64.",
        "settings.groups.title": "Permission groups",
        "settings.groups.new": "New group",
        "settings.groups.name": "Name",
        "settings.groups.create": "Create",
        "settings.groups.delete": "Delete",
        "settings.groups.members": "Staff",
        "settings.groups.deleted": "Group deleted.",
        "settings.groups.perm.manage_accounts": "Manage accounts",
        "settings.groups.perm.act_as": "Act as account",
        "settings.groups.perm.manage_grants": "Manage access grants",
        "settings.groups.perm.catalog": "Catalogue",
        "settings.groups.perm.settings": "Settings",
        "settings.groups.perm.inbox": "Inbox",
        "settings.groups.error.name_empty": "Please enter a name.",
        "settings.groups.error.name_long": "The name may have at most 100 characters.",
        "settings.groups.error.name_taken": "A group with this name already exists.",
        "settings.groups.error.permission": "Unknown permission.",
        "settings.groups.error.unknown": "This group no longer exists.",
        "settings.groups.error.user": "Unknown staff member.",
        "settings.groups.error.lockout": (
            "Not possible: you would take the permission 'Settings' away from yourself."
        ),
        "settings.groups.error.own": (
            "Not possible: another administrator changes your own permissions (your own "
            "memberships and new permissions for groups you belong to)."
        ),
    },
}
