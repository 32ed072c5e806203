"""Japanese site patterns, as data: chrome lines, labels, era names."""

STOPWORDS = frozenset()  # told apart by its script (kana), not by words

CHROME = [
    ("skip", r"^\s*(本文へ(移動|スキップ)?|本文へジャンプ|メニューへ(移動)?|ナビゲーションへ|ページの(先頭|トップ)へ(戻る)?|ページトップへ|トップへ戻る)\s*$"),
    ("cookies", r"(クッキー|Cookie)(を(使用|利用)|の(使用|利用)|ポリシー|設定)"),
    ("print-close", r"^\s*(印刷(する|用ページ)?|このページを印刷する|閉じる|PDF(版)?をダウンロード)\s*$"),
    ("share", r"^\s*(シェア(する)?|共有(する)?|ツイート|このページをシェアする|このページを共有)\s*[:：]?\s*$"),
    ("footer", r"^\s*(サイトマップ|プライバシーポリシー|個人情報(の取り扱い|保護方針)|ウェブアクセシビリティ(方針)?|アクセシビリティ|利用規約|このサイトについて|サイトの利用について|お問い合わせ|お問合せ|リンク集|免責事項|著作権)(\s*[|｜・]\s*(サイトマップ|プライバシーポリシー|アクセシビリティ|利用規約|お問い合わせ))*\s*$"),
    ("nav-words", r"^\s*(ホーム|トップページ|メニュー|検索|閉じる|前へ|次へ|もっと見る|一覧へ|ログイン|English|文字サイズ|文字の大きさ|背景色|拡大|標準|縮小)\s*[:：]?\s*$"),
    ("breadcrumb", r"^\s*(現在(の)?位置|現在地|ホーム\s*[>＞›])"),
    ("updated-line", r"^\s*(更新日|最終更新日|掲載日|ページ番号)\s*[:：]?\s*"),
    ("contact", r"^\s*(電話(番号)?|ファクス|ファックス|FAX|メール|住所|所在地)\s*[:：]"),
    ("footer-id", r"(All Rights Reserved|©\s*\d{4}|Copyright)"),
    ("feedback", r"^\s*(このページの情報は役に立ちましたか[？?]?|このページに関するアンケート|より良いウェブサイトにするために)\s*$"),
]
STRONG_CHROME = set()

LABEL_WORDS = [
    ("published", ["公開日", "掲載日", "発行日", "投稿日", "登録日"]),
    ("updated", ["最終更新日", "更新日"]),
    ("author", ["著者", "筆者"]),
    ("source", ["出典", "出所"]),
]
GLUED_LABELS = {"公開日", "掲載日", "発行日", "投稿日", "最終更新日", "更新日"}

# Japanese eras: the Gregorian year before each era's first (令和元年 = 2019).
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}

TITLE_LABELS = ["タイトル", "件名"]

# Headings that open a comment thread: the thread and what follows is not the article.
THREAD_HEADINGS = ['コメント', 'コメントを書く']
# Headings of related-article lists: chrome themselves (their links are chrome by density).
RELATED_HEADINGS = ['関連記事', '関連リンク', 'この記事を読んだ人はこちらも', 'おすすめ記事', '人気記事']
