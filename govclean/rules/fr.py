"""French site patterns (France, Belgium, Switzerland, Canada), as data: chrome lines, labels, months, stopwords."""

STOPWORDS = frozenset("""
le la les de des du et est un une en que qui dans pour pas par sur au aux avec ce ces se
sont il elle ont été ne plus son sa ses leur mais ou nous vous cette être comme fait aussi
""".split())

CHROME = [
    ("skip", r"(?i)^\s*(aller (directement )?au (contenu|menu)( principal)?|passer au contenu( principal)?|accéder au contenu|aller à la recherche|aller au pied de page|retour en haut( de (la )?page)?|haut de page|évitement)\s*$"),
    ("cookies", r"(?i)(nous utilisons (des )?cookies|ce site utilise des cookies|(accepter|refuser) (tous les |les )?cookies|gestion des cookies|paramétrer les cookies|tout accepter|tout refuser|vos préférences (en matière de )?cookies)"),
    ("print-close", r"(?i)^\s*(imprimer( (la|cette) page)?|version imprimable|télécharger (le )?pdf|fermer)\s*$"),
    ("share", r"(?i)^\s*(partager( (la|cette) page| sur \w+| par e-?mail)?|envoyer par e-?mail|copier le lien)\s*:?\s*$"),
    ("footer", r"(?i)^\s*(mentions légales|données personnelles|politique de confidentialité|accessibilité(\s*:.*)?|plan du site|contact(ez-nous)?|nous contacter|conditions (générales )?d'utilisation|gestion des cookies|aide|presse|recrutement|flux rss)(\s*[|·•]\s*(mentions légales|données personnelles|accessibilité|plan du site|contact))*\s*$"),
    ("nav-words", r"(?i)^\s*(accueil|menu|menu principal|navigation|rechercher|recherche|fermer|précédent|suivant|voir plus|lire la suite|tout voir|se connecter|connexion|s'inscrire|choisir la langue|english)\s*:?\s*$"),
    ("breadcrumb", r"(?i)^\s*(vous êtes ici|fil d'ariane)\s*:"),
    ("toc", r"(?i)^\s*(sommaire|table des matières|sur cette page|dans cet article)\s*:?\s*$"),
    ("feedback", r"(?i)^\s*(cette page vous a-t-elle été utile\s*\??|cette information vous a-t-elle été utile\s*\??|signaler une erreur|donnez votre avis)\s*$"),
    ("updated-line", r"(?i)^\s*(mis à jour( le)?|dernière mise à jour( le)?|modifié le)\s*:?\s*\d"),
    ("contact", r"(?i)^\s*(téléphone|tél\.?|fax|courriel|e-?mail|adresse)\s*:"),
    ("footer-id", r"(?i)(tous droits réservés|©\s*\d{4})"),
]
STRONG_CHROME = {"cookies"}

LABEL_WORDS = [
    ("published", ["Publié le", "Publié", "Date de publication", "Paru le", "Date"]),
    ("updated", ["Mis à jour le", "Mis à jour", "Dernière mise à jour", "Modifié le"]),
    ("author", ["Auteur", "Auteure", "Par"]),
    ("source", ["Source"]),
]
GLUED_LABELS = set()

MONTHS = {"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fév": 2, "mars": 3,
          "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8,
          "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
          "decembre": 12, "déc": 12}

TITLE_LABELS = ["Titre"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Commentaires', 'Réactions', 'Laisser un commentaire', 'Vos réactions']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Articles similaires', 'À lire aussi', 'Sur le même sujet', 'Lire aussi', 'Articles liés', 'Du même auteur']
