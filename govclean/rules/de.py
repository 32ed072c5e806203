"""German site patterns (Germany, Austria, Switzerland), as data: chrome lines, labels, months, stopwords."""

# The commonest short words of German prose: language detection counts them.
STOPWORDS = frozenset("""
der die das und ist nicht mit von zu den des im ein eine auf für sich dem auch als es an
werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum wurde
oder nur vor zur bis mehr durch man sein wurden unter ich kann wir ihre keine
""".split())

CHROME = [
    ("skip", r"(?i)^\s*(zum (haupt)?inhalt( springen| wechseln)?|direkt zum inhalt|zur navigation( springen)?|zur suche( springen)?|inhalt überspringen|springe zum (haupt)?inhalt|sprungmarken?|nach oben( scrollen)?|zum seitenanfang|seitenanfang)\s*$"),
    ("cookies", r"(?i)(wir (verwenden|nutzen) cookies|diese (web)?seite (verwendet|nutzt) cookies|cookie-?(einstellungen|hinweis|richtlinie)|alle cookies (akzeptieren|ablehnen)|cookies (akzeptieren|zulassen|ablehnen)|datenschutzeinstellungen)"),
    ("print-close", r"(?i)^\s*(seite drucken|drucken|druckversion|druckansicht|als pdf (speichern|herunterladen)|fenster schließen)\s*$"),
    ("share", r"(?i)^\s*(teilen|seite teilen|artikel teilen|diese seite teilen|teilen auf \w+|per e-?mail (teilen|versenden)|link kopieren|empfehlen|merken)\s*:?\s*$"),
    ("footer", r"(?i)^\s*(impressum|datenschutz(erklärung|hinweise)?|barrierefreiheit(serklärung)?|erklärung zur barrierefreiheit|leichte sprache|gebärdensprache|sitemap|inhaltsverzeichnis der seite|kontakt|kontaktformular|nutzungsbedingungen|rechtliche hinweise|haftungsausschluss|presse|karriere|newsletter|rss|a-z|hilfe)(\s*[|·•]\s*(impressum|datenschutz(erklärung)?|barrierefreiheit|leichte sprache|gebärdensprache|sitemap|kontakt))*\s*$"),
    ("nav-words", r"(?i)^\s*(startseite|home|menü|hauptmenü|navigation|suche|suchen|schließen|zurück|weiter|mehr|mehr anzeigen|alle anzeigen|anmelden|abmelden|registrieren|sprache wählen|sprachauswahl|english|deutsch|français)\s*:?\s*$"),
    ("breadcrumb", r"(?i)^\s*(sie (sind|befinden sich) (hier|auf)|aktuelle seite|pfadnavigation|brotkrumen)\s*:"),
    ("toc", r"(?i)^\s*(inhaltsverzeichnis|inhalt|auf dieser seite|in diesem artikel)\s*:?\s*$"),
    ("feedback", r"(?i)^\s*(war diese seite hilfreich\??|ist diese seite hilfreich\??|haben sie einen fehler gefunden\??|feedback geben|fehler melden)\s*$"),
    ("updated-line", r"(?i)^\s*(zuletzt (aktualisiert|geändert)|letzte (änderung|aktualisierung)|stand)\s*:?\s*\d"),
    ("contact", r"(?i)^\s*(telefon|tel\.|fax|e-?mail|anschrift|postanschrift|besucheradresse)\s*:"),
    ("footer-id", r"(?i)(alle rechte vorbehalten|©\s*\d{4})"),
    # authority-site furniture (Bund, Länder, Gemeinden, Austrian and Swiss offices)
    ("skip", r"(?i)^\s*(navigation überspringen|hauptnavigation|servicenavigation|metanavigation|bereichsnavigation|zurück zur (übersicht|startseite|liste)|zur übersicht)\s*$"),
    ("cookies", r"(?i)^\s*(alle akzeptieren|alle ablehnen|nur (notwendige|essenzielle) cookies( akzeptieren)?|auswahl (speichern|bestätigen)|einstellungen speichern)\s*$"),
    ("print-close", r"(?i)^\s*(artikel drucken|seite (weiter)?empfehlen|seite vorlesen|vorlesen|text vorlesen)\s*$"),
    ("toolbar", r"(?i)^\s*(kontrast|schriftgröße|schrift (vergrößern|verkleinern)|a\s*a\s*a|suchbegriff eingeben|newsletter abonnieren|rss-?feed|social media|folgen sie uns( auf \w+)?|häufig gesucht|mehr erfahren)\s*:?\s*$"),
    ("credit", r"(?i)^\s*(bildnachweis|bildquelle|foto|fotos|bild|grafik)\s*:\s*\S.{0,80}$"),
]
STRONG_CHROME = {"cookies"}

LABEL_WORDS = [
    ("published", ["Veröffentlicht am", "Veröffentlicht", "Erschienen am", "Erstellt am", "Datum", "Publiziert"]),
    ("updated", ["Zuletzt aktualisiert", "Aktualisiert am", "Aktualisiert", "Letzte Änderung", "Stand"]),
    ("author", ["Autor", "Autorin", "Von"]),
    ("source", ["Quelle"]),
]
GLUED_LABELS = set()

MONTHS = {"januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3,
          "mär": 3, "maerz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
          "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
          "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12}

TITLE_LABELS = ["Titel", "Überschrift"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Kommentare', 'Kommentar schreiben', 'Leserkommentare', 'Diskussion']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Ähnliche Artikel', 'Mehr zum Thema', 'Das könnte Sie auch interessieren', 'Weitere Artikel', 'Verwandte Themen', 'Mehr von']
