"""Time the dedup stage on generated posts of 20, 300 and 5,000 paragraphs.

Posts are built from sentence templates written for this benchmark (no
outside text): about 70 % unique paragraphs, 30 % repeats (exact copies,
copies with a typo fixed or a trailing "(AFP)", quote-style changes).

    python -m benchmarks.bench_dedup
"""

from __future__ import annotations

import random
import statistics
import time

from pelican_newsclean.dedup import strip_repeated_paragraphs
from pelican_newsclean.settings import load_settings

SIZES = (20, 300, 5000)

_SUBJECTS = (
    "Le ministre de l'Économie",
    "La préfète de la Gironde",
    "Le maire de Villeneuve-sur-Lot",
    "Une porte-parole du syndicat des transports",
    "Le président du conseil régional",
    "La directrice de l'hôpital départemental",
    "Un responsable de la sécurité civile",
    "Le procureur de la République",
    "La présidente de l'association des riverains",
    "Le secrétaire général de la fédération agricole",
    "Un haut fonctionnaire du ministère de l'Intérieur",
    "La rectrice de l'académie",
)
_VERBS = (
    "a annoncé",
    "a confirmé",
    "a démenti",
    "a détaillé",
    "a présenté",
    "a défendu",
    "a dévoilé",
    "a critiqué",
)
_OBJECTS = (
    "un plan de rénovation des écoles rurales",
    "la fermeture provisoire de la ligne ferroviaire",
    "un budget en hausse pour la prévention des inondations",
    "le report des travaux sur le pont principal",
    "une enquête sur l'incendie de l'entrepôt",
    "la création de trois cents places en crèche",
    "un dispositif d'aide aux commerçants du centre-ville",
    "le calendrier de la réforme des transports scolaires",
    "une hausse des contrôles sur les routes départementales",
    "la réouverture du musée après deux ans de chantier",
)
_WHEN = (
    "mardi soir",
    "lors d'une conférence de presse",
    "devant les élus locaux",
    "dans un communiqué publié mercredi",
    "au terme d'une réunion de crise",
    "sur les ondes d'une radio locale",
    "à l'issue du conseil municipal",
)
_TAILS = (
    "Les opposants dénoncent une décision prise sans concertation.",
    "Le coût total de l'opération n'a pas été précisé.",
    "Plusieurs associations saluent une avancée attendue depuis longtemps.",
    "La mesure doit entrer en vigueur avant la fin de l'année.",
    "Les habitants seront consultés lors d'une réunion publique.",
    "Selon «une source proche du dossier», le financement reste fragile.",
    "Une première évaluation sera présentée au printemps.",
    "Les syndicats ont appelé à un rassemblement devant la mairie.",
)


_SYLLABLES = (
    "ba be bo cha che dou fa fi gau gre la lo ma mi mon na no pa pi ri ro sa si ta ti vi".split()
)


def _name(rng: random.Random) -> str:
    """A made-up place or family name: what makes each dispatch its own."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _sentence(rng: random.Random) -> str:
    figure = rng.randrange(2, 9000)
    return (
        f"À {_name(rng)}, {rng.choice(_SUBJECTS).lower()} {rng.choice(_VERBS)} "
        f"{rng.choice(_WHEN)} {rng.choice(_OBJECTS)}, pour un montant de {figure} euros "
        f"par foyer selon {_name(rng)} {_name(rng)}."
    )


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng) for _ in range(rng.randint(1, 2))]
    parts.append(rng.choice(_TAILS))
    return " ".join(parts)


def _variant(rng: random.Random, text: str) -> str:
    kind = rng.random()
    if kind < 0.5:
        return text
    if kind < 0.7:
        return text + " (AFP)"
    if kind < 0.85:
        return text.replace("«", "« ").replace("»", " »").replace("'", "’")
    words = text.split(" ")
    position = rng.randrange(1, len(words) - 1)
    if len(words[position]) > 4 and words[position].isalpha():
        words[position] = words[position][:-2] + words[position][-1] + words[position][-2]
    return " ".join(words)


def make_post(paragraphs: int, seed: int = 1, repeat_share: float = 0.3) -> str:
    """An HTML post of ``paragraphs`` ``<p>`` blocks, about ``repeat_share`` of them repeats."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(paragraphs):
        if texts and rng.random() < repeat_share:
            texts.append(_variant(rng, rng.choice(texts)))
        else:
            texts.append(_paragraph(rng))
    return "".join(f"<p>{t}</p>\n" for t in texts)


def _time(source: str, settings, repeat: int) -> tuple[float, int]:
    times = []
    removed = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = strip_repeated_paragraphs(source, settings)
        times.append(time.perf_counter() - started)
        removed = len(result.changes)
    return min(times) * 1000, removed


def calibration_ms() -> float:
    """Best time of a fixed pure-Python loop: divide by it to compare machines and loads."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(100_000))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 3)


def run(sizes: tuple[int, ...] = SIZES, quick: bool = False) -> list[dict]:
    """One row per post size: paragraphs, bytes, best and median ms, removals, µs/paragraph.

    ``quick`` times each size three times only (a smoke run).
    """
    settings = load_settings({}).dedup
    rows = []
    for size in sizes:
        source = make_post(size)
        repeat = 3 if quick else max(3, min(50, 2000 // size))
        samples = [_time(source, settings, 1)[0] for _ in range(repeat)]
        _, removed = _time(source, settings, 1)
        best = min(samples)
        rows.append(
            {
                "benchmark": "dedup",
                "paragraphs": size,
                "bytes": len(source.encode()),
                "ms": round(best, 3),
                "median_ms": round(statistics.median(samples), 3),
                "removed": removed,
                "us_per_paragraph": round(best * 1000 / size, 1),
                "calibration_ms": calibration_ms(),
            }
        )
    return rows


def _print(rows: list[dict]) -> None:
    print(
        f"{'paragraphs':>10} {'bytes':>10} {'best ms':>9} {'median ms':>10} "
        f"{'removed':>8} {'µs/para':>8} {'calib. ms':>9}"
    )
    for row in rows:
        print(
            f"{row['paragraphs']:>10} {row['bytes']:>10} {row['ms']:>9.2f} "
            f"{row['median_ms']:>10.2f} {row['removed']:>8} {row['us_per_paragraph']:>8.1f} "
            f"{row['calibration_ms']:>9.2f}"
        )


if __name__ == "__main__":
    _print(run())
