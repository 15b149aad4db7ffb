"""A small hand-made corpus in the shape of ESCO: Dutch and English labels, hierarchy."""

from __future__ import annotations

from wendbaar.linking.engine.corpus import Corpus, CorpusConcept, Label


def _concept(
    i: int, uri: str, kind: str, labels: list[tuple[str, str, str]], broader: tuple[int, ...] = ()
) -> CorpusConcept:
    return CorpusConcept(
        i, uri, kind, "esco", [Label(t, lang, k) for t, lang, k in labels], broader=list(broader)
    )


def small_corpus(version: str = "test-1") -> Corpus:
    return Corpus(
        [
            _concept(
                1,
                "s:heat-pumps",
                "skill",
                [
                    ("install heat pumps", "en", "pref"),
                    ("warmtepompen installeren", "nl", "pref"),
                    ("monteur warmtepompen", "nl", "alt"),
                ],
            ),
            _concept(
                2,
                "s:bookkeeping",
                "skill",
                [
                    ("keep financial records", "en", "pref"),
                    ("bookkeeping", "en", "alt"),
                    ("boekhouding bijhouden", "nl", "pref"),
                ],
            ),
            _concept(3, "s:bread", "skill", [("bake bread", "en", "pref")]),
            _concept(
                4,
                "o:contact-centre",
                "occupation",
                [
                    ("contact centre agent", "en", "pref"),
                    ("medewerker klantcontact", "nl", "pref"),
                    ("klantenservicemedewerker", "nl", "alt"),
                ],
            ),
            _concept(
                5,
                "s:weld-plastics",
                "skill",
                [("weld plastics", "en", "pref"), ("kunststof lassen", "nl", "pref")],
                broader=(6,),
            ),
            _concept(
                6,
                "s:welding",
                "skill",
                [("welding techniques", "en", "pref"), ("lastechnieken", "nl", "pref")],
            ),
            _concept(
                7,
                "s:advise-customers",
                "skill",
                [("advise customers", "en", "pref"), ("klanten adviseren", "nl", "pref")],
            ),
            _concept(
                8, "k:hygiene", "knowledge", [("hygiene in a health care setting", "en", "pref")]
            ),
            _concept(9, "s:forklift", "skill", [("operate forklift", "en", "pref")]),
            _concept(
                10,
                "s:plumbing",
                "skill",
                [
                    ("install plumbing systems", "en", "pref"),
                    ("sanitair installeren", "nl", "pref"),
                ],
            ),
            _concept(
                11,
                "o:cook",
                "occupation",
                [("cook", "en", "pref"), ("kok", "nl", "pref"), ("kokkin", "nl", "alt")],
            ),
            _concept(
                12,
                "s:patient-care",
                "skill",
                [("care for patients", "en", "pref"), ("patiënten verzorgen", "nl", "pref")],
            ),
        ],
        version,
    )
