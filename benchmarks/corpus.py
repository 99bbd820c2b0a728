"""A deterministic generator of realistic French news posts for the benchmarks.

Nothing is downloaded: the text is the example site's own posts
(``example_site/content``), cut into sentences and recombined. Each generated
post draws its sentences from every example post at once (so sentences are
shuffled across posts), groups them into paragraphs, and gets a title, a
date, a category, tags, authors and sometimes a summary, like a wire story:

- lengths vary around 300-800 words (a triangular draw, most near 450);
- about a third of the posts repeat one or two of their paragraphs later on,
  exactly or with a typographic variant (the copy/paste artefact dedup is
  for); some quote a sentence in a block quote, some have intertitles, a few
  carry a code block (the security post's shell session);
- numbers are redrawn in about half the sentences so posts do not all share
  the same figures, and half the posts are written with straight quotes and
  apostrophes (``"..."``, ``'``), the other half with French ones;
- about 1 % of the posts are short English pieces (``Lang: en``), which the
  entity stage skips, as on a real French site with a few translated wires.

Post ``i`` depends only on ``(seed, i)``, so the first 200 posts of a
1,000-post corpus are the 200-post corpus.

    >>> posts = generate_posts(3, seed=1)
    >>> [p.slug for p in posts]
    ['bench-00000', 'bench-00001', 'bench-00002']
    >>> posts[0].markdown() == generate_posts(1, seed=1)[0].markdown()
    True
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO / "example_site" / "content"

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("M.", "Mme.", "MM.", "Dr.", "St.", "av.", "J.-C.", "p.", "etc.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀÂÇÉÈÊÎÔÙÛ])")
_NUMBER = re.compile(r"(?<![\w.,:/-])\d+(?:[.,]\d+)?(?![\w.:/-])")
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass
class SourcePost:
    """One example post, cut into blocks."""

    meta: dict[str, str]
    paragraphs: list[str]  # prose paragraphs
    code_blocks: list[str]  # indented or fenced code, with their surrounding line
    lang: str


@dataclass
class Pool:
    """Everything the generator draws from."""

    sentences: list[str]  # French prose sentences
    quotes: list[str]  # French sentences holding a quotation
    english: list[str]
    code_blocks: list[str]
    titles: list[str]
    categories: list[str]
    tags: list[str]
    authors: list[str]

    @property
    def words(self) -> int:
        return sum(len(s.split()) for s in self.sentences)


@dataclass
class Post:
    """One generated post."""

    index: int
    title: str
    slug: str
    date: datetime
    category: str
    tags: list[str]
    authors: list[str]
    blocks: list[str]  # Markdown blocks, joined by blank lines
    summary: str | None = None
    lang: str | None = None
    features: dict[str, int] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    @property
    def words(self) -> int:
        return len(self.body.split())

    def markdown(self) -> str:
        """The post as a Pelican Markdown file (metadata header, blank line, body)."""
        head = [
            f"Title: {self.title}",
            f"Date: {self.date:%Y-%m-%d %H:%M}",
            f"Category: {self.category}",
            f"Tags: {', '.join(self.tags)}",
            f"Authors: {'; '.join(self.authors)}",
            f"Slug: {self.slug}",
        ]
        if self.lang:
            head.append(f"Lang: {self.lang}")
        if self.summary:
            head.append(f"Summary: {self.summary}")
        return "\n".join(head) + "\n\n" + self.body


# --------------------------------------------------------------------------
# Reading the example posts
# --------------------------------------------------------------------------


def _read_source(path: Path) -> SourcePost:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    paragraphs: list[str] = []
    code_blocks: list[str] = []
    blocks = re.split(r"\n\s*\n", body.strip())
    i = 0
    while i < len(blocks):
        block = blocks[i].strip("\n")
        if block.startswith(("    ", "\t", "```")):
            # A code block: keep it with the prose line that introduces it.
            intro = paragraphs.pop() if paragraphs and paragraphs[-1].endswith(":") else ""
            code_blocks.append((intro + "\n\n" if intro else "") + block)
        elif block.startswith("#"):
            pass  # intertitles are made from sentences instead
        else:
            paragraphs.append(" ".join(block.split()))
        i += 1
    return SourcePost(meta, paragraphs, code_blocks, meta.get("lang", "fr"))


def _balanced(text: str) -> bool:
    return (
        text.count("«") == text.count("»")
        and text.count('"') % 2 == 0
        and (text.count("“") == text.count("”"))
    )


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; never cuts inside a quotation or after ``M.``.

    >>> split_sentences("M. Dupont est là. « Oui. Non », dit-il. Fin !")
    ['M. Dupont est là.', '« Oui. Non », dit-il.', 'Fin !']
    """
    pieces = _SENTENCE_END.split(paragraph)
    sentences: list[str] = []
    current = ""
    for piece in pieces:
        current = f"{current} {piece}" if current else piece
        if not _balanced(current):
            continue
        if current.endswith(_ABBREVIATIONS) or re.search(r"(?:^|\s)[A-Z]\.$", current):
            continue
        sentences.append(current)
        current = ""
    if current:
        sentences.append(current)
    return sentences


def _is_quote(sentence: str) -> bool:
    return ("«" in sentence or sentence.count('"') >= 2 or "“" in sentence) and len(
        sentence.split()
    ) >= 8


@lru_cache(maxsize=1)
def load_pool(source_dir: str = str(SOURCE_DIR)) -> Pool:
    """The sentences, titles and metadata of the example site's posts."""
    # Posts only (the top folder): the pages are about the site, not news.
    sources = [_read_source(p) for p in sorted(Path(source_dir).glob("*.md"))]
    french: dict[str, None] = {}
    english: dict[str, None] = {}
    code: list[str] = []
    titles, categories, tags, authors = [], {}, {}, {}
    for source in sources:
        target = english if source.lang.startswith("en") else french
        for paragraph in source.paragraphs:
            for sentence in split_sentences(paragraph):
                # Near-identical copies in the sources (quote style, "(AFP)")
                # would make unintended repeats: keep the first of each.
                key = _fold_key(sentence)
                if key not in {_fold_key(s) for s in target}:
                    target[sentence] = None
        code.extend(source.code_blocks)
        if source.lang.startswith("en"):
            continue
        if "title" in source.meta and "date" in source.meta:
            titles.append(source.meta["title"])
        if "category" in source.meta:
            categories[source.meta["category"]] = None
        for tag in source.meta.get("tags", "").split(","):
            if tag.strip():
                tags[tag.strip()] = None
        for author in re.split(r"[;,]", source.meta.get("authors", "")):
            if author.strip():
                authors[author.strip()] = None
    sentences = [s for s in french if len(s.split()) >= 4]
    return Pool(
        sentences=sentences,
        quotes=[s for s in sentences if _is_quote(s)],
        english=list(english),
        code_blocks=code,
        titles=titles,
        categories=list(categories),
        tags=list(tags),
        authors=list(authors),
    )


def _fold_key(sentence: str) -> str:
    words = re.findall(r"\w+", sentence.lower())
    return " ".join(w for w in words if w not in {"afp"})


# --------------------------------------------------------------------------
# Recombining
# --------------------------------------------------------------------------


def _redraw_numbers(sentence: str, rng: random.Random) -> str:
    """Change the figures of a sentence, keeping their shape (2,3 -> 4,1; 2023 -> 2019)."""

    def replace(match: re.Match[str]) -> str:
        text = match.group(0)
        if match.string[match.end() :].lstrip().startswith(_MONTHS):
            return str(rng.randint(1, 28))  # a day of the month
        if len(text) == 4 and text.isdigit() and text[:2] in {"19", "20"}:
            return str(rng.randint(2015, 2025))
        out = []
        for i, ch in enumerate(text):
            if ch.isdigit():
                out.append(str(rng.randint(1 if i == 0 else 0, 9)))
            else:
                out.append(ch)
        return "".join(out)

    return _NUMBER.sub(replace, sentence)


def _straight(text: str) -> str:
    """The same text typed on a plain keyboard: straight quotes and apostrophes."""
    text = re.sub(r"«\s*", '"', text)
    text = re.sub(r"\s*»", '"', text)
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


def _french(text: str) -> str:
    """The same text with French guillemets and curly apostrophes (not the spaces)."""
    text = re.sub(r'"([^"]+)"', r"«\1»", text)
    return re.sub(r"(?<=\w)'(?=\w)", "’", text)


def _variant(paragraph: str, rng: random.Random) -> str:
    """A near-repeat of a paragraph, as wire copies differ."""
    choice = rng.randrange(3)
    if choice == 0:
        return paragraph.rstrip() + " (AFP)"
    if choice == 1:
        return _french(paragraph) if '"' in paragraph or "'" in paragraph else paragraph + " (AFP)"
    return (
        _straight(paragraph) if "«" in paragraph or "’" in paragraph else paragraph + " (Reuters)"
    )


def _fragment(sentence: str, rng: random.Random, low: int = 4, high: int = 10) -> str:
    """A headline-like fragment of a sentence: its first few words, no final stop."""
    words = sentence.split()
    n = min(len(words), rng.randint(low, high))
    text = " ".join(words[:n]).rstrip(",;:.!?…")
    # Do not leave a quotation or code span half open.
    for opening, closing in (("«", "»"), ("(", ")"), ("“", "”")):
        if text.count(opening) > text.count(closing):
            text = text.replace(opening, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("`") % 2:
        text = text.replace("`", "")
    return text[:1].upper() + text[1:]


def _draw(pool: list[str], used: set[int], rng: random.Random) -> str:
    """A sentence not used yet in this post (the pool is reshuffled when exhausted)."""
    if len(used) >= len(pool):
        used.clear()
    while True:
        i = rng.randrange(len(pool))
        if i not in used:
            used.add(i)
            return pool[i]


def make_post(
    index: int,
    seed: int = 0,
    *,
    min_words: int = 280,
    max_words: int = 760,
    mode_words: int = 420,
    pool: Pool | None = None,
) -> Post:
    """Post number ``index`` of the corpus made with ``seed``."""
    pool = pool or load_pool()
    rng = random.Random(f"newsclean-bench-{seed}-{index}")
    date = datetime(2023, 1, 2, 6, 0) + timedelta(minutes=137 * index)
    category = rng.choice(pool.categories)
    tags = rng.sample(pool.tags, k=min(len(pool.tags), rng.randint(1, 3)))
    authors = [rng.choice(pool.authors)]
    slug = f"bench-{index:05d}"
    features: dict[str, int] = {}

    if pool.english and rng.random() < 0.01:
        sentences = rng.sample(pool.english, len(pool.english))
        blocks = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
        title = _fragment(sentences[0], rng, 5, 9)
        features["english"] = 1
        return Post(
            index, title, slug, date, category, tags, authors, blocks, lang="en", features=features
        )

    # Never ask for more distinct sentences than the pool holds.
    ceiling = max(min_words, int(pool.words * 0.85))
    target = int(rng.triangular(min_words, min(max_words, ceiling), min(mode_words, ceiling)))
    straight = rng.random() < 0.5
    used: set[int] = set()
    blocks: list[str] = []
    paragraphs: list[int] = []  # indexes in blocks of prose paragraphs
    words = 0

    def style(text: str) -> str:
        return _straight(text) if straight else text

    def sentence() -> str:
        s = _draw(pool.sentences, used, rng)
        if rng.random() < 0.5:
            s = _redraw_numbers(s, rng)
        return style(s)

    # Paragraphs hold two sentences or more: with a pool this small, a
    # one-sentence paragraph would recur in hundreds of posts and look like
    # site boilerplate rather than copy.
    lede = " ".join(sentence() for _ in range(rng.choice((2, 3))))
    blocks.append(lede)
    paragraphs.append(0)
    words += len(lede.split())

    intertitles = rng.randint(1, 2) if rng.random() < 0.3 else 0
    intertitle_at = sorted(rng.sample(range(2, 8), intertitles)) if intertitles else []
    quote_at = rng.randint(2, 5) if pool.quotes and rng.random() < 0.25 else -1
    code_at = rng.randint(2, 5) if pool.code_blocks and rng.random() < 0.05 else -1

    while words < target:
        n = len(blocks)
        if intertitle_at and n >= intertitle_at[0]:
            intertitle_at.pop(0)
            blocks.append("## " + _fragment(sentence(), rng))
            features["intertitles"] = features.get("intertitles", 0) + 1
            continue
        if n == quote_at:
            quote = style(rng.choice(pool.quotes)) + " " + sentence()
            blocks.append("> " + quote)
            words += len(quote.split())
            features["blockquote"] = 1
            continue
        if n == code_at:
            block = rng.choice(pool.code_blocks)
            blocks.append(block)
            words += len(block.split())
            features["code"] = 1
            continue
        paragraph = " ".join(sentence() for _ in range(rng.choice((2, 3, 3, 4, 4))))
        paragraphs.append(len(blocks))
        blocks.append(paragraph)
        words += len(paragraph.split())

    # The copy/paste artefact: a paragraph pasted again further down.
    if len(paragraphs) >= 3 and rng.random() < 0.35:
        for _ in range(rng.randint(1, 2)):
            source = blocks[rng.choice(paragraphs[:-1])]
            copy = source if rng.random() < 0.5 else _variant(source, rng)
            blocks.insert(rng.randint(paragraphs[1] + 1, len(blocks)), copy)
            features["repeats"] = features.get("repeats", 0) + 1

    title = style(_fragment(_draw(pool.sentences, set(), rng), rng, 6, 12))
    if rng.random() < 0.3:
        title = style(rng.choice(pool.titles))
    summary = None
    if rng.random() < 0.4:
        summary = " ".join(blocks[0].split()[:40]).rstrip(",;:")
    return Post(
        index,
        title,
        slug,
        date,
        category,
        tags,
        authors,
        blocks,
        summary=summary,
        features=features,
    )


def generate_posts(n: int, seed: int = 0, **lengths: int) -> list[Post]:
    """The first ``n`` posts of the corpus made with ``seed``."""
    pool = load_pool()
    return [make_post(i, seed, pool=pool, **lengths) for i in range(n)]


def write_site_content(folder: Path, n: int, seed: int = 0) -> list[Post]:
    """Write ``n`` posts as Markdown files into ``folder`` (created, emptied first)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    posts = generate_posts(n, seed)
    for post in posts:
        (folder / f"{post.slug}.md").write_text(post.markdown(), encoding="utf-8")
    return posts


# --------------------------------------------------------------------------
# HTML, as Pelican's Markdown reader makes it
# --------------------------------------------------------------------------


def to_html(markdown_text: str) -> str:
    """A post body as HTML, with Pelican's default Markdown extensions."""
    import markdown
    from pelican.settings import DEFAULT_CONFIG

    config = DEFAULT_CONFIG["MARKDOWN"]
    md = markdown.Markdown(
        extensions=list(config["extension_configs"]),
        extension_configs=config["extension_configs"],
        output_format=config.get("output_format", "html5"),
    )
    return md.convert(markdown_text)


def html_posts(n: int, seed: int = 0, target_bytes: int = 2000) -> list[str]:
    """``n`` posts as HTML of about ``target_bytes`` bytes each (the typography inputs).

    Posts are generated short (~250-380 words) and cut at a block boundary
    once their HTML reaches ``target_bytes``.
    """
    pool = load_pool()
    out = []
    for i in range(n):
        post = make_post(i, seed, pool=pool, min_words=200, max_words=420, mode_words=300)
        blocks, size = [], 0
        html = ""
        for block in post.blocks:
            blocks.append(block)
            html = to_html(f"# {post.title}\n\n" + "\n\n".join(blocks))
            size = len(html.encode("utf-8"))
            if size >= target_bytes:
                break
        out.append(html)
    return out


def document_parts(posts_html: list[str], target_bytes: int = 2_000_000) -> list[str]:
    """One long HTML document (a live blog, an archive page) of ``target_bytes``,
    as its ``<article>`` parts: join them for the document, or a prefix of them
    for a smaller one."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < target_bytes:
        part = f'<article id="p{i}">\n{posts_html[i % len(posts_html)]}\n</article>\n'
        parts.append(part)
        size += len(part.encode("utf-8"))
        i += 1
    return parts


if __name__ == "__main__":  # pragma: no cover - a quick look at the corpus
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    pool = load_pool()
    print(
        f"pool: {len(pool.sentences)} sentences, {pool.words} words, "
        f"{len(pool.quotes)} quotes, {len(pool.code_blocks)} code blocks",
        file=sys.stderr,
    )
    for post in generate_posts(n):
        print(post.markdown())
        print("-" * 72)
