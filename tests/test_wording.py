"""Wording matches the evidence level: every example kept in the rule file, exact issues for a table
of statements, and the rule file's own checks."""

import re
from pathlib import Path

import pytest
import yaml

from claimcheck.wording import RULES, RULES_FILE, WordingIssue, check_wording, load_rules

RULE_DATA = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
LEVELS_FILE = Path(__file__).parents[1] / "claims" / "levels.yml"


def examples(key: str) -> list:
    return [pytest.param(rule["id"], ex["statement"], ex["level"], id=f"{rule['id']}: {ex['level']}: {ex['statement']}")
            for rule in RULE_DATA["rules"] for ex in rule[key]]


def rules_reported(statement: str, level: str) -> set[str]:
    return {issue.rule for issue in check_wording(statement, level)}


@pytest.mark.parametrize("rule, statement, level", examples("flag"))
def test_rule_reports_its_flag_examples(rule, statement, level):
    assert rule in rules_reported(statement, level)


@pytest.mark.parametrize("rule, statement, level", examples("pass"))
def test_rule_accepts_its_pass_examples(rule, statement, level):
    assert rule not in rules_reported(statement, level)


def test_every_rule_has_flag_and_pass_examples():
    ids = [rule["id"] for rule in RULE_DATA["rules"]]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    assert [r["id"] for r in RULE_DATA["rules"] if not r.get("flag") or not r.get("pass")] == []


@pytest.mark.skipif(not LEVELS_FILE.exists(), reason="no claims/levels.yml")
def test_levels_are_the_registry_levels():
    levels = yaml.safe_load(LEVELS_FILE.read_text(encoding="utf-8"))
    assert list(RULES.levels) == [level["id"] for level in levels]


ABSOLUTE = "absolute-below-established"
MODEL = "preclinical-without-model"
ATTRIBUTION = "marketing-without-attribution"
CAVEAT = "early-trial-without-caveat"


@pytest.mark.parametrize("statement, level, expected", [
    ("Exosomes cure hair loss.", "established", []),
    ("Exosomes cure hair loss in mice.", "preclinical", [(ABSOLUTE, 9)]),
    ("Exosomes cure hair loss.", "preclinical", [(MODEL, 0), (ABSOLUTE, 9)]),
    ("Exosome therapy is proven and 100% safe.", "marketing", [(ATTRIBUTION, 0), (ABSOLUTE, 19), (ABSOLUTE, 30)]),
    ("Clinics say the treatment is completely safe.", "marketing", [(ABSOLUTE, 29)]),
    ('Clinics say the treatment is "completely safe".', "marketing", []),
    ('The treatment is "completely safe".', "marketing", [(ATTRIBUTION, 0), (ABSOLUTE, 18)]),
    ('In one small study of 20 men the treatment was "risk-free".', "early-trial", [(ABSOLUTE, 48)]),
    ("Exosomes have not been proven to regrow hair in 16 men.", "early-trial", []),
    ("Exosomes have been proven to regrow hair in 16 men.", "early-trial", [(ABSOLUTE, 19)]),
    ("In mice, exosomes did **not** cure arthritis.", "preclinical", []),
    ("There is no cure, but in rats exosomes cured arthritis.", "preclinical", [(ABSOLUTE, 39)]),
    ("In mice, [exosomes](https://example.org/cure-arthritis) slowed cartilage loss.", "preclinical", []),
    ("**Cures** baldness in rats.", "preclinical", [(ABSOLUTE, 2)]),
    ("A phase 1 trial is registered.", "early-trial", []),
    ("Pain fell after injections.", "early-trial", [(CAVEAT, 0)]),
])
def test_check_wording(statement, level, expected):
    assert [(issue.rule, issue.start) for issue in check_wording(statement, level)] == expected


def test_messages_are_sentences_ending_with_a_rewording():
    assert check_wording("Exosomes cure hair loss in mice.", "preclinical") == [WordingIssue(
        ABSOLUTE, 9,
        "The statement says 'cure' at level 'preclinical', which claims more than the evidence shows; "
        "say what was seen instead, e.g. 'In lab studies, exosomes made hair follicle cells grow faster.'")]
    assert check_wording("Exosome therapy regrows hair.", "marketing") == [WordingIssue(
        ATTRIBUTION, 0,
        "The statement is at level 'marketing' but reads as our own finding; "
        "say who claims it, e.g. 'Clinics advertise that exosome therapy regrows hair.'")]
    [issue] = check_wording("Clinics say it is 100 % safe.", "marketing")
    assert issue.message.startswith("The statement says '100 %' at level 'marketing'")
    assert issue.message.endswith("""e.g. 'Clinics advertise the treatment as "completely safe".'""")


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError, match="unknown evidence level 'proven'"):
        check_wording("Exosomes regrow hair.", "proven")


@pytest.mark.parametrize("rule_yaml, error", [
    ("{levels: [preclinical], require: 'mice', message: m}", "needs"),
    ("{levels: [preclinical], forbid: x, require: y, message: m, advice: {preclinical: a}}", "one of forbid/require"),
    ("{levels: [proven], require: 'x', message: m, advice: {proven: a}}", "unknown levels ['proven']"),
    ("{levels: [preclinical], require: 'x', message: m, advice: {}}", "without advice"),
    ("{levels: [preclinical], require: '(x', message: m, advice: {preclinical: a}}", "bad pattern"),
    ("{levels: [preclinical], require: 'Mice', message: m, advice: {preclinical: a}}", "write patterns in lower case"),
])
def test_rule_file_mistakes_are_reported(tmp_path, rule_yaml, error):
    rule = yaml.safe_load(rule_yaml) | {"id": "r", "flag": [], "pass": []}
    path = tmp_path / "wording.yml"
    data = {"levels": ["established", "preclinical"], "attribution": "clinics", "rules": [rule]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(error)):
        load_rules(path)
