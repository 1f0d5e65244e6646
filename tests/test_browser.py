"""The report in a real browser: headless Chromium (Debian ``chromium`` + ``chromium-driver``)
driven by selenium, loading every page of the full report from disk (``file://``).

For each page: no console error (``goog:loggingPrefs`` browser log, level SEVERE), every link
that is a relative file points to a file that exists and every ``#anchor`` to an element, every
image has loaded (``complete && naturalWidth > 0``); the comparison pages and handouts have a
``table`` naming every tradition; the index and each handout, at A4 width, have nothing wider
than the page. Screenshots
of the index and of one handout are saved and their paths printed (and recorded as test
properties).

Without Chromium or chromedriver the test is skipped locally, with the reason (``make test``
installs them first when it can: ``.ci/system-deps``); in CI (``CI=true``) it fails instead,
because ``.ci/run`` installs them. Selenium is given both paths,
so it never looks for (or downloads) a browser or a driver.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from standpoint.publish.chromium import find_chromium

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
A4_CSS_PX = (794, 1123)  # 210 x 297 mm at 96 px per inch

LINKS_JS = """
return Array.from(document.querySelectorAll('a[href]')).map(a => [a.getAttribute('href'), a.href]);
"""
IMAGES_JS = """
return Array.from(document.images).map(i => [i.currentSrc.slice(0, 60), i.complete, i.naturalWidth]);
"""
TABLES_JS = """
return Array.from(document.querySelectorAll('table')).map(t => t.innerText);
"""
OVERFLOW_JS = """
const width = document.documentElement.clientWidth;
const wide = Array.from(document.querySelectorAll('table, .block, p, li, h1, h2'))
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .map(e => e.tagName + ': ' + e.innerText.slice(0, 40));
return [document.documentElement.scrollWidth, width, wide];
"""


def chromedriver() -> str | None:
    """``chromedriver`` on the ``PATH`` (Debian's ``chromium-driver``), like
    :func:`standpoint.publish.chromium.find_chromium`: a ``PATH`` without it means "not installed"."""
    found = shutil.which("chromedriver")
    return found if found and Path(found).is_file() and os.access(found, os.X_OK) else None


@pytest.fixture(scope="session")
def driver(tmp_path_factory):  # session scope, first argument: skips before the report is built
    browser, drv = find_chromium(), chromedriver()
    if not browser or not drv:
        missing = ", ".join(n for n, p in (("chromium", browser), ("chromedriver", drv)) if not p)
        message = (f"{missing} not installed: apt-get install chromium chromium-driver "
                   "(make test does when it can, .ci/run always)")
        if IN_CI:
            pytest.fail(f"in CI the browser test must run: {message}")
        pytest.skip(message)
    env = pytest.MonkeyPatch()
    env.setenv("SE_OFFLINE", "true")  # selenium manager: never download anything
    d = headless_chromium(browser, drv, tmp_path_factory.mktemp("chromium-profile"),
                          f"--window-size={A4_CSS_PX[0]},{A4_CSS_PX[1]}", console_log=True)
    d.set_page_load_timeout(60)
    yield d
    d.quit()
    env.undo()


def headless_chromium(browser: str, drv: str, profile: Path, *flags: str,
                      console_log: bool = False):
    """A selenium driver of the system's headless Chromium (``drv``: Debian's chromedriver),
    with a fresh ``profile`` folder, nothing fetched in the background, and ``flags`` added;
    ``console_log``: the browser's console is kept for ``get_log("browser")``. (The caller
    sets ``SE_OFFLINE`` so that selenium never downloads a driver.)"""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 f"--user-data-dir={profile}", *flags):
        options.add_argument(flag)
    if console_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=drv))


@pytest.fixture(scope="session")
def full_report(tmp_path_factory) -> Path:
    """The full report, built once per session (shared with tests/test_report.py)."""
    from test_report import build_full_report

    return build_full_report(tmp_path_factory)


def page_problems(driver, path: Path) -> list[str]:
    """Load ``path`` and return what is wrong with it (empty when nothing is)."""
    driver.get(path.resolve().as_uri())
    problems = [f"console {e['level']}: {e['message']}" for e in driver.get_log("browser")
                if e["level"] in ("SEVERE", "ERROR")]
    for raw, absolute in driver.execute_script(LINKS_JS):
        url = urlparse(absolute)
        if url.scheme != "file":
            if not raw.startswith(("http://", "https://", "mailto:")):
                problems.append(f"link {raw!r}: unexpected scheme {url.scheme}")
            continue
        target = Path(unquote(url.path))
        if not target.exists():
            problems.append(f"broken link {raw!r}: {target} does not exist")
        elif url.fragment and target.resolve() == path.resolve():
            # as browsers do (HTML "indicated part"): the fragment as written, then decoded
            found = driver.execute_script(
                "return document.getElementById(arguments[0]) !== null"
                " || document.getElementById(arguments[1]) !== null",
                url.fragment, unquote(url.fragment))
            if not found:
                problems.append(f"broken anchor {raw!r}")
    for src, complete, width in driver.execute_script(IMAGES_JS):
        if not (complete and width > 0):
            problems.append(f"image not loaded: {src}")
    return problems


def test_every_page_loads_cleanly_in_chromium(driver, full_report, record_property):
    from standpoint.corpus import load_corpus

    out = full_report.parent
    corpus = load_corpus()
    ids, names = list(corpus.traditions["tradition"]), list(corpus.traditions["name"])
    pages = [full_report] + sorted(p for p in out.rglob("*.html") if p != full_report)
    handouts = [p for p in pages if p.parent.name == "handouts"]
    comparisons = [p for p in pages if p.name.startswith("03-compare-")]
    assert handouts and comparisons and len(handouts) == len(comparisons)

    problems, n_images, n_links = {}, 0, 0
    for page in pages:
        found = page_problems(driver, page)
        if found:
            problems[page.relative_to(out).as_posix()] = found
        n_images += len(driver.execute_script(IMAGES_JS))
        n_links += len(driver.execute_script(LINKS_JS))
        tables = driver.execute_script(TABLES_JS)
        if page in comparisons:
            assert any(all(t in text for t in ids) for text in tables), \
                f"{page.name}: no comparison table naming {ids}"
        if page in handouts:
            assert any(all(n in text for n in names) for text in tables), \
                f"{page.name}: no comparison table naming {names}"
        if page in handouts or page == full_report:
            scroll, width, wide = driver.execute_script(OVERFLOW_JS)
            assert scroll <= width + 1 and not wide, f"{page.name}: wider than A4: {wide}"
    assert problems == {}
    assert n_images >= len(comparisons)  # the checks above did look at images ...
    assert n_links >= 3 * len(comparisons)  # ... and at links

    shots = full_report.parent.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    for page, name in ((full_report, "index.png"), (handouts[0], f"handout-{handouts[0].stem}.png")):
        driver.get(page.resolve().as_uri())
        target = shots / name
        assert driver.save_screenshot(str(target)) and target.stat().st_size > 5_000
        record_property(f"screenshot-{name}", str(target))
        print(f"screenshot: {target}")


def test_index_links_reach_every_handout_through_the_dom(driver, full_report):
    driver.get(full_report.resolve().as_uri())
    hrefs = [raw for raw, _ in driver.execute_script(LINKS_JS)]
    handouts = sorted(p.relative_to(full_report.parent).as_posix()
                      for p in (full_report.parent / "handouts").iterdir())
    assert handouts and set(handouts) <= set(hrefs)
    assert driver.title == "standpoint report"
    assert "Provenance" in driver.find_element("tag name", "footer").text


def test_the_checks_catch_a_broken_page(driver, tmp_path):
    """The checks can fail: a missing link target, a broken image, a console error."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                    '<a href="missing.html">gone</a> <a href="#nowhere">anchor</a>'
                    '<img src="missing.png" alt="gone">'
                    '<script>console.error("deliberate")</script></body></html>')
    problems = "\n".join(page_problems(driver, page))
    assert "broken link 'missing.html'" in problems
    assert "broken anchor '#nowhere'" in problems
    assert "image not loaded" in problems
    assert "deliberate" in problems


def test_a_report_on_the_second_corpus_opens_cleanly(driver, tmp_path_factory):
    """Issue 12: init + add (tests/second_corpus.build uses the library's own init and add),
    then ``standpoint report --corpus DIR --out DIR``; every page loads cleanly, the index names
    the corpus folder and its checksums, and each subject two traditions discuss has a page."""
    import subprocess
    import sys

    from second_corpus import build

    from standpoint.corpus import load_corpus

    tmp = tmp_path_factory.mktemp("second-report")
    root = build(tmp / "german")
    out = tmp / "german-report"
    proc = subprocess.run([sys.executable, "-m", "standpoint", "report", "--corpus", str(root),
                           "--out", str(out)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    index = out / "index.html"
    assert proc.stdout == f"{index}\n"
    html = index.read_text(encoding="utf-8")
    assert str(root.resolve()) in html
    for row in load_corpus(root).documents.itertuples():
        assert row.sha256 in html and row.doc_id in html
    assert (out / "03-compare-councils.html").is_file()
    for page in sorted(out.rglob("*.html")):
        assert page_problems(driver, page) == [], page.name
