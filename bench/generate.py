"""Turn a few counts into a generated sources folder: the example library plus synthetic items and briefs.

    python bench/generate.py OUT --practices 5000 --sessions 300 --projects 100 \\
        --recommendations 500 --briefs 40 --long 5,10,20,40,80

The example sources are copied first, so ``sme-internationalisation`` can be compiled from
the large library too; its one rule without a filter (the projects table) gets
``where: ids`` naming its five projects, so its outline stays exactly the same. Generated
items use their own topic labels, so they match no other rule of the example briefs.
Everything is drawn from a seeded random generator: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PROJECTS = ["eis", "inter-ventures", "scale-up", "sie", "upgradesme"]
COUNTRIES = [
    "Austria",
    "Belgium",
    "Croatia",
    "Estonia",
    "Finland",
    "France",
    "Germany",
    "Greece",
    "Hungary",
    "Ireland",
    "Italy",
    "Latvia",
    "Poland",
    "Portugal",
    "Romania",
    "Slovenia",
    "Spain",
    "Sweden",
]
WORDS = [
    "regional",
    "support",
    "export",
    "market",
    "firms",
    "skills",
    "network",
    "digital",
    "training",
    "agency",
    "programme",
    "cluster",
    "voucher",
    "coaching",
    "partners",
    "growth",
    "innovation",
    "cooperation",
    "platform",
    "mentoring",
    "companies",
    "pilot",
    "scheme",
    "funding",
    "evidence",
    "transfer",
    "policy",
    "learning",
    "results",
]
TOPICS = [f"bench-topic-{n}" for n in range(12)]
PRACTICES_PER_PAGE = 4
"""Boxes of generated practices per A4 page (176 boxes made 45 pages); the first page holds the text."""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def dump(value: object, indent: str = "") -> str:
    """Block-style YAML as authors write it; strings double-quoted (a JSON string is a YAML one)."""
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{indent}{key}:\n{dump(item, indent + '  ')}")
            elif key == "date":  # unquoted, as authors write dates
                lines.append(f"{indent}{key}: {item}\n")
            else:
                lines.append(f"{indent}{key}: {json.dumps(item, ensure_ascii=False)}\n")
    else:
        assert isinstance(value, list)
        for item in value:
            if isinstance(item, dict | list) and item:
                nested = dump(item, indent + "  ")
                lines.append(f"{indent}- {nested[len(indent) + 2 :]}")
            else:
                lines.append(f"{indent}- {json.dumps(item, ensure_ascii=False)}\n")
    return "".join(lines)


def write(folder: Path, item_id: str, value: object) -> None:
    (folder / f"{item_id}.yaml").write_text(dump(value), encoding="utf-8")


def generate(
    out: Path,
    practices: int,
    sessions: int,
    projects: int,
    recommendations: int,
    briefs: int,
    long: list[int],
    seed: int = 5,
) -> None:
    rng = random.Random(seed)
    sources = out / "sources"
    if sources.exists():
        shutil.rmtree(sources)
    shutil.copytree(REPO / "sources", sources)
    fix_example_brief(sources / "briefs" / "sme-internationalisation.yaml")

    project_ids = [f"bench-project-{n:03d}" for n in range(projects)]
    for n, item_id in enumerate(project_ids):
        write(sources / "projects", item_id, project(rng, n, item_id))
    practice_ids = [f"bench-practice-{n:04d}" for n in range(practices)]
    for n, item_id in enumerate(practice_ids):
        write(sources / "practices", item_id, practice(rng, n, item_id, project_ids))
    session_ids = [f"bench-session-{n:03d}" for n in range(sessions)]
    for n, item_id in enumerate(session_ids):
        write(sources / "sessions", item_id, session(rng, n, project_ids))
    recommendation_ids = [f"bench-recommendation-{n:03d}" for n in range(recommendations)]
    for n, item_id in enumerate(recommendation_ids):
        write(sources / "recommendations", item_id, recommendation(rng, n, practice_ids))
    for n in range(briefs):
        brief = bench_brief(
            rng,
            f"Bench brief {n}",
            rng.sample(practice_ids, min(6, practices)),
            rng.sample(recommendation_ids, min(5, recommendations)),
            rng.choice(session_ids) if session_ids else None,
            rng.sample(project_ids, min(4, projects)),
        )
        write(sources / "briefs", f"bench-brief-{n:02d}", brief)
    for pages in long:
        count = max(1, round((pages - 1) * PRACTICES_PER_PAGE))
        brief = bench_brief(rng, f"Bench brief of about {pages} pages", practice_ids[:count])
        write(sources / "briefs", f"bench-pages-{pages:02d}", brief)


def project(rng: random.Random, n: int, item_id: str) -> dict:
    return {
        "acronym": f"BENCH {n}",
        "title": sentence(rng, 6),
        "programme": "Interreg Europe",
        "url": f"https://example.org/projects/{item_id}",
        "topics": rng.sample(TOPICS, 2),
    }


def practice(rng: random.Random, n: int, item_id: str, project_ids: list[str]) -> dict:
    return {
        "title": f"Bench practice {n}: {sentence(rng, 4)[:-1]}",
        "project": rng.choice(project_ids),
        "location": {"country": rng.choice(COUNTRIES), "region": "Bench region"},
        "institution": "Regional development agency",
        "themes": ["SME competitiveness"],
        "topics": rng.sample(TOPICS, 2),
        "summary": paragraph(rng, 3),
        "description": paragraph(rng, 5),
        "timescale": {"start": rng.randint(2010, 2020)},
        "evidence_of_success": paragraph(rng, 2),
        "url": f"https://example.org/practices/{item_id}",
        "status": rng.choice(["submitted", "validated"]),
    }


def session(rng: random.Random, n: int, project_ids: list[str]) -> dict:
    return {
        "title": f"Bench workshop {n}",
        "date": f"20{rng.randint(15, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "type": "workshop",
        "organiser": "Policy Learning Platform",
        "format": rng.choice(["online", "onsite", "hybrid"]),
        "participants": {
            "projects": rng.sample(project_ids, min(3, len(project_ids))),
            "moderators": [{"name": "Bench Moderator"}],
        },
        "objectives": [paragraph(rng, 2)],
        "topics": [
            {
                "id": f"topic-{t}",
                "title": sentence(rng, 5)[:-1],
                "findings": [{"text": paragraph(rng, 2), "tags": ["bench"]} for _ in range(3)],
            }
            for t in range(3)
        ],
        "takeaways": [paragraph(rng, 2) for _ in range(2)],
        "next_steps": paragraph(rng, 2),
    }


def recommendation(rng: random.Random, n: int, practice_ids: list[str]) -> dict:
    return {
        "title": f"Bench recommendation {n}: {sentence(rng, 6)[:-1]}",
        "text": paragraph(rng, 3),
        "audience": ["regional authorities"],
        "topics": rng.sample(TOPICS, 2),
        "evidence": rng.sample(practice_ids, min(2, len(practice_ids))),
    }


def bench_brief(
    rng: random.Random,
    title: str,
    practices: list[str],
    recommendations: list[str] | None = None,
    session: str | None = None,
    projects: list[str] | None = None,
) -> dict:
    """A brief of key messages, context and the given items: boxes, numbered, findings, a table."""
    sections: list[dict] = [
        {
            "title": "Key messages",
            "role": "key-messages",
            "text": "\n".join(f"- {sentence(rng, 12)}" for _ in range(4)),
        },
        {"title": "Context", "text": "\n\n".join(paragraph(rng, 5) for _ in range(2))},
        rule_section("Good practices", "practices", {"ids": practices}, shown_as="boxes"),
    ]
    if recommendations:
        sections.append(
            rule_section("Recommendations", "recommendations", {"ids": recommendations}, shown_as="numbered")
        )
    if session:
        sections.append(
            rule_section("What participants said", "findings", {"sessions": session}, group_by="topic")
        )
    if projects:
        sections.append(rule_section("Projects", "projects", {"ids": projects}, shown_as="table"))
    return {
        "title": title,
        "date": "2024-03-01",
        "layout": "policy-brief",
        "authors": [{"name": "Bench Author"}],
        "sections": sections,
    }


def rule_section(
    title: str, include: str, where: dict, *, shown_as: str | None = None, group_by: str | None = None
) -> dict:
    """A section placing the ``include`` items that match ``where``, with its ``as`` and ``group_by``."""
    section = {"title": title, "include": include, "where": where}
    if shown_as is not None:
        section["as"] = shown_as
    if group_by is not None:
        section["group_by"] = group_by
    return section


def fix_example_brief(path: Path) -> None:
    """Give the example brief's projects table the filter that keeps generated projects out."""
    text = path.read_text(encoding="utf-8")
    rule = "    include: projects\n"
    assert text.count(rule) == 1, "the example brief changed; update bench/generate.py"
    filtered = rule + f"    where:\n      ids: [{', '.join(EXAMPLE_PROJECTS)}]\n"
    path.write_text(text.replace(rule, filtered), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write sources/ into")
    parser.add_argument("--practices", type=int, default=5000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--recommendations", type=int, default=500)
    parser.add_argument("--briefs", type=int, default=0, help="generated briefs of about 5 pages")
    parser.add_argument("--long", default="", help="comma-separated page counts of longer briefs")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    long = [int(n) for n in args.long.split(",") if n.strip()]
    generate(
        args.out,
        args.practices,
        args.sessions,
        args.projects,
        args.recommendations,
        args.briefs,
        long,
        args.seed,
    )


if __name__ == "__main__":
    main()
