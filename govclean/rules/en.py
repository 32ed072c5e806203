"""English government-site patterns, as data: chrome lines, label lines."""

CHROME = [
    ("skip", r"(?i)^\s*(skip to (the )?(main )?(content|navigation)|skip navigation|jump to (main )?content|back to top|top|return to top)\s*$"),
    ("official-banner", r"(?i)(an official website of the (united states|u\.s\.) government|here'?s how you know|official websites use \.gov|a \.gov website belongs to an official government organization|secure \.gov websites use https|share sensitive information only on official, secure websites|means you('|’)ve safely connected to the \.gov website|a lock \( a locked padlock \))"),
    ("cookies", r"(?i)(we use (some essential )?cookies|accept (all |additional )?cookies|reject (all |additional )?cookies|cookie (settings|preferences|policy)|you('|’)ve accepted (all )?(additional )?cookies|change your cookie settings|view cookies)"),
    ("feedback", r"(?i)^\s*(is this page useful\??|was this page (helpful|useful)\??|did you find what you were looking for\??|yes\s*no|report a problem with this page|help us improve gov\.uk|thank you for your feedback|give feedback|page feedback)\s*$"),
    ("share", r"(?i)^\s*(share( this page)?\s*:?|share (on|via) \w+|print( this page)?|email( this page)?|facebook\s*twitter(\s*email)?|tweet|print\s*/\s*pdf|bookmark)\s*$"),
    ("share", r"(?i)^\s*share this page:?"),
    ("javascript", r"(?i)(please enable javascript|javascript (is )?(disabled|required)|your browser does not support)"),
    ("footer", r"(?i)^\s*(privacy( policy)?|accessibility( statement)?|terms (of use|and conditions)|foia|no fear act( data)?|site map|sitemap|contact us|about us|vulnerability disclosure( policy)?|usa\.gov|inspector general|plain writing|budget and performance|copyright|crown copyright|open government licence)\s*$"),
    ("footer", r"(?i)(all content is available under the open government licence|© crown copyright|official guide to government information and services)"),
    ("nav-words", r"(?i)^\s*(menu|main navigation|close|search|home|español|en español|main menu|navigation|breadcrumb|sign in|log in|sign up|subscribe|expanded|current page|previous|next)\s*:?\s*$"),
    # a field name alone on its line, its value the lines below (`content:` in transcript files)
    ("empty-label", r"(?i)^\s*(content|body|text|article|full text)\s*[:：]\s*$"),
    ("toc", r"(?i)^\s*(on this page|in this section|contents|table of contents|jump to|in this article)\s*:?\s*$"),
    ("signup", r"(?i)(sign up (to|for) (receive )?(email )?updates|enter your email|subscribe to (our )?(newsletter|updates|email))"),
    ("help", r"(?i)^\s*(do you have a question\??|ask a real person any government-related question|talk to a live usa\.gov agent|web chat with a live usa\.gov agent|call 1-844-usa-?gov1.*|need help\??)\s*$"),
    ("visit", r"(?i)^\s*visit the next version of usa\.gov"),
    # a photo's credit line (never its caption): `Photo: Ann Lee, AP`, `Image copyright Getty Images`
    ("credit", r"(?i)^\s*[\[(]?\s*(?:(?:photo|photograph|image|picture|illustration|graphic)s?\s*(?:credit|copyright|courtesy(?: of)?)?\s*[:：]|(?:photo|photograph|image|picture)s? (?:by|courtesy of)\b|image copyright\b)"),
    # a teaser line set in the text: `Related: …`, `Read more: …`, `SEE MORE: …`, `Also on rt.com …`
    ("related-line", r"(?i)^\s*[\[(]?\s*(?:(?:related|read more|see more|read also|also read|don'?t miss)\s*[:：]|also on [\w.]+\.(?:com|org|net))\s*\S"),
    ("ad-label", r"(?i)^\s*(?:advertisement|advert|sponsored(?: content)?|continue reading(?: the main story| below)?|story continues below(?: advertisement)?|media playback is unsupported on your device|this slideshow requires javascript\.?)\s*$"),
    ("reading-time", r"(?i)^\s*\d+\s*(?:min|mins|minutes?)\.?\s*read\s*$"),
    ("follow", r"(?i)(?:^\s*(?:follow|like) (?:us|[\w.]+(?: [\w.]+)?) on (?:twitter|facebook|instagram|youtube|linkedin)|^\s*subscribe to [\w ]+ on youtube|sharing is caring|share it with a friend|^\s*click here to (?:subscribe|get|download)|\bby clicking here\s*$)"),
]

STRONG_CHROME = {"official-banner", "cookies", "javascript"}

LABEL_WORDS = [
    ("published", ["Published on", "Published", "Date published", "Posted on", "Posted",
                   "Release date", "Date", "Issued", "First published"]),
    ("updated", ["Last updated", "Page last reviewed", "Last reviewed", "Page last updated",
                 "Last modified", "Last Updated", "Updated"]),
    ("source", ["Source", "From"]),
    ("author", ["Author", "Written by", "By"]),
    # the page's own address, as text dumps and transcript files print it (`url: https://…`);
    # taken only when the value is an http(s) URL and the page names no other
    ("url", ["URL", "Web address", "Permalink"]),
]

# English labels never glue to the word before them.
GLUED_LABELS = set()

# (field, regex): the label words labels.label_line() reads (classifier and metadata alike).
LABELS = [(name, "(?:" + "|".join(words) + ")") for name, words in LABEL_WORDS]

TITLE_LABELS = ["Title", "Subject", "Headline"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['Comments', 'Comment', 'Leave a comment', 'Leave a reply', 'Add a comment', 'Join the discussion', 'Discussion', 'Responses', 'Replies']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['Related articles', 'Related posts', 'Related stories', 'Related content', 'You may also like', 'More from this author', 'Recommended for you', 'Read next', 'More stories', 'Related', 'Explore further', 'Most popular', 'Most viewed', 'Most read', 'Trending', 'Trending now', 'Trending news', 'Recommended', 'Recommended stories', 'Related coverage', 'More on this story', 'Also read']

# The commonest short words of English prose: language detection counts them.
STOPWORDS = frozenset("""
the of and to in is that for it as was with be by on not he this are or his from at which
but have an they you were her she there been has their its we will would can more if
""".split())
