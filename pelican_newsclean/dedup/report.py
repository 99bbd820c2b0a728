"""What the stage tells an editor about each removal."""

from __future__ import annotations

from dataclasses import dataclass

from ..report import Change, shorten
from .options import STAGE
from .units import Unit


@dataclass
class Decision:
    rule: str
    repeats: str
    repeats_position: int | None
    measure: str
    value: float


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
        },
    )
