"""The printable passport: at most four A4 pages, in Dutch or English.

Employers asked for "diplomas, certificates and work experience as skills in 3 to 4
pages". When a passport does not fit, the highest-level and most recently used skills
are listed and the rest is counted per level ("and 37 more self-declared skills"):
nothing is left out without saying so. The layout is built, measured and rebuilt with
smaller lists until it fits.

The QR code opens a share link made for this PDF (label "PDF", 90 days) on which every
credential has a button to the verification page. The PDF carries title, author,
subject and language; reportlab cannot write tagged PDF (PDF/UA), see docs/sharing.md.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from wendbaar.passport.areas import areas_of
from wendbaar.passport.models import (
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.passport.sharing import PDF_DAYS, PDF_LABEL, create_link
from wendbaar.taxonomy.display import preferred_labels

MAX_PAGES = 4
QR_SCALE = 4
QR_BORDER = 4
QR_ERROR = "m"

_MORE_AT_LEVEL = {
    ValidationLevel.SELF_DECLARED: lambda n: ngettext(
        "and %(count)d more self-declared skill", "and %(count)d more self-declared skills", n
    ),
    ValidationLevel.ADVISER: lambda n: ngettext(
        "and %(count)d more skill confirmed by an adviser",
        "and %(count)d more skills confirmed by an adviser",
        n,
    ),
    ValidationLevel.EMPLOYER: lambda n: ngettext(
        "and %(count)d more skill endorsed by an employer",
        "and %(count)d more skills endorsed by an employer",
        n,
    ),
    ValidationLevel.VALIDATED: lambda n: ngettext(
        "and %(count)d more validated skill", "and %(count)d more validated skills", n
    ),
    ValidationLevel.CERTIFIED: lambda n: ngettext(
        "and %(count)d more certified skill", "and %(count)d more certified skills", n
    ),
}


def short_level(level: int) -> str:
    """Level names that fit one line beside a skill; the legend on page 1 says them in full."""
    return {
        ValidationLevel.SELF_DECLARED: _("self-declared"),
        ValidationLevel.ADVISER: _("confirmed by adviser"),
        ValidationLevel.EMPLOYER: _("endorsed by employer"),
        ValidationLevel.VALIDATED: _("validated"),
        ValidationLevel.CERTIFIED: _("certified"),
    }[ValidationLevel(level)]


def qr_code(url: str) -> segno.QRCode:
    """The QR code printed on the passport; tests rebuild it to compare with the PDF."""
    return segno.make(url, error=QR_ERROR, micro=False)


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()


@dataclass(frozen=True)
class Budget:
    """How many items of each list are printed; the rest is counted."""

    skills: int
    jobs: int
    education: int
    credentials: int

    def smaller(self) -> Budget | None:
        if self.skills > 30:
            return replace(self, skills=int(self.skills * 0.75))
        largest = max(("jobs", "education", "credentials"), key=lambda name: getattr(self, name))
        if getattr(self, largest) > 4:
            return replace(self, **{largest: getattr(self, largest) // 2})
        if self.skills > 0:
            return replace(self, skills=self.skills // 2)
        return None


@dataclass
class PassportContent:
    """Everything the PDF shows, read once, ordered most important first."""

    name: str
    claims: list[SkillClaim]
    labels: dict[int, str]
    areas: dict[int, int | None]
    jobs: list[WorkExperience]
    education: list[Any]
    credentials: list[HeldCredential]


def read_content(passport: Passport, lang: str) -> PassportContent:
    claims = list(passport.claims.select_related("concept"))
    # Highest level first; within a level the most recently used (then updated) first.
    claims.sort(key=lambda c: (c.level, c.last_used or date.min, c.updated_at), reverse=True)
    jobs = list(passport.jobs.select_related("occupation"))
    jobs.sort(key=lambda j: (j.end is None, j.end or date.min, j.start or date.min), reverse=True)
    ids = [c.concept_id for c in claims] + [j.occupation_id for j in jobs if j.occupation_id]
    areas = areas_of(c.concept_id for c in claims)
    ids += [area for area in areas.values() if area]
    labels = {pk: shown.text for pk, shown in preferred_labels(ids, lang).items()}
    education = list(passport.education.all())
    education.sort(key=lambda e: e.completed or date.max, reverse=True)
    owner = passport.owner
    return PassportContent(
        name=owner.get_full_name() or owner.get_username(),
        claims=claims,
        labels=labels,
        areas=areas,
        jobs=jobs,
        education=education,
        credentials=list(passport.credentials.order_by("-issued_at", "-added_at")),
    )


class _Styles:
    def __init__(self) -> None:
        base = getSampleStyleSheet()
        self.title = ParagraphStyle("title", parent=base["Title"], alignment=TA_LEFT, fontSize=20)
        self.h2 = ParagraphStyle("h2", parent=base["Heading2"], spaceBefore=10, spaceAfter=4)
        self.h3 = ParagraphStyle("h3", parent=base["Heading3"], fontSize=10.5, spaceBefore=6)
        self.body = ParagraphStyle("body", parent=base["BodyText"], fontSize=9, leading=11.5)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=7.5, leading=9.5)
        self.more = ParagraphStyle("more", parent=self.body, textColor=colors.HexColor("#333333"))


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _date(value: date | None) -> str:
    return formats.date_format(value, "M Y") if value else ""


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{_date(start)} \u2013 {_date(end)}"
    if start:
        return _("since %(date)s") % {"date": _date(start)}
    if end:
        return _("until %(date)s") % {"date": _date(end)}
    return ""


def _more(count: int, singular_plural: tuple[str, str], style: ParagraphStyle) -> Paragraph:
    return _p(ngettext(*singular_plural, count) % {"count": count}, style)


TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _skills(content: PassportContent, budget: Budget, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Skills"), s.h2)]
    if not content.claims:
        return [*story, _p(_("No skills yet."), s.body)]
    shown = content.claims[: budget.skills]
    if len(shown) < len(content.claims):
        story.append(
            _p(
                _(
                    "The %(shown)d best checked and most recently used of the %(total)d skills "
                    "in this passport are listed; the others are counted below the list."
                )
                % {"shown": len(shown), "total": len(content.claims)},
                s.body,
            )
        )
    by_area: dict[int | None, list[SkillClaim]] = {}
    for claim in shown:
        by_area.setdefault(content.areas.get(claim.concept_id), []).append(claim)

    def area_name(area: int | None) -> str:
        return content.labels.get(area, "") if area else _("Other skills")

    order = sorted(by_area, key=lambda a: (a is None, -len(by_area[a]), area_name(a).lower()))
    width = A4[0] - 40 * mm
    for area in order:
        rows = [
            [
                _p(content.labels.get(c.concept_id, c.concept.uri), s.body),
                _p(short_level(c.level), s.body),
            ]
            for c in sorted(by_area[area], key=lambda c: (-c.level, c.concept_id))
        ]
        table = Table(rows, colWidths=[width * 0.7, width * 0.3], style=TABLE_STYLE)
        story.append(KeepTogether([_p(area_name(area), s.h3), table]))
    rest = Counter(claim.level for claim in content.claims[budget.skills :])
    for level in sorted(rest, reverse=True):
        count = rest[level]
        story.append(_p(_MORE_AT_LEVEL[ValidationLevel(level)](count) % {"count": count}, s.more))
    return story


def _jobs(content: PassportContent, budget: Budget, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Work experience"), s.h2)]
    if not content.jobs:
        return [*story, _p(_("No work experience yet."), s.body)]
    for job in content.jobs[: budget.jobs]:
        parts = [job.title]
        if job.employer:
            parts.append(job.employer)
        line = ", ".join(parts)
        period = _period(job.start, job.end)
        occupation = content.labels.get(job.occupation_id or 0, "")
        text = f"<b>{escape(line)}</b>"
        if period:
            text += f" ({escape(period)})"
        if occupation and occupation.lower() != job.title.lower():
            text += "<br/>" + escape(_("Occupation: %(name)s") % {"name": occupation})
        story.append(Paragraph(text, s.body))
    hidden = len(content.jobs) - budget.jobs
    if hidden > 0:
        story.append(_more(hidden, ("and %(count)d more job", "and %(count)d more jobs"), s.more))
    return story


def _education(content: PassportContent, budget: Budget, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Education"), s.h2)]
    if not content.education:
        return [*story, _p(_("No education yet."), s.body)]
    for item in content.education[: budget.education]:
        text = f"<b>{escape(item.title)}</b>"
        details = [item.institution, item.level, _date(item.completed)]
        if item.diploma:
            details.append(_("diploma or certificate obtained"))
        extra = ", ".join(d for d in details if d)
        if extra:
            text += f" ({escape(extra)})"
        story.append(Paragraph(text, s.body))
    hidden = len(content.education) - budget.education
    if hidden > 0:
        story.append(
            _more(hidden, ("and %(count)d more course", "and %(count)d more courses"), s.more)
        )
    return story


def _credentials(content: PassportContent, budget: Budget, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Credentials"), s.h2)]
    if not content.credentials:
        return [*story, _p(_("No credentials yet."), s.body)]
    for held in content.credentials[: budget.credentials]:
        details = []
        if held.issuer_name:
            details.append(_("issued by %(issuer)s") % {"issuer": held.issuer_name})
        if held.issued_at:
            details.append(formats.date_format(timezone.localtime(held.issued_at), "j M Y"))
        details.append(
            _("signature checked") if held.verified else _("signature could not be checked")
        )
        text = f"<b>{escape(held.name)}</b> ({escape(', '.join(details))})"
        story.append(Paragraph(text, s.body))
    hidden = len(content.credentials) - budget.credentials
    if hidden > 0:
        story.append(
            _more(
                hidden, ("and %(count)d more credential", "and %(count)d more credentials"), s.more
            )
        )
    return story


def _header(content: PassportContent, url: str, valid_until: date, s: _Styles) -> Flowable:
    text = [
        _p(_("Skills passport"), s.title),
        _p(content.name, s.h2),
        _p(
            _("Made on %(date)s.") % {"date": formats.date_format(timezone.localdate(), "j F Y")},
            s.body,
        ),
        _p(
            _(
                "Validation levels, from low to high: self-declared; confirmed by an adviser; "
                "endorsed by an employer; validated (EVC, assessment); certified (diploma, "
                "certificate, micro-credential)."
            ),
            s.small,
        ),
    ]
    qr = Image(io.BytesIO(qr_png(url)), width=32 * mm, height=32 * mm)
    caption = _p(
        _("Scan to check this passport and its credentials online, until %(date)s.")
        % {"date": formats.date_format(valid_until, "j F Y")},
        s.small,
    )
    link = Paragraph(f'<link href="{escape(url)}">{escape(url)}</link>', s.small)
    width = A4[0] - 40 * mm
    return Table(
        [[text, [qr, caption]], [link, ""]],
        colWidths=[width - 45 * mm, 45 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (0, 1), (1, 1)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def _render(
    content: PassportContent, budget: Budget, url: str, valid_until: date, lang: str
) -> tuple[bytes, int]:
    out = io.BytesIO()
    title = _("Skills passport of %(name)s") % {"name": content.name}
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=content.name,
        subject=_("Skills, work experience, education and credentials"),
        creator="wendbaar",
        lang=lang,
    )
    pages: list[int] = []
    footer = title

    def on_page(canvas: Any, document: Any) -> None:
        pages.append(document.page)
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(20 * mm, 9 * mm, f"{footer} · {document.page}")
        canvas.restoreState()

    s = _Styles()
    story: list[Flowable] = [_header(content, url, valid_until, s), Spacer(1, 4 * mm)]
    story += _skills(content, budget, s)
    story += _jobs(content, budget, s)
    story += _education(content, budget, s)
    story += _credentials(content, budget, s)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue(), len(pages)


def render_passport(passport: Passport, *, url: str, valid_until: date, lang: str) -> bytes:
    """The PDF in ``lang`` with a QR code for ``url``; never more than four pages."""
    with translation.override(lang):
        content = read_content(passport, lang)
        budget: Budget | None = Budget(
            skills=min(len(content.claims), 160),
            jobs=len(content.jobs),
            education=len(content.education),
            credentials=len(content.credentials),
        )
        pdf = b""
        while budget is not None:
            pdf, pages = _render(content, budget, url, valid_until, lang)
            if pages <= MAX_PAGES:
                return pdf
            budget = budget.smaller()
    raise RuntimeError("the passport does not fit on four pages even with empty lists")


def passport_pdf(passport: Passport, lang: str, absolute: Callable[[str], str]) -> bytes:
    """Make the PDF's own share link (whole passport, 90 days) and the PDF that points to it.

    ``absolute`` turns a path into a full address (``request.build_absolute_uri``).
    """
    new = create_link(passport, label=PDF_LABEL, days=PDF_DAYS)
    with translation.override(lang):
        url = absolute(reverse("passport:shared", args=[new.token]))
    valid_until = timezone.localdate(new.link.expires_at)
    return render_passport(passport, url=url, valid_until=valid_until, lang=lang)
