"""Hypothesis strategies: French news HTML from a small grammar."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = (
    "la le les une des du de l' d' qu' aujourd'hui Lyon Marseille ministre président "
    "coopération sécurité négociations conférence gouvernement a indiqué selon été "
    "peut-être XIe 1er 2e XIXe 10 000 2023 75001 3,14 12% 14h30 n° M. Mme Dr etc... "
    "https://exemple.fr/a?b=1;c=2 contact@exemple.fr 12:30 3:2 :) #tag #1e90ff "
    "std::vector 2001:db8::1 « » \" ' ’ “ ” ... ! ? ; : , . - – — ( ) [ ] & &amp; "
    "&quot; &nbsp; &#8239; &lt; &gt; \u00a0 \u202f \u2009 \u200b \u200f é É œ 🙂"
).split(" ")

word = st.sampled_from(WORDS)
spacing = st.sampled_from([" ", " ", " ", "", "\n", "\u00a0"])


@st.composite
def sentence(draw, min_words=1, max_words=14):
    words = draw(st.lists(word, min_size=min_words, max_size=max_words))
    gaps = draw(st.lists(spacing, min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


def _escape_text(text: str) -> str:
    # Keep the grammar's references (&amp; &quot;...) but never a raw "<".
    return text.replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def inline(draw):
    kind = draw(st.sampled_from(["text", "text", "text", "em", "a", "strong", "span-en",
                                 "code", "sup"]))  # fmt: skip
    text = _escape_text(draw(sentence(max_words=5)))
    if kind == "text":
        return text
    if kind == "em":
        return f"<em>{text}</em>"
    if kind == "strong":
        return f"<strong>{text}</strong>"
    if kind == "a":
        return f'<a href="https://exemple.fr/?q=1&amp;r=\'2\'" title="l\'«x»">{text}</a>'
    if kind == "span-en":
        return f'<span lang="en">{text}!</span>'
    if kind == "code":
        return f'<code>{text} :: "x"</code>'
    return f"<sup>{text}</sup>"


@st.composite
def block(draw, paragraphs):
    kind = draw(st.sampled_from(["p", "p", "p", "repeat", "li", "blockquote", "h2", "div",
                                 "pre", "script", "style", "p-en", "comment"]))  # fmt: skip
    if kind == "repeat" and paragraphs:
        return draw(st.sampled_from(paragraphs))
    body = "".join(draw(st.lists(inline(), min_size=1, max_size=6)))
    if kind in {"p", "repeat"}:
        html = f"<p>{body}</p>"
        paragraphs.append(html)
        return html
    if kind == "li":
        return f"<ul><li>{body}</li></ul>"
    if kind == "blockquote":
        return f"<blockquote><p>{body}</p></blockquote>"
    if kind == "h2":
        return f"<h2>{body}</h2>"
    if kind == "div":
        return f'<div class="encadre">{body}</div>'
    if kind == "pre":
        return '<pre><code>if (a &lt; b) { x = "l\'été" ; } ...</code></pre>'
    if kind == "script":
        return '<script>var s = "« a » ! ?"; if (a<b) {}</script>'
    if kind == "style":
        return '<style>p:first-child { content: "\'" ; }</style>'
    if kind == "p-en":
        return f'<p lang="en">"Hello", she said; it\'s {_escape_text(draw(sentence()))}!</p>'
    return "<!-- « commentaire » ! -->"


@st.composite
def french_post(draw, max_blocks=8):
    paragraphs: list[str] = []
    blocks = draw(st.lists(block(paragraphs), min_size=0, max_size=max_blocks))
    return "\n".join(blocks)
