"""Korean site patterns, as data: chrome lines, labels."""

STOPWORDS = frozenset()  # told apart by its script (Hangul), not by words

CHROME = [
    ("skip", r"^\s*(본문\s*바로\s*가기|본문으로\s*(바로\s*)?가기|주\s*메뉴\s*바로\s*가기|메뉴\s*바로\s*가기|맨\s*위로|위로\s*가기|top)\s*$"),
    ("cookies", r"(쿠키를\s*사용|쿠키\s*(정책|설정))"),
    ("print-close", r"^\s*(인쇄(하기)?|프린트|닫기|PDF\s*다운로드)\s*$"),
    ("share", r"^\s*(공유(하기)?|SNS\s*공유|페이스북|트위터|카카오톡|카카오스토리|URL\s*복사|링크\s*복사)\s*$"),
    ("footer", r"^\s*(개인정보\s*처리\s*방침|개인정보처리방침|저작권\s*정책|이용\s*약관|이메일\s*무단\s*수집\s*거부|웹\s*접근성(\s*정책)?|사이트\s*맵|사이트맵|찾아오시는\s*길|오시는\s*길|고객센터|누리집\s*안내)(\s*[|·]\s*(개인정보처리방침|저작권정책|이용약관|사이트맵|찾아오시는 길))*\s*$"),
    ("nav-words", r"^\s*(홈|메뉴|전체\s*메뉴|검색|닫기|이전|다음|더\s*보기|목록|로그인|회원가입|English|글자\s*크기|확대|축소)\s*[:：]?\s*$"),
    ("breadcrumb", r"^\s*(현재\s*위치|홈\s*[>＞›])"),
    ("feedback", r"^\s*(이\s*페이지에서\s*제공하는\s*정보에\s*대하여\s*만족하십니까\??|만족도\s*조사|콘텐츠\s*만족도)\s*"),
    ("contact", r"^\s*(전화(번호)?|팩스|이메일|주소|담당\s*부서|담당자)\s*[:：]"),
    ("footer-id", r"(All Rights Reserved|©\s*\d{4}|Copyright)"),
]
STRONG_CHROME = set()

LABEL_WORDS = [
    ("published", ["등록일", "작성일", "게시일", "발행일"]),
    ("updated", ["수정일", "최종 수정일"]),
    ("author", ["작성자", "글쓴이", "기자"]),
    ("source", ["출처"]),
]
GLUED_LABELS = set()

TITLE_LABELS = ["제목"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['댓글']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['관련 기사', '관련기사', '많이 본 뉴스', '이 기사와 관련된 기사']
