"""The untagged-claim detector: every example kept in the rule file, exact triggers for a table of
sentences as the page scanner hands them over, the labelled corpus, and the rule file's own checks."""

import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest
import yaml

from claimcheck import detect
from claimcheck.detect import RULES, RULES_FILE, Trigger, find_trigger, fold, load_rules

RULE_DATA = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "detector_corpus.yml").read_text(encoding="utf-8"))
EXEMPTIONS = {e.id: e for e in RULES.exemptions}


def examples(section: str, key: str) -> list:
    return [pytest.param(rule["id"], text, id=f"{rule['id']}: {text}")
            for rule in RULE_DATA[section] for text in rule[key]]


@pytest.mark.parametrize("rule, sentence", examples("triggers", "flag"))
def test_trigger_reports_its_flag_examples(rule, sentence):
    trigger = find_trigger(sentence)
    assert trigger is not None and trigger.rule == rule, trigger


@pytest.mark.parametrize("rule, sentence", examples("triggers", "pass"))
def test_trigger_pass_examples_are_not_claims(rule, sentence):
    assert find_trigger(sentence) is None


@pytest.mark.parametrize("rule, sentence", examples("exemptions", "pass"))
def test_exemption_clears_its_pass_examples(rule, sentence):
    text = fold(sentence)
    assert RULES.first_match(text) is not None, "a trigger must match, or the exemption proves nothing"
    assert EXEMPTIONS[rule].clears(text)
    assert find_trigger(sentence) is None


@pytest.mark.parametrize("rule, sentence", examples("exemptions", "flag"))
def test_exemption_leaves_its_flag_examples(rule, sentence):
    assert not EXEMPTIONS[rule].clears(fold(sentence))
    assert find_trigger(sentence) is not None


@pytest.mark.parametrize("section", ["triggers", "exemptions"])
def test_every_rule_has_flag_and_pass_examples(section):
    ids = [rule["id"] for rule in RULE_DATA[section]]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    assert [r["id"] for r in RULE_DATA[section] if not r.get("flag") or not r.get("pass")] == []


@pytest.mark.parametrize("sentence, expected", [
    ("Exosomes may potentially help regrow hair.", Trigger("health-effect", "a health effect or benefit", 25, 41)),
    ("   Exosomes cure hair loss.", Trigger("cure-prevention", "a cure or prevention", 12, 16)),
    ("Our exosomes are not FDA approved.", Trigger("regulatory-status", "a regulatory status", 25, 33)),
    ("Sessions cost from $500 to $800.", Trigger("price", "a treatment price, cost or insurance coverage", 9, 18)),
    ("There is no downtime.", Trigger("recovery", "a recovery time or downtime", 12, 20)),
    ("Clinics say exosomes have no side effects                     .",
     Trigger("safety", "a safety statement", 26, 41)),
    ("Exosomes can\n  reduce joint pain.", Trigger("health-effect", "a health effect or benefit", 9, 21)),
    ("İnjections of exosomes cure baldness.", Trigger("cure-prevention", "a cure or prevention", 23, 27)),
    ("Exosome injections give worn-out joints a second chance.",
     Trigger("treatment-effect", "what a treatment is said to do", 0, 39)),
    ("Clinics say    .", None),
    ("  Costs", None),
    ("Who should not have it", None),
    ("Back to top", None),
    ("Next:   hair loss", None),
    ("See the                  costs page for what clinics charge.", None),
    ("Exosomes are tiny particles that cells release.", None),
    ("Is exosome therapy safe?", None),
    ("Ask your doctor whether exosomes could help your hair loss.", None),
    ("This page lists what clinics say about hair loss.", None),
    ("Page last reviewed 23 November 2026.", None),
    ("", None),
    # a claim word inside a business's name is passed over; the rest of the sentence still counts
    ("Skin Renewal Clinic said it had removed the post.", None),
    ("You are chatting with the assistant for Nova Skin & Hair Studio.", None),  # "&" joins a name
    ("Nova Skin & Hair Studio regrows thinning hair in eight weeks.",
     Trigger("health-effect", "a health effect or benefit", 24, 31)),
    ("Skin & Hair: thinner patches improve within weeks.",
     Trigger("health-effect", "a health effect or benefit", 0, 36)),
    ("Radiance Aesthetics Ltd reduces wrinkles in one visit.",
     Trigger("health-effect", "a health effect or benefit", 24, 40)),
    ("Restore Your Hair Naturally", Trigger("health-effect", "a health effect or benefit", 0, 7)),
    ("Minimally Invasive: less pain and quicker recovery.", Trigger("safety", "a safety statement", 0, 18)),
    # the last resort: a sentence about the body that is none of the shapes of neutral prose
    ("Dry eyes are usual in the first months.",
     Trigger("health-statement", "a statement about the body or a condition", 0, 8)),
    ("Dry eyes are a condition in which the eyes do not make enough tears.", None),
])
def test_find_trigger(sentence, expected):
    assert find_trigger(sentence) == expected


@pytest.mark.parametrize("heading, rule", [
    ("Hair Transplants vs. PRP Therapy: Pros and Cons", None),
    ("Why Turkey Has Become a Worldwide Hair Transplant Hub", None),
    ("Stem Cell Therapy for Back Pain and Spine Conditions at the Harbour Institute, Leeds", None),
    ("Step 1 – Collecting the Bone Marrow", None),
    ("Hair transplants vs. PRP therapy: pros and cons", "treatment-effect"),  # not Title Case
    ("Why Turkey has become a worldwide hair transplant hub", "treatment-effect"),
    ("5 Things Exosomes Can Do for Your Skin", "treatment-effect"),  # "can": it promises
    ("Plantar Fasciitis and PRP Treatment: A Way to Solve Heel Pain", "treatment-effect"),
    ("Stem Cell Therapy For Back Pain Works.", "treatment-effect"),  # a full stop: a sentence
    ("Exosome Therapy Regrows Hair", "health-effect"),  # not a last resort
])
def test_the_last_resorts_pass_over_title_case_headings(heading, rule):
    trigger = find_trigger(heading)
    assert (trigger and trigger.rule) == rule


@pytest.mark.parametrize("fragment, rule", [
    ("Bruising and tenderness at the injection site", "risk"),
    ("Fine lines and crepey skin around the mouth", "health-statement"),
    ("Lowering inflammation in the joint", "health-effect"),
    ("Not licensed for use in the UK", "regulatory-status"),
    ("Results vary from person to person", "outcome"),
])
def test_a_fragment_naming_a_side_effect_benefit_or_status_is_a_list_item_unless_it_is_a_heading(fragment, rule):
    assert EXEMPTIONS["heading"].clears(fold(fragment))  # the heading exemption's own patterns would clear it
    assert find_trigger(fragment).rule == rule
    assert find_trigger(fragment, heading=True) is None


def test_trigger_offsets_point_into_the_original_sentence():
    sentence = "Clinics claim  that exosomes are 100% SAFE."
    trigger = find_trigger(sentence)
    assert sentence[trigger.start:trigger.end] == "100%"


FIRST_REAL_PAGE_SET = 591  # fresh-591 on: sentences taken from real pages, reworded (see the corpus header)


def from_real_pages(entry: dict) -> bool:
    return entry["set"].startswith("fresh-") and int(entry["set"][6:]) >= FIRST_REAL_PAGE_SET


@pytest.mark.parametrize("real, min_recall, max_false_positives", [
    (False, 0.985, 0.06),  # batches written in the style of real pages
    (True, 0.88, 0.29),    # real pages: what the rules reach now, so a change that loses ground fails (target 0.95 / 0.15)
], ids=["written", "real-pages"])
def test_corpus_recall_and_false_positive_rate(real, min_recall, max_false_positives):
    entries = [e for e in CORPUS if from_real_pages(e) == real]
    claims = [e["text"] for e in entries if e["claim"]]
    others = [e["text"] for e in entries if not e["claim"]]
    missed = [s for s in claims if find_trigger(s) is None]
    flagged = [s for s in others if find_trigger(s) is not None]
    recall, fpr = 1 - len(missed) / len(claims), len(flagged) / len(others)
    report = "\n".join([f"recall {recall:.3f}, false positives {fpr:.3f}", "missed claims:", *missed,
                        "flagged non-claims:", *flagged])
    assert recall >= min_recall and fpr <= max_false_positives, report


def test_indexed_unless_lists_agree_with_searching_each_pattern():
    lists = {id(c.unless): c.unless for checks in [*RULES.candidates.values(), *RULES.last_resorts.values()]
             for c in checks}
    lists.update({id(e.unless): e.unless for e in RULES.exemptions})
    assert any(u.anchors is not None for u in lists.values()), "no list is long enough to be indexed"
    texts = [fold(e["text"]) for e in CORPUS]
    assert [[u.search(t) for t in texts] for u in lists.values()] == \
        [[any(p.search(t) for p in u.patterns) for t in texts] for u in lists.values()]


def test_every_pattern_compiles_once_vocab_is_expanded():
    assert RULES.compile_all() == sum(len(r["patterns"]) + len(r.get("unless", ())) for r in [*RULE_DATA["triggers"], *RULE_DATA["exemptions"]])


def test_a_pattern_is_compiled_when_a_sentence_first_holds_its_anchor(tmp_path):
    path = tmp_path / "rules.yml"
    path.write_text("vocab: {}\nexemptions: []\ntriggers:\n"
                    "- {id: r, category: c, patterns: ['\\bcures?\\b', '\\bheals\\b'], flag: [x], pass: [y]}\n", encoding="utf-8")
    rules = load_rules(path)
    assert rules.hot == {}  # nothing is linked before a sentence holds an anchor
    assert rules.first_match("it cures all") is not None
    (functions, checks, last), = [rules.hot["cures"]]
    assert functions == [checks[0].regex.regex.match] and last is None  # the compiled regex's, with no wrapper call
    assert rules.candidates["heals"][0].regex._regex is None  # not used yet: not compiled


def test_an_anchor_linked_before_or_after_its_pattern_is_compiled_gets_the_compiled_match(tmp_path):
    """One pattern, two anchors: the first sentence links "heals" and compiles the pattern (its slot is
    then updated); "cures", linked afterwards, must not keep the lazy wrapper."""
    path = tmp_path / "rules.yml"
    path.write_text("vocab: {}\nexemptions: []\ntriggers:\n"
                    "- {id: r, category: c, patterns: ['\\b(?:cures?|heals)\\b'], flag: [x], pass: [y]}\n", encoding="utf-8")
    rules = load_rules(path)
    assert [rules.first_match(s) is not None for s in ("it heals", "it cures", "it helps")] == [True, True, False]
    pattern = rules.candidates["cure"][0].regex
    assert rules.hot["heals"][0] == rules.hot["cures"][0] == [pattern.regex.match]


def test_vocab_names_as_one_character_branches_are_anchored_on_their_words(tmp_path):
    """The regex parser turns "\\b{a} | \\b{b}" into a character class of two stand-ins; indexed under the
    stand-ins themselves, such a pattern never ran."""
    path = tmp_path / "rules.yml"
    path.write_text("vocab: {a: '(?: knees? | hips? )', b: '(?: scalp )'}\nexemptions: []\ntriggers:\n"
                    "- {id: r, category: c, patterns: ['\\b{a} | \\b{b}'], flag: [x], pass: [y]}\n", encoding="utf-8")
    rules = load_rules(path)
    assert {"knee", "hip", "scalp"} <= set(rules.candidates)
    assert [rules.first_match(s) is not None for s in ("my knees ache", "a dry scalp", "a stiff back")] == [True, True, False]


def test_corpus_is_large_and_balanced():
    claims = sum(e["claim"] for e in CORPUS)
    assert len(CORPUS) >= 400 and 0.4 <= claims / len(CORPUS) <= 0.6
    assert len({e["text"] for e in CORPUS}) == len(CORPUS), "duplicate sentences"


@pytest.mark.parametrize("trigger_yaml, error", [
    ("- {id: r, category: c, patterns: ['{nope}'], flag: [x], pass: [y]}", "unknown vocab name"),
    ("- {id: r, category: c, patterns: ['\\bFDA\\b'], flag: [x], pass: [y]}", "lower case"),
    ("- {id: r, category: c, patterns: ['(cure)'], flag: [x], pass: [y]}", "capturing groups"),
    ("- {id: r, category: c, patterns: ['\\w+\\s+cure'], flag: [x], pass: [y]}", "must start with a literal"),
    ("- {id: r, category: c, patterns: ['cure('], flag: [x], pass: [y]}", "bad pattern"),
    ("- {id: r, category: c, patern: ['cure'], flag: [x], pass: [y]}", "unknown ['patern']"),
])
def test_rule_file_mistakes_are_reported(tmp_path, trigger_yaml, error):
    path = tmp_path / "rules.yml"
    path.write_text(f"vocab: {{}}\nexemptions: []\ntriggers:\n{trigger_yaml}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(error)):
        load_rules(path)


@pytest.fixture
def cache_beside_rules(monkeypatch):
    """The rule cache where editors get it, in __pycache__ beside the rule file (the tests' own goes under a prefix)."""
    monkeypatch.setattr(sys, "pycache_prefix", None)


@pytest.mark.usefixtures("cache_beside_rules")
def test_the_rule_set_is_cached_beside_the_rule_file_and_a_bad_cache_is_ignored(tmp_path, monkeypatch):
    path = tmp_path / "rules.yml"
    path.write_bytes(RULES_FILE.read_bytes())
    first = load_rules(path)
    cached = list((tmp_path / "__pycache__").glob("rules.*.rules"))
    assert len(cached) == 1
    load_rules.cache_clear()
    with monkeypatch.context() as patched:
        patched.setattr(detect.yaml, "load", None)  # built from the cache: the rule file is not parsed again
        second = load_rules(path)
    cached[0].write_bytes(b"not a pickle")
    load_rules.cache_clear()
    third = load_rules(path)
    sentences = [fold(e["text"]) for e in CORPUS]
    expected = [(first.first_match(s), first.exemption_for(s)) for s in sentences]
    for rules in (second, third):
        assert set(rules.candidates) == set(first.candidates) and rules.anchors.pattern == first.anchors.pattern
        assert [(rules.first_match(s), rules.exemption_for(s)) for s in sentences] == expected


@pytest.mark.usefixtures("cache_beside_rules")
def test_the_rule_set_is_cached_without_deep_recursion(tmp_path):
    """Pickling once followed each pattern to the hot-loop lists holding it, and on to the patterns in them:
    a chain that grew with the rule file until it passed Python's recursion limit (a traceback at load)."""
    path = tmp_path / "rules.yml"
    path.write_bytes(RULES_FILE.read_bytes())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 200)
    try:
        load_rules(path)
    finally:
        sys.setrecursionlimit(limit)
    assert len(list((tmp_path / "__pycache__").glob("rules.*.rules"))) == 1


@pytest.mark.usefixtures("cache_beside_rules")
def test_caching_an_edited_rule_file_drops_the_cache_of_its_earlier_version(tmp_path):
    """Every edit of the rule file used to leave its old cache (megabytes each) in __pycache__ for good."""
    path = tmp_path / "rules.yml"
    path.write_bytes(RULES_FILE.read_bytes())
    load_rules(path)
    before = set((tmp_path / "__pycache__").glob("rules.*.rules"))
    other = tmp_path / "__pycache__" / "other.0123456789abcdef0123.rules"
    other.write_bytes(b"a cache of another rule file")
    other_python = tmp_path / "__pycache__" / "rules.cpython-399.0123456789abcdef0123.rules"
    other_python.write_bytes(b"the cache of this rule file under another Python")
    untagged = tmp_path / "__pycache__" / "rules.0123456789abcdef0123.rules"
    untagged.write_bytes(b"a cache written before caches were named by Python")
    path.write_bytes(RULES_FILE.read_bytes() + b"\n# edited\n")
    load_rules.cache_clear()
    load_rules(path)
    after = set((tmp_path / "__pycache__").glob("rules.*.rules")) - {other_python}
    assert len(before) == len(after) == 1 and before != after
    assert other.exists() and other_python.exists() and not untagged.exists()


@pytest.mark.usefixtures("cache_beside_rules")
def test_a_rule_file_with_a_mistake_leaves_no_cache(tmp_path):
    path = tmp_path / "rules.yml"
    path.write_text("vocab: {}\nexemptions: []\ntriggers:\n- {id: r, category: c, patterns: ['\\w+\\s+cure'], flag: [x], pass: [y]}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="must start with a literal"):
        load_rules(path)
    assert not (tmp_path / "__pycache__").exists()


def test_under_a_pycache_prefix_the_rule_set_is_cached_there_as_a_pyc_would_be(tmp_path, monkeypatch):
    """`make test` compiles every pattern; its cache (24 MB) beside the shipped rule file slowed each later start-up."""
    path = tmp_path / "project" / "rules.yml"
    path.parent.mkdir()
    path.write_bytes(RULES_FILE.read_bytes())
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    load_rules(path)
    folder = Path(importlib.util.cache_from_source(str(path.with_suffix(".py")))).parent
    assert [p.parent for p in (tmp_path / "prefix").rglob("rules.*.rules")] == [folder]
    assert folder.is_relative_to(tmp_path / "prefix") and not (path.parent / "__pycache__").exists()
