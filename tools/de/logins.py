"""German strings of the logins: 429 pages, the state console's limits, the second factor's pages."""

DE = {
    "Too many attempts": "Zu viele Versuche",
    "Until then, logging in is not possible, even with the right password. If you have forgotten your password, you can reset it.": "Bis dahin ist keine Anmeldung möglich, auch nicht mit dem richtigen Passwort. Wenn Sie Ihr Passwort vergessen haben, können Sie es zurücksetzen.",
    "Reset password": "Passwort zurücksetzen",
    "Set up the second factor": "Zweiten Faktor einrichten",
    "Your account may edit this website. To protect the site administration, staff log in with a second factor: after the password, a six-digit code from an authenticator app on your phone or computer. Please set it up now; it takes about two minutes.": "Ihr Konto darf diese Website bearbeiten. Zum Schutz der Seitenverwaltung melden sich Mitarbeitende mit einem zweiten Faktor an: nach dem Passwort mit einem sechsstelligen Code aus einer Authenticator-App auf Ihrem Smartphone oder Computer. Bitte richten Sie ihn jetzt ein; das dauert etwa zwei Minuten.",
    "Install an authenticator app if you do not have one yet, for example FreeOTP, Aegis, Google Authenticator, Microsoft Authenticator or the one in your password manager.": "Installieren Sie eine Authenticator-App, falls Sie noch keine haben, zum Beispiel FreeOTP, Aegis, Google Authenticator, Microsoft Authenticator oder die Ihres Passwort-Managers.",
    "In the app, add an account and scan the QR code below. If you cannot scan it, type in the key shown under it.": "Fügen Sie in der App ein Konto hinzu und scannen Sie den QR-Code unten. Wenn das Scannen nicht geht, tippen Sie den darunter angezeigten Schlüssel ein.",
    "Enter the six-digit code the app now shows and click “Activate”.": "Geben Sie den sechsstelligen Code ein, den die App jetzt anzeigt, und klicken Sie auf „Aktivieren“.",
    "QR code for the authenticator app": "QR-Code für die Authenticator-App",
    "Key for typing in": "Schlüssel zum Eintippen",
    "Keep this key safe: with it you can set up the app again on a new phone.": "Bewahren Sie diesen Schlüssel sicher auf: Mit ihm können Sie die App auf einem neuen Smartphone wieder einrichten.",
    "Activate": "Aktivieren",
    "Afterwards you will receive recovery codes: each of them replaces the app once if you lose your phone.": "Danach erhalten Sie Wiederherstellungscodes: Jeder ersetzt die App einmal, falls Sie Ihr Smartphone verlieren.",
    "Recovery Codes": "Wiederherstellungscodes",
    "Print or download these codes and keep them in a safe place, apart from your phone. If you lose your authenticator app, each code lets you log in once instead of the six-digit code.": "Drucken Sie diese Codes aus oder laden Sie sie herunter und bewahren Sie sie sicher auf, getrennt von Ihrem Smartphone. Wenn Sie Ihre Authenticator-App verlieren, können Sie sich mit jedem Code einmal anstelle des sechsstelligen Codes anmelden.",
    "Unused codes": "Unbenutzte Codes",
    "Download codes": "Codes herunterladen",
    "Generate new codes": "Neue Codes erzeugen",
    "Continue to the site administration": "Weiter zur Seitenverwaltung",
}
PLURALS = {
    "Too many failed login attempts. Please wait %(minutes)s minute and try again.": (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(minutes)s Minute und versuchen Sie es dann erneut.",
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(minutes)s Minuten und versuchen Sie es dann erneut.",
    ),
    "Too many failed attempts. Please wait %(n)s second and try again.": (
        "Zu viele fehlgeschlagene Versuche. Bitte warten Sie %(n)s Sekunde und versuchen Sie es dann erneut.",
        "Zu viele fehlgeschlagene Versuche. Bitte warten Sie %(n)s Sekunden und versuchen Sie es dann erneut.",
    ),
    "Too many failed attempts. Please wait %(n)s minute and try again.": (
        "Zu viele fehlgeschlagene Versuche. Bitte warten Sie %(n)s Minute und versuchen Sie es dann erneut.",
        "Zu viele fehlgeschlagene Versuche. Bitte warten Sie %(n)s Minuten und versuchen Sie es dann erneut.",
    ),
    "There is %(unused_count)s out of %(total_count)s recovery codes available.": (
        "Es ist %(unused_count)s von %(total_count)s Wiederherstellungscodes verfügbar.",
        "Es sind %(unused_count)s von %(total_count)s Wiederherstellungscodes verfügbar.",
    ),
}
DE.update(
    {
        "Your account may edit this website. To protect the site administration, staff log in with a second factor. Confirm your password once more to set it up.": "Ihr Konto darf diese Website bearbeiten. Zum Schutz der Seitenverwaltung melden sich Mitarbeitende mit einem zweiten Faktor an. Bestätigen Sie bitte noch einmal Ihr Passwort, um ihn einzurichten.",
        "Enter your password:": "Geben Sie Ihr Passwort ein:",
        "Confirm": "Bestätigen",
        "Instead of an app you can also use a passkey or a security key (for example Windows Hello, Touch ID or a USB key):": "Statt einer App können Sie auch einen Passkey oder einen Sicherheitsschlüssel verwenden (zum Beispiel Windows Hello, Touch ID oder einen USB-Schlüssel):",
        "Add a passkey or security key": "Passkey oder Sicherheitsschlüssel hinzufügen",
        "Second factor: authenticator app, passkeys, recovery codes": "Zweiter Faktor: Authenticator-App, Passkeys, Wiederherstellungscodes",
    }
)
