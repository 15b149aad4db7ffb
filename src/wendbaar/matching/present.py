"""Engine results as plain dicts for the pages, the API and the command line: labels in
the reader's language, every flag with a sentence that explains it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.matching import service
from wendbaar.matching.engine.engine import MatchingEngine
from wendbaar.matching.engine.filters import Flag
from wendbaar.matching.engine.fit import PARTIAL_MIN, FitReport, TargetFit
from wendbaar.matching.engine.paths import CareerPath
from wendbaar.matching.engine.profiles import Resolution
from wendbaar.matching.engine.query import TransitionOption, TransitionResult
from wendbaar.matching.engine.signals import OccupationSignals
from wendbaar.matching.engine.upskilling import SkillUnlock
from wendbaar.taxonomy.display import preferred_labels, reader_language

SECTOR_NAMES = {
    "care": gettext_lazy("care"),
    "education": gettext_lazy("education"),
    "technology": gettext_lazy("technology"),
    "ict": gettext_lazy("ICT"),
    "energy": gettext_lazy("energy transition"),
    "green": gettext_lazy("green"),
    "digital": gettext_lazy("digital"),
}
FLAG_TITLES = {
    "viable": gettext_lazy("Skills match"),
    "desirable": gettext_lazy("Wage"),
    "in_demand": gettext_lazy("Demand"),
    "sector": gettext_lazy("Sector"),
    "effort": gettext_lazy("Effort"),
}
REASON_NAMES = {
    "same": gettext_lazy("the same skill"),
    "similar": gettext_lazy("a similar skill"),
    "related": gettext_lazy("a related skill"),
    "broader": gettext_lazy("a more specific skill"),
    "narrower": gettext_lazy("a broader skill"),
    "sibling": gettext_lazy("a skill of the same kind"),
}
GUIDANCE = {
    "fit.empty_passport": gettext_lazy(
        "Your passport has no skills yet. Add skills you have, or choose a job you do or "
        "did, and we will show where they can take you."
    ),
    "transitions.empty_passport": gettext_lazy(
        "Your passport has no skills yet. Add skills you have, or choose a job you do or "
        "did, and we will show where they can take you."
    ),
    "transitions.unknown_occupation": gettext_lazy(
        "We do not know this occupation. Search for it by name and pick it from the list."
    ),
}
ISSUE_TEXTS = {
    "unknown": gettext_lazy("%(uri)s is not in the loaded taxonomy and was left out."),
    "replaced": gettext_lazy("%(uri)s is outdated; its replacement %(resolved)s was used."),
    "deprecated": gettext_lazy(
        "%(uri)s is no longer in the current ESCO version and was left out."
    ),
}


def _money(value: object) -> str:
    return f"{float(value):.2f}" if isinstance(value, (int, float)) else "?"  # type: ignore[arg-type]


def flag_text(flag: Flag) -> str:
    v = flag.values
    if flag.name == "viable":
        score = v["score"]
        if flag.message == "viable.highly":
            return _("Very good match: the skills score %(score)s, above %(high)s.") % {
                "score": score,
                "high": round(float(v["highly_viable_threshold"]), 2),  # type: ignore[arg-type]
            }
        if flag.message == "viable.yes":
            return _("Good match: the skills score %(score)s, at least %(low)s.") % {
                "score": score,
                "low": round(float(v["threshold"]), 2),  # type: ignore[arg-type]
            }
        return _("Not yet a good match: the skills score %(score)s, below %(low)s.") % {
            "score": score,
            "low": round(float(v["threshold"]), 2),  # type: ignore[arg-type]
        }
    if flag.name == "desirable":
        if flag.passed is None:
            return _("No wage figures to compare with.")
        values = {
            "expected": _money(v["expected_wage"]),
            "current": _money(v["current_wage"]),
            "share": round(float(v["share"]) * 100),  # type: ignore[arg-type]
        }
        text = (
            _("Usual wage €%(expected)s an hour: at least %(share)s%% of €%(current)s.")
            if flag.passed
            else _("Lower wage: €%(expected)s an hour, less than %(share)s%% of €%(current)s.")
        ) % values
        if v.get("wage_level") not in ("group", None):
            text += " " + _("(Figure of the wider occupation group %(brc)s.)") % {
                "brc": v["wage_brc"]
            }
        return text
    if flag.name == "in_demand":
        if flag.passed is None:
            return _("No figures on demand for this occupation group.")
        values = {"category": v["category"], "region": v["region"], "period": v["period"]}
        text = (
            _("Many vacancies: the labour market is %(category)s in %(region)s (%(period)s).")
            if flag.passed
            else _("Not a shortage: the labour market is %(category)s in %(region)s (%(period)s).")
        ) % values
        if v.get("national_fallback"):
            text += " " + _("There is no figure for your region; this is the national one.")
        return text
    if flag.name == "sector":
        matches = [str(SECTOR_NAMES.get(s, s)) for s in v.get("matches", [])]  # type: ignore[attr-defined]
        if flag.passed is None:
            return _("No sector chosen.")
        if flag.passed:
            return _("In the chosen sector: %(sectors)s.") % {"sectors": ", ".join(matches)}
        return _("Not in the chosen sectors.")
    if flag.name == "effort":
        values = {
            "missing": v["missing_essential"],
            "knowledge": v["missing_knowledge"],
            "points": v["effort_points"],
        }
        text = (
            _(
                "%(missing)s essential skills to learn (%(knowledge)s of them knowledge); "
                "effort %(points)s points."
            )
            % values
        )
        if flag.passed is False:
            text += " " + _("More than the effort you chose.")
        return text
    return flag.message


def flag_dict(flag: Flag) -> dict[str, Any]:
    return {
        "name": flag.name,
        "title": str(FLAG_TITLES.get(flag.name, flag.name)),
        "passed": flag.passed,
        "message": flag.message,
        "text": flag_text(flag),
        "values": flag.values,
    }


class Labels:
    """Labels in the reader's language for engine positions. The first use in a language
    reads the labels of every occupation and skill of the engine (a few queries, once per
    process and taxonomy version), so a page never waits for labels again."""

    chunk = 5000  # concept ids per query (well below any database's limit on parameters)

    def __init__(self, engine: MatchingEngine):
        self.engine = engine
        self.ids = service.database_profiles().concept_ids
        self.lang = reader_language()
        self.cache = service.label_cache()
        if (self.lang, "") not in self.cache:  # not yet every label of this language
            self._load_all()

    def _load_all(self) -> None:
        ids = list(self.ids.values())
        found = {}
        for start in range(0, len(ids), self.chunk):
            found.update(preferred_labels(ids[start : start + self.chunk], self.lang))
        for uri, concept_id in self.ids.items():
            self.cache[(self.lang, uri)] = found.get(concept_id)
        self.cache[(self.lang, "")] = None

    def _get(self, uri: str, fallback: str) -> dict[str, Any]:
        shown = self.cache.get((self.lang, uri))
        if shown is None:
            return {"uri": uri, "label": fallback, "lang": "en", "fallback": True}
        return {"uri": uri, "label": shown.text, "lang": shown.lang, "fallback": shown.fallback}

    def occupation(self, index: int) -> dict[str, Any]:
        occ = self.engine.profiles.occupations[index]
        return self._get(occ.uri, occ.label)

    def skill(self, index: int) -> dict[str, Any]:
        skills = self.engine.profiles.skills
        return self._get(skills.uris[index], skills.labels[index])


def signals_dict(signals: OccupationSignals | None) -> dict[str, Any] | None:
    if signals is None:
        return None
    return {
        "brc": signals.brc,
        "brc_label": signals.brc_label,
        "wage": (
            {
                "p25": signals.wage.p25,
                "p50": signals.wage.p50,
                "p75": signals.wage.p75,
                "brc": signals.wage.brc,
                "level": signals.wage.level,
            }
            if signals.wage
            else None
        ),
        "employees_thousands": signals.employees_thousands,
        "green": signals.green,
        "digital": signals.digital,
        "sectors": sorted(signals.sectors),
        "sector_names": [str(SECTOR_NAMES.get(s, s)) for s in sorted(signals.sectors)],
    }


def issues_list(issues: Iterable[Resolution]) -> list[dict[str, str]]:
    out = []
    for issue in issues:
        status = service.describe_issue(issue)
        text = ISSUE_TEXTS.get(status, ISSUE_TEXTS["unknown"]) % {
            "uri": issue.uri,
            "resolved": issue.resolved_uri,
        }
        out.append(
            {
                "uri": issue.uri,
                "status": status,
                "resolved_uri": issue.resolved_uri,
                "text": str(text),
            }
        )
    return out


def _option_skills(
    engine: MatchingEngine, option: TransitionOption
) -> tuple[list[int], list[tuple[int, float]], list[int]]:
    gaps = dict(option.gaps)
    essential = engine.profiles.essential_of(option.destination).tolist()
    covered = [s for s in essential if s not in gaps]
    partial = [(s, 1 - g) for s, g in option.gaps if g <= 1 - PARTIAL_MIN]
    missing = [s for s, g in option.gaps if g > 1 - PARTIAL_MIN]
    return covered, partial, missing


def transitions_dict(
    engine: MatchingEngine, result: TransitionResult, origin: int | None = None
) -> dict[str, Any]:
    labels = Labels(engine)
    options = []
    for option in result.options:
        covered, partial, missing = _option_skills(engine, option)
        options.append(
            {
                "occupation": labels.occupation(option.destination),
                "scores": {k: round(v, 4) for k, v in option.scores.items()},
                "flags": [flag_dict(f) for f in option.flags.values()],
                "signals": signals_dict(
                    engine.market[option.destination] if engine.market else None
                ),
                "covered": [labels.skill(s) for s in covered],
                "partial": [dict(labels.skill(s), credit=round(c, 2)) for s, c in partial],
                "missing": [labels.skill(s) for s in missing],
            }
        )
    out: dict[str, Any] = {
        "status": result.status,
        "guidance": str(GUIDANCE.get(result.guidance, "")) if result.guidance else "",
        "issues": issues_list(result.issues),
        "thresholds": {
            "viable": round(float(engine.matrix.thresholds.viable), 4),
            "highly_viable": round(float(engine.matrix.thresholds.highly_viable), 4),
        },
        "options": options,
        "demo_figures": service.demo_figures(),
    }
    if origin is not None:
        out["origin"] = labels.occupation(origin)
        out["origin_signals"] = signals_dict(engine.market[origin] if engine.market else None)
    return out


def fit_dict(engine: MatchingEngine, report: FitReport, kind: str = "occupation") -> dict[str, Any]:
    """A fit report; ``kind`` "vacancy" leaves target labels to the caller."""
    labels = Labels(engine)
    return {
        "status": report.status,
        "guidance": str(GUIDANCE.get(report.guidance, "")) if report.guidance else "",
        "issues": issues_list(report.issues),
        "results": [target_fit_dict(labels, f, kind) for f in report.fits],
    }


def fit_summary(engine: MatchingEngine, report: FitReport) -> list[dict[str, Any]]:
    """The best-fitting occupations with how many of their skills are covered and missing:
    what "where your skills fit best now" shows, without a dict per requirement."""
    labels = Labels(engine)
    return [
        {
            "occupation": labels.occupation(f.target),
            "covered": sum(r.status == "covered" for r in f.requirements),
            "missing": sum(r.status == "missing" for r in f.requirements),
        }
        for f in report.fits
    ]


def target_fit_dict(labels: Labels, fit: TargetFit, kind: str = "occupation") -> dict[str, Any]:
    def requirement(r: Any) -> dict[str, Any]:
        out = dict(
            labels.skill(r.skill), essential=r.essential, status=r.status, credit=round(r.credit, 3)
        )
        if r.by_skill is not None and r.status != "missing":
            out["by"] = labels.skill(r.by_skill)
            out["reason"] = r.reason
            out["reason_text"] = str(REASON_NAMES.get(r.reason, r.reason))
        return out

    row: dict[str, Any] = {
        "score": round(fit.score, 4),
        "relevance": round(fit.relevance, 4),
        "readiness": round(fit.readiness, 4),
        "essential_coverage": round(fit.essential_coverage, 4),
        "optional_coverage": round(fit.optional_coverage, 4),
        "covered": [requirement(r) for r in fit.requirements if r.status == "covered"],
        "partial": [requirement(r) for r in fit.requirements if r.status == "partial"],
        "missing": [requirement(r) for r in fit.requirements if r.status == "missing"],
    }
    if kind == "occupation":
        row["occupation"] = labels.occupation(fit.target)
    else:
        row["target"] = fit.target
    return row


def paths_list(engine: MatchingEngine, paths: list[CareerPath]) -> list[dict[str, Any]]:
    labels = Labels(engine)
    return [
        {
            "steps": [labels.occupation(s) for s in p.steps],
            "scores": [round(x, 4) for x in p.scores],
            "weakest": round(p.weakest, 4),
            "length": len(p.steps) - 1,
        }
        for p in paths
    ]


def upskilling_list(engine: MatchingEngine, unlocks: list[SkillUnlock]) -> list[dict[str, Any]]:
    labels = Labels(engine)
    return [
        {
            "skill": labels.skill(u.skill),
            "unlocks": [
                dict(labels.occupation(o), score=round(g, 4))
                for o, g in zip(u.unlocked, u.gains, strict=True)
            ],
        }
        for u in unlocks
    ]
