"""Plain records that every taxonomy source (ESCO CSV, demo data, downloads) produces.

The writer in :mod:`wendbaar.taxonomy.writer` applies them to the database, so each
source only has to turn its own format into these.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

OCCUPATION = "occupation"
SKILL = "skill"
KNOWLEDGE = "knowledge"
ISCO_GROUP = "isco_group"
SKILL_GROUP = "skill_group"
CONCEPT_KINDS = (OCCUPATION, SKILL, KNOWLEDGE, ISCO_GROUP, SKILL_GROUP)

ESSENTIAL = "essential"
OPTIONAL = "optional"
SKILL_ESSENTIAL = "skill_essential"
SKILL_OPTIONAL = "skill_optional"
BROADER = "broader"


def digest(value: Any) -> str:
    return hashlib.md5(
        json.dumps(value, ensure_ascii=False, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()


@dataclass(frozen=True)
class LanguageContent:
    """What a concept says in one language."""

    lang: str
    pref: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    description: str = ""
    definition: str = ""
    scope_note: str = ""

    def content_hash(self) -> str:
        return digest(
            [
                self.pref,
                sorted(self.alt),
                sorted(self.hidden),
                self.description,
                self.definition,
                self.scope_note,
            ]
        )


@dataclass(frozen=True)
class ConceptRecord:
    """A concept as one source file describes it, in one language.

    ``core`` is False for files that only carry labels (ESCO collections), whose
    language-independent fields must not overwrite those of the main files.
    """

    uri: str
    kind: str
    content: LanguageContent
    code: str = ""
    status: str = ""
    reuse_level: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    core: bool = True
    source: str = ""
    line: int = 0

    def core_hash(self) -> str:
        return digest([self.kind, self.code, self.status, self.reuse_level, self.attributes])


@dataclass(frozen=True)
class RelationRecord:
    source_uri: str
    target_uri: str
    kind: str
    source_kind: str = ""
    target_kind: str = ""
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class CollectionMember:
    collection: str
    uri: str
    kind: str
