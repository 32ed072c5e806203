"""Spanish site patterns (Spain, Latin America), as data: chrome lines, labels, months, stopwords."""

STOPWORDS = frozenset("""
el la los las de del y que en un una es por con para no se su sus al lo como más pero le
ha son fue este esta entre cuando muy sin sobre también ya o hay desde está todo nos
""".split())

CHROME = [
    ("skip", r"(?i)^\s*(ir al contenido( principal)?|saltar al contenido( principal)?|saltar a la navegación|pasar al contenido principal|volver arriba|ir arriba|subir)\s*$"),
    ("cookies", r"(?i)(utilizamos cookies|este sitio (web )?utiliza cookies|usamos cookies|(aceptar|rechazar) (todas las |las )?cookies|política de cookies|configuración de cookies|configurar cookies)"),
    ("print-close", r"(?i)^\s*(imprimir( (esta )?página)?|versión para imprimir|descargar pdf|cerrar)\s*$"),
    ("share", r"(?i)^\s*(compartir( en \w+| esta página| por correo)?|enviar por correo|copiar enlace)\s*:?\s*$"),
    ("footer", r"(?i)^\s*(aviso legal|política de privacidad|protección de datos|accesibilidad|mapa (del sitio|web)|contacto|contáctenos|contacta con nosotros|términos y condiciones|condiciones de uso|ayuda|prensa|rss)(\s*[|·•]\s*(aviso legal|política de privacidad|accesibilidad|mapa del sitio|contacto))*\s*$"),
    ("nav-words", r"(?i)^\s*(inicio|menú|menú principal|navegación|buscar|búsqueda|cerrar|anterior|siguiente|ver más|leer más|iniciar sesión|registrarse|idioma|english)\s*:?\s*$"),
    ("breadcrumb", r"(?i)^\s*(usted está en|se encuentra en|está en)\s*:"),
    ("toc", r"(?i)^\s*(índice|contenido|en esta página|tabla de contenidos)\s*:?\s*$"),
    ("feedback", r"(?i)^\s*(¿le ha resultado útil esta página\?|¿te ha sido útil\?|¿esta página le ha sido útil\?|notificar un error)\s*$"),
    ("updated-line", r"(?i)^\s*(actualizado( el)?|última actualización|fecha de actualización)\s*:?\s*\d"),
    ("contact", r"(?i)^\s*(teléfono|tel\.|fax|correo electrónico|e-?mail|dirección)\s*:"),
    ("footer-id", r"(?i)(todos los derechos reservados|©\s*\d{4})"),
]
STRONG_CHROME = {"cookies"}

LABEL_WORDS = [
    ("published", ["Publicado el", "Publicado", "Fecha de publicación", "Fecha"]),
    ("updated", ["Actualizado el", "Actualizado", "Última actualización", "Modificado"]),
    ("author", ["Autor", "Autora", "Por"]),
    ("source", ["Fuente"]),
]
GLUED_LABELS = set()

MONTHS = {"enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
          "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
          "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12}

TITLE_LABELS = ["Título"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Comentarios', 'Deja un comentario', 'Deja tu comentario']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Artículos relacionados', 'Noticias relacionadas', 'Te puede interesar', 'También te puede interesar', 'Más noticias', 'Lo más leído']
