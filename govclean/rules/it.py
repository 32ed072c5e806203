"""Italian site patterns, as data: chrome lines, labels, months, stopwords."""

STOPWORDS = frozenset("""
il lo la i gli le di del della dei delle e è che in un una per con non si da al alla sono
come ma anche più nel nella questo questa ha ad o se tra dopo essere stato sul sulla
""".split())

CHROME = [
    ("skip", r"(?i)^\s*(vai al contenuto( principale)?|salta al contenuto( principale)?|vai alla navigazione|vai al menu|torna su|torna in alto|inizio pagina)\s*$"),
    ("cookies", r"(?i)(utilizziamo (i )?cookie|questo sito (web )?utilizza (i )?cookie|(accetta|rifiuta) (tutti i )?cookie|informativa (sui )?cookie|impostazioni (dei )?cookie|cookie policy)"),
    ("print-close", r"(?i)^\s*(stampa( (questa )?pagina)?|versione stampabile|scarica (il )?pdf|chiudi)\s*$"),
    ("share", r"(?i)^\s*(condividi( su \w+| questa pagina)?|invia per e-?mail|copia (il )?link)\s*:?\s*$"),
    ("footer", r"(?i)^\s*(note legali|privacy( policy)?|informativa (sulla )?privacy|accessibilità|dichiarazione di accessibilità|mappa del sito|contatti|contattaci|termini (e condizioni|d'uso)|aiuto|credits|trasparenza|amministrazione trasparente)(\s*[|·•]\s*(note legali|privacy|accessibilità|mappa del sito|contatti))*\s*$"),
    ("nav-words", r"(?i)^\s*(home|menu|menu principale|navigazione|cerca|ricerca|chiudi|precedente|successivo|leggi (di )?più|mostra tutto|accedi|registrati|lingua|english)\s*:?\s*$"),
    ("breadcrumb", r"(?i)^\s*(ti trovi in|sei in|percorso)\s*:"),
    ("toc", r"(?i)^\s*(indice|sommario|in questa pagina|contenuti)\s*:?\s*$"),
    ("feedback", r"(?i)^\s*(questa pagina ti è stata utile\s*\??|quanto sei soddisfatto|segnala un errore)\s*$"),
    ("updated-line", r"(?i)^\s*(aggiornato( il)?|ultimo aggiornamento|ultima modifica)\s*:?\s*\d"),
    ("contact", r"(?i)^\s*(telefono|tel\.|fax|e-?mail|pec|indirizzo)\s*:"),
    ("footer-id", r"(?i)(tutti i diritti riservati|p\.\s*iva|©\s*\d{4})"),
]
STRONG_CHROME = {"cookies"}

LABEL_WORDS = [
    ("published", ["Pubblicato il", "Pubblicato", "Data di pubblicazione"]),
    ("updated", ["Aggiornato il", "Aggiornato", "Ultimo aggiornamento", "Ultima modifica"]),
    ("author", ["Autore", "Autrice"]),
    ("source", ["Fonte"]),
]
GLUED_LABELS = set()

MONTHS = {"gennaio": 1, "gen": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "mag": 5,
          "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "agosto": 8, "settembre": 9, "set": 9,
          "ottobre": 10, "ott": 10, "novembre": 11, "dicembre": 12, "dic": 12}

TITLE_LABELS = ["Titolo"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Commenti', 'Lascia un commento']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Articoli correlati', 'Potrebbe interessarti', 'Leggi anche', 'Ti potrebbe interessare', 'Altri articoli']
