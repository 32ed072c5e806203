"""Portuguese site patterns (Brazil, Portugal), as data: chrome lines, labels, months, stopwords."""

STOPWORDS = frozenset("""
o a os as de do da dos das e é que em um uma para com não no na nos nas por se mais ao
como mas foi ele ela sua seu são também já ou quando muito pelo pela está isso entre
""".split())

CHROME = [
    ("skip", r"(?i)^\s*(ir para o conteúdo( principal)?|pular para o conteúdo( principal)?|saltar para o conteúdo|ir para o menu|ir para a busca|voltar ao topo|topo)\s*$"),
    ("cookies", r"(?i)(utilizamos cookies|usamos cookies|este site (usa|utiliza) cookies|(aceitar|rejeitar|recusar) (todos os |os )?cookies|política de cookies|configurações de cookies)"),
    ("print-close", r"(?i)^\s*(imprimir( (esta )?página)?|versão para impressão|baixar pdf|fechar)\s*$"),
    ("share", r"(?i)^\s*(compartilhar( no \w+| esta página)?|partilhar|enviar por e-?mail|copiar link)\s*:?\s*$"),
    ("footer", r"(?i)^\s*(aviso legal|política de privacidade|privacidade|acessibilidade|mapa do site|fale conosco|contato|contacto|contactos|termos de uso|ajuda|expediente|imprensa)(\s*[|·•]\s*(política de privacidade|acessibilidade|mapa do site|contato))*\s*$"),
    ("nav-words", r"(?i)^\s*(início|página inicial|menu|menu principal|navegação|buscar|pesquisar|busca|fechar|anterior|próximo|seguinte|ver mais|leia mais|entrar|cadastre-se|idioma|english)\s*:?\s*$"),
    ("breadcrumb", r"(?i)^\s*(você está aqui|está aqui|localização)\s*:"),
    ("toc", r"(?i)^\s*(índice|sumário|nesta página|neste artigo)\s*:?\s*$"),
    ("feedback", r"(?i)^\s*(esta página foi útil\s*\??|o conteúdo foi útil\s*\??|reportar erro)\s*$"),
    ("updated-line", r"(?i)^\s*(atualizado( em)?|última atualização|modificado em)\s*:?\s*\d"),
    ("contact", r"(?i)^\s*(telefone|tel\.|fax|e-?mail|endereço|morada)\s*:"),
    ("footer-id", r"(?i)(todos os direitos reservados|©\s*\d{4})"),
]
STRONG_CHROME = {"cookies"}

LABEL_WORDS = [
    ("published", ["Publicado em", "Publicado", "Data de publicação"]),
    ("updated", ["Atualizado em", "Atualizado", "Última atualização", "Modificado em"]),
    ("author", ["Autor", "Autora", "Por"]),
    ("source", ["Fonte"]),
]
GLUED_LABELS = set()

MONTHS = {"janeiro": 1, "jan": 1, "fevereiro": 2, "fev": 2, "março": 3, "marco": 3, "abril": 4,
          "maio": 5, "junho": 6, "julho": 7, "agosto": 8, "setembro": 9, "set": 9,
          "outubro": 10, "out": 10, "novembro": 11, "dezembro": 12, "dez": 12}

TITLE_LABELS = ["Título"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Comentários', 'Deixe um comentário', 'Deixe seu comentário']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Notícias relacionadas', 'Leia também', 'Veja também', 'Matérias relacionadas', 'Mais lidas']
