"""Turn participant lines into persons and project acronyms.

- ``none`` (or ``n/a``, ``-``) is nobody;
- ``Name, role, organisation; Name, role, ...``: one person per part between semicolons;
  the text after the name is the role, and with two or more commas the last part is the
  organisation; ``Name (Organisation)`` names an organisation too;
- ``A and B, thematic experts SME competitiveness``: two persons sharing the role, written
  for one ("Thematic expert, SME competitiveness").
"""

from __future__ import annotations

import re

from brief_builder.importers.vocabulary import NONE

PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "zu",
        "y",
        "bin",
        "ibn",
        "al",
        "el",
    ]
)
"""Lowercase words that may stand inside a person's name."""
CONNECTORS = frozenset(["at", "of", "in", "for", "on", "from", "with", "and", "to", "the", "within", "by"])
"""Words that continue a role without a comma ("expert in ...")."""
NAMES_JOINED = re.compile(r"\s+(?:and|&)\s+|\s*,\s*")
PARENTHESIS = re.compile(r"^(?P<before>.*?)\s*\((?P<inside>[^()]+)\)\s*$")
Person = dict[str, str]


def parse_people(text: str) -> list[Person]:
    """The persons a participants line names, each ``{name, role?, organisation?}``."""
    text = text.strip().rstrip(".").strip()
    if not text or NONE.match(text):
        return []
    people: list[Person] = []
    for chunk in re.split(r"\s*;\s*", text):
        if chunk and not NONE.match(chunk):
            people.extend(_chunk(chunk))
    return people


def _chunk(chunk: str) -> list[Person]:
    parts = [part.strip() for part in chunk.split(",")]
    names, rest = _shared(parts)
    if len(names) > 1:
        role, organisation = _role_and_organisation(rest, shared=True)
        return [_person(name, role, organisation) for name in names]
    name, organisation_in_name = _parenthesised(parts[0])
    role, organisation = _role_and_organisation(parts[1:], shared=False)
    return [_person(name, role, organisation or organisation_in_name)]


def _shared(parts: list[str]) -> tuple[list[str], list[str]]:
    """Names listed before a shared role ("A, B and C, role"): the names and the other parts."""
    for end, part in enumerate(parts):
        if re.search(r"\s(?:and|&)\s", part):
            names = [n for p in parts[: end + 1] for n in NAMES_JOINED.split(p) if n]
            if len(names) > 1 and all(_looks_like_name(n) for n in names):
                return names, parts[end + 1 :]
            break
        if not _looks_like_name(part):
            break
    return [], parts


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    return all(w[0].isupper() or w.lower() in PARTICLES for w in words) and words[0][0].isupper()


def _parenthesised(text: str) -> tuple[str, str | None]:
    match = PARENTHESIS.match(text)
    if match and match.group("before"):
        return match.group("before"), match.group("inside").strip()
    return text, None


def _role_and_organisation(parts: list[str], shared: bool) -> tuple[str | None, str | None]:
    parts = [p for p in parts if p]
    if not parts:
        return None, None
    organisation = None
    if len(parts) >= 2:
        organisation = parts[-1]
        parts = parts[:-1]
    role = ", ".join(parts)
    role, in_parenthesis = _parenthesised(role)
    organisation = organisation or in_parenthesis
    if shared:
        role = _for_one(role)
    return _capitalised(role), organisation


def _for_one(role: str) -> str:
    """A role written for several people, as it reads for each: its first plural noun singular.

    ``thematic experts SME competitiveness`` -> ``thematic expert, SME competitiveness``:
    a specialisation that followed the noun without a connecting word is set off by a comma.
    """
    words = role.split(" ")
    for n, word in enumerate(words):
        singular = _singular(word)
        if singular is None:
            continue
        head = " ".join([*words[:n], singular])
        rest = words[n + 1 :]
        if not rest:
            return head
        if rest[0].lower() in CONNECTORS or rest[0].startswith(("(", ",")):
            return " ".join([head, *rest])
        return f"{head}, {' '.join(rest)}"
    return role


def _singular(word: str) -> str | None:
    """The singular of a lowercase English plural noun, None for any other word."""
    if not word.isalpha() or not word.islower() or len(word) < 4:
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return None


def _capitalised(text: str) -> str | None:
    return text[:1].upper() + text[1:] if text else None


def _person(name: str, role: str | None, organisation: str | None) -> Person:
    person: Person = {"name": name}
    if role:
        person["role"] = role
    if organisation:
        person["organisation"] = organisation
    return person


def split_projects(text: str) -> list[str]:
    """``EIS, INTER VENTURES, SCALE UP and SIE`` -> the acronyms, in order, each once."""
    text = text.strip().rstrip(".")
    if not text or NONE.match(text):
        return []
    names = [name.strip() for name in re.split(r"\s*[,;]\s*|\s+and\s+|\s+&\s+", text)]
    return list(dict.fromkeys(name for name in names if name))


def acronym_key(text: str) -> str:
    """How acronyms are compared: case, spaces, hyphens and dots ignored (``Scale-Up`` = ``SCALE UP``)."""
    return re.sub(r"[\s\-_.]+", "", text.casefold())
