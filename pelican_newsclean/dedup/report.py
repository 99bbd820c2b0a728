"""What the stage tells an editor about each removal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..report import Change, shorten
from .options import STAGE
from .units import Unit

if TYPE_CHECKING:
    from .intent import CopiedRun

#: The rule of a later copy whose fuller wording the earlier block takes.
FULLER_COPY = "fuller-copy"


@dataclass
class Decision:
    rule: str
    repeats: str
    repeats_position: int | None
    measure: str
    value: float
    added: list[str] = field(default_factory=list)  # the words a fuller copy adds


def pointing_past(change: Change, sources: dict[int, Decision]) -> Change:
    """``change``, naming as the paragraph it repeats the one that stays when it
    named a composite removed after it (which repeats that one in turn)."""
    position = change.detail.get("repeats_position")
    if position not in sources:
        return change
    while position in sources:
        decision = sources[position]
        position = decision.repeats_position
    detail = {**change.detail, "repeats": decision.repeats, "repeats_position": position}
    return change.replace(detail=detail)


def removal_change(unit: Unit, decision: Decision) -> Change:
    return Change(
        stage=STAGE,
        rule=decision.rule,
        before=shorten(unit.text),
        after="",
        where=f"block {unit.position}",
        detail={
            "position": unit.position,
            "repeats": decision.repeats,
            "repeats_position": decision.repeats_position,
            "measure": decision.measure,
            "value": decision.value,
            **({"added": " ".join(decision.added)} if decision.added else {}),
        },
    )


def explained(change: Change, run: CopiedRun | None) -> Change:
    """``change`` with ``detail["why"]``: the reason, in words an editor uses.

    >>> c = Change("dedup", "exact-repeat", "Le texte", "", "block 4", {"repeats_position": 2})
    >>> explained(c, None).detail["why"]
    'Repeats block 2 word for word.'
    """
    detail = change.detail
    source = detail.get("repeats_position")
    value = detail.get("value", 0)
    why = {
        "exact-repeat": f"Repeats block {source} word for word."
        if source
        else "Repeats the post's title.",
        "near-repeat-containment": f"Repeats block {source}: {value:.0%} of its phrases are "
        "already in the post, and the rest only drops words, fixes typos, writes a stretch "
        "twice or adds an agency credit.",
        "near-repeat-similarity": f"Repeats block {source} almost letter for letter "
        f"({value:.0f} % alike): only typos, spacing, quotes or a dropped word differ.",
        FULLER_COPY: f"Repeats block {source} and adds {_words(value)} "
        f"(« {detail.get('added', '')} »): block {source} now reads with this fuller "
        "wording, in its own place, and this copy goes.",
        "boilerplate": "Appears in many posts of the site: a site-wide notice, not this "
        "post's text.",
        "repeated-sentence": "The same sentence is written twice in a row in this block; "
        "the second copy goes.",
    }.get(change.rule, "")
    if run is not None:
        first, last = run.sources
        why += (
            f" It is one of blocks {run.first}-{run.last}, pasted again in the order of "
            f"blocks {first}-{last}."
        )
    return change.replace(detail={**detail, "why": why})


def _words(count: float) -> str:
    return "1 word" if count == 1 else f"{count:.0f} words"
