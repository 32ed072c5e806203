"""Dutch site patterns (Netherlands, Flanders), as data: chrome lines, labels, months, stopwords."""

STOPWORDS = frozenset("""
de het een en van in is dat op te zijn met voor niet aan er die ook als bij door maar om
uit dan wordt worden naar nog wel over hij ze kan deze dit heeft werd tot
""".split())

CHROME = [
    ("skip", r"(?i)^\s*(naar (de )?(hoofd)?inhoud( gaan)?|ga (direct )?naar (de )?(hoofd)?inhoud|direct naar|overslaan en naar (de )?inhoud|naar boven|terug naar boven)\s*$"),
    ("cookies", r"(?i)(wij gebruiken cookies|we gebruiken cookies|deze (web)?site gebruikt cookies|(cookies )?(accepteren|weigeren)|cookie-?(instellingen|beleid|verklaring))"),
    ("print-close", r"(?i)^\s*(print( deze pagina)?|afdrukken|download pdf|sluiten)\s*$"),
    ("share", r"(?i)^\s*(delen( op \w+| via e-?mail)?|deel (deze pagina|dit artikel)|link kopiëren)\s*:?\s*$"),
    ("footer", r"(?i)^\s*(colofon|privacy(verklaring)?|toegankelijkheid(sverklaring)?|sitemap|contact|contactformulier|disclaimer|copyright|over deze site|kwetsbaarheid melden|cookies|help)(\s*[|·•]\s*(colofon|privacy|toegankelijkheid|sitemap|contact|disclaimer))*\s*$"),
    ("nav-words", r"(?i)^\s*(home|menu|hoofdmenu|navigatie|zoeken|sluiten|vorige|volgende|meer|lees meer|toon alles|inloggen|uitloggen|taal|english)\s*:?\s*$"),
    ("breadcrumb", r"(?i)^\s*(u bent hier|je bent hier|kruimelpad)\s*:"),
    ("toc", r"(?i)^\s*(inhoudsopgave|op deze pagina|in dit artikel)\s*:?\s*$"),
    ("feedback", r"(?i)^\s*(was deze informatie nuttig\s*\??|heeft deze pagina u geholpen\s*\??|fout gevonden\??)\s*$"),
    ("updated-line", r"(?i)^\s*(laatst (gewijzigd|bijgewerkt)|bijgewerkt( op)?)\s*:?\s*\d"),
    ("contact", r"(?i)^\s*(telefoon|tel\.|fax|e-?mail|adres|postadres|bezoekadres)\s*:"),
    ("footer-id", r"(?i)(alle rechten voorbehouden|©\s*\d{4})"),
]
STRONG_CHROME = {"cookies"}

LABEL_WORDS = [
    ("published", ["Gepubliceerd op", "Gepubliceerd", "Publicatiedatum", "Datum"]),
    ("updated", ["Laatst gewijzigd", "Laatst bijgewerkt", "Bijgewerkt op", "Gewijzigd op"]),
    ("author", ["Auteur"]),
    ("source", ["Bron"]),
]
GLUED_LABELS = set()

MONTHS = {"januari": 1, "februari": 2, "maart": 3, "mrt": 3, "april": 4, "mei": 5, "juni": 6,
          "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}

TITLE_LABELS = ["Titel"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Reacties', 'Reageer', 'Plaats een reactie']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Gerelateerde artikelen', 'Lees ook', 'Meer over dit onderwerp', 'Ook interessant']
