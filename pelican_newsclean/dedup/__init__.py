"""Strip repeated paragraphs (exact and near-exact repeats) from a post.

News posts built from agency feeds, copy/paste and scrapers often carry the
same paragraphs twice. :func:`strip_repeated_paragraphs` removes the blocks
that repeat one kept earlier in the same post, and nothing else. Writers
repeat on purpose too; those repeats stay (see *Intentional repeats* below).

- **Units** are the blocks a reader sees as paragraphs: ``p``, ``li``,
  ``blockquote``, ``h2``-``h6``, ``figcaption``, ``dd`` and ``div`` holding
  text directly. A block holding other blocks is not a unit itself (its
  children are); one holding both text and blocks is a *composite* unit,
  removed only when it repeats kept text and every block inside it goes too.
  Units are numbered from 1 in document order ("block N"); ``h1`` is numbered
  too but only removable as a title heading. Nothing inside ``pre``,
  ``code``, ``table``, ``script``, ``style`` (and the other code-like or
  invisible elements of :data:`PROTECTED_TAGS`) is a unit, compared or removed.
- **Comparison** uses the visible text through :func:`comparison_key`, an
  ordered table of small named steps (:data:`KEY_STEPS`).
- **Rules**, tried in this order on each unit that is long enough
  (``min_chars`` and ``min_words``, measured on the key):

  ``boilerplate``
      its key is one of the site-wide boilerplate keys passed in;
  ``exact-repeat``
      its key equals the key of a unit kept earlier (any distance);
  ``near-repeat-containment``
      at least ``containment`` of its distinct word ``ngram``-grams occur in
      the text kept so far (units of at least ``ngram`` + 3 words);
  ``near-repeat-similarity``
      rapidfuzz ``fuzz.ratio`` with one kept unit is at least ``similarity``
      (candidates: the kept units sharing the most n-grams and, for short
      paragraphs, the most word bigrams; never all pairs).

  A near repeat must also *add no information* to what it repeats
  (:func:`adds_information`). A word-level alignment may show typos fixed
  (each changed word one edit away, or two in a long word), quote or space
  changes, dropped words, an agency credit at the end ("(AFP)", "avec
  Reuters") or a dateline at the start ("Lyon, 3 mars (AFP) -"). Any other new
  word, a changed number, a word replaced by another, a negation added or
  dropped, or text stitched from several places keeps the paragraph. So two
  paragraphs that differ by a figure ("12 morts" / "15 morts") both stay
  however high their similarity: they say different things, and an editor
  must choose. Only an exact (key) repeat goes whatever it says. A copy that
  drops a word goes.
- ``fuller-copy`` (:mod:`.supersets`): a later copy that holds all of a kept
  block and adds a word or a clause to it (at most ``fuller_copy_added_words``
  words, a third of the block) is a repeat too: the earlier block takes the
  fuller wording, in its place, and the copy goes. A changed figure, a
  replaced word or an added negation is no addition: both stay.
- A unit holding inline code (``<code>`` in a ``<p>``) goes only as an exact
  repeat: code that differs by one character differs. A unit whose text is
  all code is never removed.
- ``repeated-sentence``: a run of sentences glued twice in a row inside one
  block ("S. S.") loses its later copies, when the run is long enough and the
  text to cut lies inside one text node outside code and the text left holds
  no repeat to cut (otherwise the block is left as it is). Verse keeps its
  repeats ("Ah ! ah ! ah !", a line sung twice) unless
  ``keep_structured_repeats`` is off.
- **Kinds** (:mod:`.kinds`): a heading repeats a heading only, and a
  paragraph a paragraph only (a section heading says again its entry in the
  table of contents). An entry of a table of contents (a list item whose text
  is all links to anchors of the page) is never the earlier copy that makes a
  block a repeat, and never goes. Mathematics (a block of class ``math``,
  ``MathJax``, ``katex`` or ``arithmatex``, MathML, or a text that is mostly
  formulas between ``\\( \\)``, ``\\[ \\]``, ``$$ $$`` or LaTeX commands) is never
  removed: the steps of a derivation look alike and repeat on purpose.
- ``remove_title_headings`` (off by default) removes headings whose key is the
  title's, reported as ``exact-repeat`` of position 0 (the title).

**Intentional repeats** (:mod:`.intent`, on unless ``keep_structured_repeats``
is off). A careful editor tells a scraped copy from a device by these signals:

- *structure*: the repeat and the block it repeats play the same part: list
  items (the shared steps of two procedures, one answer to two questions of
  a FAQ in a ``dl``; but not one bullet twice in a single ``ul``), quotes and
  their attribution lines, captions, headings, dialogue lines (``Nom :
  réplique``, a line opened by a dialogue dash), verse (a block of lines of at
  most ``verse_line_chars``, or three such one-line blocks in a row: refrains
  and choruses). Such an isolated repeat stays;
- *reminders*: a block saying again a part of one earlier block only (half
  its words or fewer), away from it and alone (neither neighbour a repeat),
  stays: a line closing two lists, a practical detail recalled at the end;
- *length*: a block with a line of ``long_repeat_chars`` or more goes anyway;
- *runs and distance*: blocks repeated one after another in the order of the
  blocks they repeat, each at the same distance from its source, are a copied
  passage when ``copied_run_blocks`` of them cover a whole list or quote or
  carry along a block that goes on its own, or when there are
  ``long_copied_run_blocks`` of them: they go, structure or not, and with
  them the blocks too short to go on their own that they carry along (the
  same text as the block each stands for: "Cliquez ici pour agrandir").

A plain paragraph repeated goes as before. Decisions run once; when a repeat
stays on purpose they run again with it kept, so that what follows compares
with the text the post keeps.

Each removal's report carries ``detail["why"]``, the reason in an editor's
words ("Repeats block 2 word for word. It is one of blocks 6-9, pasted again
in the order of blocks 2-5.").

Modules: :mod:`.keys` (comparison keys), :mod:`.units` (blocks and their
text), :mod:`.sentences` (``repeated-sentence``), :mod:`.near` (near repeats:
the information guard, the index of kept text), :mod:`.candidates` (the
blocks that could be near repeats or fuller copies at all, found from their
words and numbers before any n-gram is compared), :mod:`.supersets` (fuller
copies), :mod:`.kinds` (headings, tables of contents, mathematics),
:mod:`.intent` (intentional repeats, copied runs), :mod:`.cut`
(splicing), :mod:`.report` (what the report says), :mod:`.stage` (the
decisions in order), :mod:`.options`.

A removed block is spliced out of the source with the line break that follows
it (and its indentation; a run of removed blocks that ends its parent takes the
blank before it instead); the bytes of every kept block are unchanged. A
wrapper left holding only removed blocks (``li``, ``blockquote``, ``dd``,
``ul``, ``ol``, ``dl``) goes with them: removing every item of a list removes
the list, rather than leave an empty ``<ul>``. Decisions compare
with kept units only, so the stage is idempotent. Work is linear in the size
of the post: exact repeats by hashing, near repeats through inverted indexes,
and only for the blocks that could be one.

    >>> from pelican_newsclean.settings import load_settings
    >>> para = "<p>Le ministre a annoncé mardi un plan de relance pour les régions.</p>"
    >>> result = strip_repeated_paragraphs(para + "\\n" + para + "\\n", load_settings({}).dedup)
    >>> result.html == para + "\\n", [c.rule for c in result.changes]
    (True, ['exact-repeat'])
"""

from ..html import visible_text
from .keys import KEY_STEPS, comparison_key, explain_key, key_size, key_words
from .near import adds_information
from .options import OPTIONS, STAGE, DedupSettings, applies_to
from .stage import paragraph_keys, site_boilerplate, strip_repeated_paragraphs

__all__ = [
    "KEY_STEPS",
    "OPTIONS",
    "STAGE",
    "DedupSettings",
    "adds_information",
    "applies_to",
    "comparison_key",
    "explain_key",
    "key_size",
    "key_words",
    "paragraph_keys",
    "site_boilerplate",
    "strip_repeated_paragraphs",
    "visible_text",
]
