"""Text out of a CV (pasted, .txt, .pdf or .docx) and the skills it mentions.

The file is read in memory and dropped: only the skills the person confirms are kept.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wendbaar.errors import InputError
from wendbaar.linking import service as linking_service
from wendbaar.linking.engine.errors import TEXT_MAX
from wendbaar.linking.engine.extract import extract
from wendbaar.taxonomy.display import preferred_labels

MAX_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 50
SUFFIXES = (".txt", ".pdf", ".docx")


class CvError(InputError):
    """A CV we cannot read; the message tells the person what to do instead."""

    def __init__(self, message: str):
        super().__init__("CV", message)
        self.message = message


def _unreadable() -> CvError:
    return CvError(_("We could not read text from this file. Paste the text of your CV instead."))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CvError(_("This PDF is protected with a password. Paste the text instead."))
        pages = reader.pages[:MAX_PDF_PAGES]
        return "\n".join(page.extract_text() or "" for page in pages)
    except CvError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise _unreadable() from None


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _unreadable() from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("; ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def text_of_file(name: str, data: bytes) -> str:
    """The text of an uploaded CV; CvError for other types, images, empty or broken files."""
    lower = name.lower()
    if not lower.endswith(SUFFIXES):
        raise CvError(_("We can read .txt, .pdf and .docx files. Paste the text instead."))
    if len(data) > MAX_BYTES:
        raise CvError(_("The file is larger than 5 MB. Paste the text instead."))
    if lower.endswith(".pdf"):
        if not data.startswith(b"%PDF"):
            raise _unreadable()
        text = _pdf_text(data)
    elif lower.endswith(".docx"):
        text = _docx_text(data)
    else:
        if b"\x00" in data[:4096]:
            raise _unreadable()
        text = data.decode("utf-8-sig", errors="replace")
    return clean_text(text)


def clean_text(text: str) -> str:
    """The text the linker reads; CvError when nothing readable is left."""
    text = text.replace("\x00", " ")
    if not any(ch.isalpha() for ch in text):
        raise _unreadable()
    if len(text) > TEXT_MAX:
        raise CvError(
            _("Your CV is longer than %(limit)s characters. Paste the most important part.")
            % {"limit": f"{TEXT_MAX:,}"}
        )
    return text


@dataclass(frozen=True)
class Proposal:
    concept_id: int
    uri: str
    label: str
    label_lang: str
    snippet: str
    score: float


def propose_skills(text: str, lang: str) -> list[Proposal]:
    """The skills a text mentions, best first, one per skill, with the words that matched."""
    mentions = extract(linking_service.get_linker(), text, kinds=["skill"], top=1)
    best: dict[int, Proposal] = {}
    for mention in mentions:
        candidate = mention.candidates[0]
        current = best.get(candidate.concept_id)
        if current is None or candidate.score > current.score:
            best[candidate.concept_id] = Proposal(
                candidate.concept_id,
                candidate.uri,
                candidate.label,
                candidate.label_lang,
                mention.text,
                candidate.score,
            )
    shown = preferred_labels(best, lang)
    out = []
    for concept_id, proposal in best.items():
        label = shown.get(concept_id)
        out.append(
            Proposal(
                concept_id,
                proposal.uri,
                label.text if label else proposal.label,
                label.lang if label else proposal.label_lang,
                proposal.snippet,
                proposal.score,
            )
        )
    return sorted(out, key=lambda p: -p.score)
