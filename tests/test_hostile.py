"""Hostile and unusual input through the real `claims` command: one exact line each, exit 1, no traceback,
within 5 s and 1 GB of memory; valid but unusual input is accepted."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

CLAIMS = Path(sys.executable).parent / "claims"
CLAIM = """- id: extra-claim
  statement: The regulator says exosome products need approval.
  level: established
  sources: [regulator-notice]
  reviewed: 2026-11-01
"""
LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
YAML_FIX = "fix the YAML syntax (indent with spaces, quote text that contains ': ' or '#')"


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLAIMS), "check", "--today", "2026-11-23", *args], cwd=project, capture_output=True,
                          timeout=5, preexec_fn=limited, text=True)


HOSTILE = [
    ("yaml-syntax", "claims/extra.yml", "- id: x\n  statement: 'unclosed\n",
     f"claims/extra.yml:3:1: yaml-error: found unexpected end of stream; {YAML_FIX}"),
    ("tab-indent", "claims/extra.yml", "- id: x\n\tlevel: marketing\n",
     f"claims/extra.yml:2:1: yaml-error: a tab character cannot indent YAML; {YAML_FIX}"),
    ("empty-file", "claims/extra.yml", "", "claims/extra.yml:1:1: yaml-error: the file is empty; add a YAML list of entries or delete the file"),
    ("mapping-not-list", "claims/extra.yml", "id: x\nstatement: y\n",
     "claims/extra.yml:1:1: yaml-error: the file must be a YAML list of entries, each starting with '- id:'; make each entry a list item"),
    ("number-as-id", "claims/extra.yml", CLAIM.replace("id: extra-claim", "id: 7"),
     "claims/extra.yml:1:7: invalid-claim: this claim: 'id' must be text; write id: followed by text"),
    ("string-as-sources", "claims/extra.yml", CLAIM.replace("[regulator-notice]", "regulator-notice"),
     "claims/extra.yml:4:12: invalid-claim: claim 'extra-claim': 'sources' must be a list; write sources: followed by a list"),
    ("duplicate-across-files", "claims/zz.yml", CLAIM.replace("extra-claim", "hair-small-study-density"),
     "claims/zz.yml:1:3: duplicate-claim: claim 'hair-small-study-density' is already defined at claims/topic.yml:12; rename one or merge them"),
    ("unknown-key", "claims/extra.yml", CLAIM + "  sourcse: []\n",
     "claims/extra.yml:6:3: invalid-claim: claim 'extra-claim' has an unknown field 'sourcse'; did you mean 'sources'? "
     "allowed fields are: id, statement, level, sources, reviewed, note"),
    ("unknown-level", "claims/extra.yml", CLAIM.replace("level: established", "level: proven"),
     "claims/extra.yml:3:10: unknown-level: claim 'extra-claim': level 'proven' is not on the evidence scale; "
     "use one of: established, early-trial, preclinical, marketing"),
    ("unknown-source", "claims/extra.yml", CLAIM.replace("[regulator-notice]", "[made-up-2024]"),
     "claims/extra.yml:4:13: unknown-source: claim 'extra-claim' cites 'made-up-2024', which is not in claims/sources.yml; "
     "add the source (with its verified_at pages) or fix the id"),
    ("billion-laughs", "claims/extra.yml", LAUGHS,
     "claims/extra.yml:2:8: yaml-error: aliases (*name) are not allowed; write the value out in full"),
    ("python-object-tag", "claims/extra.yml", "- !!python/object/new:os.system [echo hi]\n",
     "claims/extra.yml:1:3: yaml-error: the tag 'tag:yaml.org,2002:python/object/new:os.system' is not allowed; remove it"),
    ("script-in-statement", "claims/extra.yml", CLAIM.replace("need approval.", "need <script>alert(1)</script>."),
     "claims/extra.yml:2:14: invalid-claim: claim 'extra-claim': 'statement' contains raw HTML; write plain text with Markdown only"),
    ("event-handler-in-note", "claims/extra.yml", CLAIM + "  note: 'x\" onmouseover=\"alert(1)'\n",
     "claims/extra.yml:6:9: invalid-claim: claim 'extra-claim': 'note' contains raw HTML; write plain text with Markdown only"),
    ("javascript-url-in-note", "claims/extra.yml", CLAIM + "  note: '[see](javascript:alert(1))'\n",
     "claims/extra.yml:6:9: unsafe-link: claim 'extra-claim': 'note' links to 'javascript:alert(1)'; only http(s) links are allowed, write the full https:// address"),
    ("nested-reference", "claims/extra.yml", CLAIM.replace("need approval.", "need {claim:hair-small-study-density}."),
     "claims/extra.yml:2:14: invalid-claim: claim 'extra-claim': 'statement' contains a claim reference; write the words out, claims cannot nest"),
    ("unclosed-suppression", "docs/extra.md", "---\nreviewed: 2026-11-01\n---\n\n<!-- not-a-claim: quoting -->\nText.\n",
     "docs/extra.md:5:1: suppression-error: this not-a-claim passage is never closed; add <!-- end-not-a-claim --> where the passage ends"),
    ("non-utf8-page", "docs/extra.md", b"---\nreviewed: 2026-11-01\n---\n\nSome \xff\xfe text.\n",
     "docs/extra.md:5:6: encoding-error: byte 0xff is not UTF-8; save the file as UTF-8"),
]


@pytest.mark.parametrize("name, path, content, expected", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_input_gives_one_exact_line(project, name, path, content, expected):
    target = project / path
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run(project)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if ": unused-" not in line] == [expected]


def test_javascript_url_in_a_source_is_refused(project):
    sources = project / "claims" / "sources.yml"
    sources.write_text(sources.read_text().replace("url: https://example.org/notice", "url: javascript:alert(1)"))
    result = run(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "claims/sources.yml:6:8: invalid-source: source 'regulator-notice': 'url' value 'javascript:alert(1)' is not valid; "
        "only http(s) addresses are allowed; write the full https:// address"]


UNUSUAL = [
    ("bom-and-crlf-claims", "claims/extra.yml", b"\xef\xbb\xbf" + CLAIM.replace("\n", "\r\n").encode()),
    ("crlf-page", "docs/extra.md", b"---\r\nreviewed: 2026-11-01\r\n---\r\n\r\n# Extra\r\n\r\n{claim:extra-claim}\r\n"),
    ("reference-in-code", "docs/extra.md", b"---\nreviewed: 2026-11-01\n---\n\nWrite `{claim:nope}`.\n\n```\n{claim:nope}\n```\n"),
]


@pytest.mark.parametrize("name, path, content", UNUSUAL, ids=[case[0] for case in UNUSUAL])
def test_valid_unusual_input_is_accepted(project, name, path, content):
    (project / "claims" / "extra.yml").write_text(CLAIM)
    (project / path).write_bytes(content)
    if path.startswith("claims"):
        (project / "docs" / "extra.md").write_text("---\nreviewed: 2026-11-01\n---\n\n{claim:extra-claim}\n")
    result = run(project, "docs/extra.md") if path.startswith("docs") else run(project)
    assert (result.returncode, result.stdout) == (0, "")


def test_ten_megabyte_claims_file_is_checked(project):
    entry = ("- id: bulk-{n}\n  statement: The regulator says exosome products need approval before they are sold, "
             "number {n}, with a long explanation to make the file realistic in size.\n  level: established\n"
             "  sources: [regulator-notice]\n  reviewed: 2026-11-01\n  note: Plain-language context for claim {n}, "
             "telling patients what the evidence behind it shows and what it does not.\n")
    count = 10_000_000 // len(entry.format(n=10000)) + 1
    (project / "claims" / "bulk.yml").write_text("".join(entry.format(n=n) for n in range(count)))
    result = subprocess.run([str(CLAIMS), "check", "--today", "2026-11-23", "docs/index.md"], cwd=project,
                            capture_output=True, text=True, timeout=60, preexec_fn=limited)
    assert (result.returncode, result.stdout) == (0, "")
    assert f"in 1 pages and {count + 3} claims" in result.stderr
