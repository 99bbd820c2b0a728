"""The schema.org types entities get, and the model labels they come from."""

from __future__ import annotations

#: The entity types we publish, as schema.org names them.
SCHEMA_TYPES: tuple[str, ...] = ("Person", "Organization", "Place", "Event", "Thing")

#: spaCy label -> schema.org type. French pipelines use PER/ORG/LOC/MISC;
#: the others are here so an OntoNotes-style pipeline also works.
LABEL_TYPES: dict[str, str] = {
    "PER": "Person",
    "PERSON": "Person",
    "ORG": "Organization",
    "NORP": "Thing",
    "LOC": "Place",
    "GPE": "Place",
    "FAC": "Place",
    "EVENT": "Event",
    "MISC": "Thing",
    **{t: t for t in SCHEMA_TYPES},
}

#: Spellings accepted in front matter and settings for each type.
_TYPE_SPELLINGS: dict[str, str] = {
    "person": "Person",
    "personne": "Person",
    "per": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "org": "Organization",
    "place": "Place",
    "lieu": "Place",
    "loc": "Place",
    "event": "Event",
    "evenement": "Event",
    "événement": "Event",
    "thing": "Thing",
    "chose": "Thing",
    "misc": "Thing",
}


def type_from_label(label: str) -> str:
    """Map a spaCy label (or a schema type) to a schema type; unknown -> ``Thing``.

    >>> type_from_label("PER"), type_from_label("GPE"), type_from_label("WORK")
    ('Person', 'Place', 'Thing')
    """
    return LABEL_TYPES.get(label, "Thing")


def parse_type(word: str) -> str | None:
    """Read a type as a user writes it (``person``, ``Organisation``, ``lieu``).

    Returns the schema type, or None when the word is not a type.

    >>> parse_type("organisation"), parse_type("Persn")
    ('Organization', None)
    """
    return _TYPE_SPELLINGS.get(word.strip().lower())
