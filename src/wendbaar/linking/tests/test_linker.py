from __future__ import annotations

import numpy as np
import pytest

from wendbaar.errors import InputError
from wendbaar.linking.engine.corpus import Corpus, Label
from wendbaar.linking.engine.errors import LinkingInputError
from wendbaar.linking.engine.linker import Linker
from wendbaar.linking.tests.corpus_fixture import small_corpus


def best(linker: Linker, text: str, **kwargs) -> str | None:
    found = linker.link(text, top=3, **kwargs)
    return found[0].uri if found else None


@pytest.mark.parametrize(
    ("query", "uri"),
    [
        ("warmtepompmonteur", "s:heat-pumps"),  # compound against "monteur warmtepompen"
        ("boekhoudnig", "s:bookkeeping"),  # typo
        ("Médewerker Klantcontact (32 uur)", "o:contact-centre"),  # case, accent, noise
        ("patienten verzorgen", "s:patient-care"),  # accent missing in the query
        ("kokkinnen", "o:cook"),  # inflection
        ("Installing heat pumps", "s:heat-pumps"),
    ],
)
def test_lexical_stage_alone(lexical_linker: Linker, query: str, uri: str):
    assert lexical_linker.dense is None
    assert best(lexical_linker, query) == uri


def test_candidate_explains_itself(lexical_linker: Linker):
    top = lexical_linker.link("warmtepompmonteur", top=1)[0]
    assert top.label == "monteur warmtepompen"
    assert top.label_lang == "nl"
    assert top.kind == "skill"
    assert top.concept_id == 1
    assert top.dense is None
    assert 0 < top.lexical <= top.score + 1e-6
    assert top.as_dict()["stages"]["lexical"] == round(top.lexical, 4)


def test_kinds_filter(lexical_linker: Linker):
    assert {c.kind for c in lexical_linker.link("kok", kinds=["occupation"])} == {"occupation"}
    skills = lexical_linker.link("hygiene", kinds=["skill"])  # "skill" includes knowledge
    assert skills[0].uri == "k:hygiene"
    assert lexical_linker.link("kok", kinds=["isco_group"]) == []


@pytest.mark.parametrize(
    "text", ["", "   \n\t", "🙂🚀✨", "de het een van", "the of and", "我是工程师"]
)
def test_nothing_to_link_gives_nothing(lexical_linker: Linker, text: str):
    assert lexical_linker.link(text) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 1001, "too long"),
        (b"warmtepomp", "bytes"),
        (None, "expected text"),
        ("warmte\x00pomp", "binary"),
    ],
)
def test_bad_input_is_a_clear_error(lexical_linker: Linker, text: object, message: str):
    with pytest.raises(LinkingInputError, match=message) as raised:
        lexical_linker.link(text)  # type: ignore[arg-type]
    assert isinstance(raised.value, InputError)


def test_link_many_keeps_order(lexical_linker: Linker):
    found = lexical_linker.link_many(["kok", "", "bake bread"])
    assert [r[0].uri if r else None for r in found] == ["o:cook", None, "s:bread"]


def test_cache_is_reused_and_rebuilt_only_for_changes(tmp_path, encoder):
    first = Linker.build(small_corpus(), encoder, cache_dir=tmp_path)
    assert not first.info.lexical_from_cache
    assert first.info.encoded > 0
    again = Linker.build(small_corpus(), encoder, cache_dir=tmp_path)
    assert again.info.lexical_from_cache
    assert again.info.encoded == 0
    assert again.dense is not None and first.dense is not None
    assert np.allclose(again.dense.vectors, first.dense.vectors)

    changed = small_corpus("test-2")
    changed.concepts[2].labels.append(Label("bread baking", "en", "alt"))
    rebuilt = Linker.build(Corpus(changed.concepts, "test-2"), encoder, cache_dir=tmp_path)
    assert not rebuilt.info.lexical_from_cache  # another corpus hash
    assert rebuilt.info.encoded == 1  # only the new label
    assert rebuilt.link("bread baking", top=1)[0].label == "bread baking"


def test_damaged_cache_is_rebuilt(tmp_path):
    Linker.build(small_corpus(), None, cache_dir=tmp_path)
    for path in tmp_path.glob("lexical-*.npz"):
        path.write_bytes(b"not a numpy file")
    linker = Linker.build(small_corpus(), None, cache_dir=tmp_path)
    assert not linker.info.lexical_from_cache
    assert best(linker, "kok") == "o:cook"


def test_dense_stage_links_dutch_to_english_only_concepts(dense_linker: Linker):
    # These concepts have no Dutch label at all, and no word in common with the query.
    assert best(dense_linker, "brood bakken", lang="nl") == "s:bread"
    assert best(dense_linker, "vorkheftruck bedienen") == "s:forklift"
    assert best(dense_linker, "hygiëne in de zorg") == "k:hygiene"
    top = dense_linker.link("brood bakken", top=1)[0]
    assert top.dense is not None and top.dense > 0.8


def test_dense_linker_keeps_lexical_strengths(dense_linker: Linker):
    assert best(dense_linker, "warmtepompmonteur") == "s:heat-pumps"
    assert best(dense_linker, "boekhoudnig") == "s:bookkeeping"
    assert dense_linker.link("🙂") == []


def test_long_but_allowed_query(lexical_linker: Linker):
    text = ("warmtepompen installeren " * 40)[:1000]
    assert best(lexical_linker, text) == "s:heat-pumps"
