"""The documentation builds with every link and anchor intact, and the README stays a page.

`mkdocs build --strict` fails on a broken link, a missing anchor or a page left out of the nav;
the policy rule reference and the HTTP routes are generated from the code at build time
(docs/hooks.py), so a rule or route that changes shows up in the docs by itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_every_bundled_rule_is_in_the_generated_reference(site):
    from policies import bundled_profiles, load_policy

    page = (site / "policy-rules" / "index.html").read_text(encoding="utf-8")
    for name in bundled_profiles():
        for rule in load_policy(name).rules:
            assert rule.id in page, f"{name}:{rule.id} missing from the policy reference"


def test_the_http_page_lists_every_route_of_the_service(site):
    from screening.service.app import create_app

    page = (site / "http" / "index.html").read_text(encoding="utf-8")
    for path, operations in create_app(warm_up=False).openapi()["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in page


def test_python_api_reference_renders_the_docstrings(site):
    page = (site / "python-api" / "index.html").read_text(encoding="utf-8")
    assert "Screen a string. Finding offsets are offsets into" in page
    assert "redact_path" in page and "ScanResult" in page


def test_the_site_loads_nothing_from_the_internet(site):
    # Office networks are often cut off: no web fonts, scripts or styles from a CDN.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=\"https?://", html), page


def test_readme_fits_on_a_screen_and_its_links_resolve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), f"README links to a missing file: {target}"
