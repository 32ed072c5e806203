"""Small synthetic government pages for batch tests: one site template, varied bodies."""
from __future__ import annotations

from pathlib import Path

# Characters the synthetic bodies are written with (any CJK text would do).
WORDS = ("会议 强调 推进 工作 落实 责任 群众 服务 发展 建设 安全 生产 防汛 教育 医疗 "
         "交通 环境 治理 改革 创新 项目 资金 保障 监督 检查 统筹 部署 提升 质量 效率").split()

TEMPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_示例市人民政府</title>
<meta name="SiteName" content="示例市人民政府"><meta name="SiteIDCode" content="3300000001">
<meta name="PubDate" content="2024-03-{day:02d} 09:30"></head>
<body>
<div class="top"><a href="/">首页</a> <a href="/old">长辈版</a> <a href="/wza">无障碍</a></div>
<div class="nav"><ul><li><a href="/a">政务公开</a></li><li><a href="/b">政务服务</a></li>
<li><a href="/c">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务动态</a></div>
<h1>{title}</h1>
<div class="info">发布时间：2024-03-{day:02d} 09:30　来源：示例市{source}　字号：[大 中 小]</div>
<div class="content">{body}</div>
<div class="share">【打印本页】【关闭窗口】</div>
<div class="footer">主办单位：示例市人民政府办公室 政府网站标识码：3300000001 浙ICP备12345678号</div>
</body></html>
"""


def sentence(n: int, i: int) -> str:
    words = [WORDS[(n * 7 + i * 3 + k * k) % len(WORDS)] for k in range(14)]
    return f"第{n}号通知第{i}段，" + "，".join(words) + "，确保各项任务按期完成。"


def page(n: int, paragraphs: int = 4) -> str:
    body = "".join(f"<p>{sentence(n, i)}</p>" for i in range(paragraphs))
    return TEMPLATE.format(title=f"示例市召开第{n}次专题工作会议", day=1 + n % 28,
                           source=WORDS[n % len(WORDS)] + "局", body=body)


def write_pages(folder: Path, count: int, paragraphs: int = 4, start: int = 0) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        sub = folder / f"s{n % 3}"
        sub.mkdir(exist_ok=True)
        path = sub / f"p{n:04d}.html"
        path.write_text(page(n, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def tree(folder: Path) -> dict:
    """Relative path -> bytes of every file below folder, the index folder left out."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".govclean" not in p.parts}
