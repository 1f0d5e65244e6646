"""The notebooks inside JupyterLab itself: a real JupyterLab server and headless Chromium.

A JupyterLab server (this environment's, so its kernel is this ``.venv``'s python) is started
on a free port of 127.0.0.1, with token authentication on: the test reads the token from
``jupyter server list --json``, never disables it. It serves a copy of ``notebooks/`` (running
cells must never rewrite the committed notebooks) and its own config, data, runtime, settings
and workspace folders, with nothing fetched beyond 127.0.0.1 (no news feed, no update check, a
read-only extension manager; Chromium resolves no other host).

Headless Chromium (Debian's ``chromium`` and ``chromium-driver``, found and driven by selenium
as in ``tests/test_browser.py``, whose helpers it uses) logs in with the token and, for each notebook, opens it in the
JupyterLab UI, waits for its kernel to start, runs all cells (the UI's *Run All Cells*
command) and fails on a kernel that does not start, a cell left unexecuted or any error output.
In the explorer it then chooses another opposition in the opposition dropdown (a real
``<select>``, through the DOM) and checks that the view below it changes to that opposition.

Each notebook has a time limit (:data:`NOTEBOOK_TIMEOUT`); the server is stopped at the end,
whatever happened (the fixture's finaliser: SIGTERM to its process group, then SIGKILL).
Without Chromium or chromedriver the test is skipped with the reason, and fails under ``CI``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from standpoint.publish.chromium import find_chromium
from test_browser import chromedriver, headless_chromium  # one way to find and start them

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPLORER = "00-explore.ipynb"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SERVER_START = 90  # seconds for the server to answer
NOTEBOOK_TIMEOUT = 300  # seconds per notebook: open, start the kernel, run every cell
WIDGET_TIMEOUT = 60  # seconds for the explorer's view to follow its dropdown

#: JupyterLab's own settings for the test: every cell in the DOM (no windowing), no autosave
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false"},
}
#: the server's configuration: nothing fetched from the network, the app reachable from tests
LAB_CONFIG = {"LabApp": {"news_url": None, "extension_manager": "readonly",
                         "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                         "expose_app_in_browser": True}}

#: Open a notebook in the UI, wait for its kernel, run all cells, summarise each code cell.
#: Progress and the result go to window.__standpointRun (polled by the test).
RUN_JS = """
const path = arguments[0], budget = arguments[1];
const app = window.jupyterapp;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const t0 = Date.now();
const state = window.__standpointRun = {path: path, state: 'opening'};
(async () => {
  const panel = await app.commands.execute('docmanager:open', {path: path, factory: 'Notebook'});
  window.__standpointPanel = panel;
  await panel.context.ready;
  app.shell.activateById(panel.id);
  state.state = 'starting kernel';
  await panel.sessionContext.ready;
  let kernel = null;
  while (Date.now() - t0 < budget) {
    kernel = panel.sessionContext.session ? panel.sessionContext.session.kernel : null;
    if (kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected') break;
    if (kernel && (kernel.status === 'dead' || kernel.status === 'autorestarting')) break;
    await sleep(200);
  }
  state.kernel = kernel ? kernel.status : 'none';
  state.kernelName = kernel ? kernel.name : '';
  if (!kernel || kernel.status !== 'idle') { state.state = 'kernel failed'; return; }
  state.kernelSeconds = (Date.now() - t0) / 1000;
  state.state = 'running';
  state.ran = await app.commands.execute('notebook:run-all-cells');
  while (Date.now() - t0 < budget && kernel.status !== 'idle') await sleep(200);
  state.cells = panel.content.widgets.map(w => w.model).filter(m => m.type === 'code').map(m => ({
    count: m.executionCount,
    outputs: m.outputs.toJSON().map(o => ({
      type: o.output_type, name: o.name || '', ename: o.ename || '', evalue: o.evalue || '',
      text: String(o.text || '').slice(0, 300), mimes: Object.keys(o.data || {})}))}));
  state.rendered = panel.node.querySelectorAll('.jp-OutputArea-output').length;
  state.seconds = (Date.now() - t0) / 1000;
  state.state = 'done';
})().catch(e => { state.state = 'failed'; state.error = String((e && e.stack) || e); });
"""
POLL_JS = "return window.__standpointRun || null;"
CLOSE_JS = """
const done = arguments[arguments.length - 1];
const panel = window.__standpointPanel;
if (!panel) { done(false); return; }
panel.sessionContext.shutdown().then(() => { panel.dispose(); done(true); },
                                     e => { panel.dispose(); done(String(e)); });
"""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server: its URL, token, served folder and log file."""

    url: str
    token: str
    root: Path
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])


def server_token(env: dict, port: int) -> str | None:
    """The token of the server listening on ``port``, from ``jupyter server list --json``."""
    proc = subprocess.run([sys.executable, "-m", "jupyter", "server", "list", "--json"], env=env,
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    for line in proc.stdout.splitlines():
        try:
            info = json.loads(line)
        except json.JSONDecodeError:
            continue
        if info.get("port") == port and info.get("token"):
            return info["token"]
    return None


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and its kernels: SIGTERM to its process group, SIGKILL after 20 s."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def require_browser() -> tuple[str, str]:
    browser, drv = find_chromium(), chromedriver()
    if not browser or not drv:
        missing = ", ".join(n for n, p in (("chromium", browser), ("chromedriver", drv)) if not p)
        message = (f"{missing} not installed: apt-get install chromium chromium-driver "
                   "(make test does when it can, .ci/run always)")
        if IN_CI:
            pytest.fail(f"in CI the JupyterLab test must run: {message}")
        pytest.skip(message)
    return browser, drv


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of notebooks/, stopped at the end whatever happens."""
    require_browser()  # first: without a browser nothing is started
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    root.mkdir()
    for nb in NOTEBOOKS:
        shutil.copy2(nb, root / nb.name)
    folders = {name: base / name for name in ("config", "data", "runtime", "ipython", "settings",
                                              "workspaces")}
    for folder in folders.values():
        folder.mkdir()
    (folders["config"] / "jupyter_lab_config.json").write_text(json.dumps(LAB_CONFIG))
    for name, values in SETTINGS.items():
        target = folders["settings"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(folders["config"]),
               JUPYTER_DATA_DIR=str(folders["data"]), JUPYTER_RUNTIME_DIR=str(folders["runtime"]),
               IPYTHONDIR=str(folders["ipython"]), JUPYTER_PREFER_ENV_PATH="1",
               PYTHONHASHSEED="0")
    port = free_port()
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={root}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--LabApp.user_settings_dir={folders['settings']}",
            f"--LabApp.workspaces_dir={folders['workspaces']}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # a container's root: Jupyter refuses to start without it
    log = base / "jupyterlab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url, token, deadline = f"http://127.0.0.1:{port}", None, time.monotonic() + SERVER_START
        while token is None and time.monotonic() < deadline and proc.poll() is None:
            token = server_token(env, port)
            if token is None:
                time.sleep(1)
        lab = Lab(url, token or "", root, log)
        assert token, f"JupyterLab did not start in {SERVER_START} s:\n{lab.log_tail()}"
        # token authentication is on: without the token the API refuses
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/api/kernelspecs", timeout=10)
        assert refused.value.code == 403
        with urllib.request.urlopen(f"{url}/api/kernelspecs?token={token}", timeout=10) as r:
            assert "python3" in json.load(r)["kernelspecs"]
        yield lab
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser(lab, tmp_path_factory):
    """Headless Chromium logged in to the server (the token in the first URL)."""
    chromium, drv = require_browser()
    env = pytest.MonkeyPatch()
    env.setenv("SE_OFFLINE", "true")  # selenium manager: never download anything
    d = headless_chromium(chromium, drv, tmp_path_factory.mktemp("lab-chromium-profile"),
                          "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                          "--window-size=1400,1000")
    try:
        d.set_page_load_timeout(120)
        d.set_script_timeout(60)
        d.get(f"{lab.url}/lab?token={lab.token}")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if d.execute_script("return !!(window.jupyterapp && window.jupyterapp.started"
                                " && document.querySelector('#jp-main-dock-panel'))"):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab's UI did not start in the browser:\n{lab.log_tail()}")
        d.execute_async_script("window.jupyterapp.started.then(() => arguments[0](true))")
        yield d
    finally:
        d.quit()
        env.undo()


def run_in_lab(driver, lab: Lab, name: str) -> dict:
    """Open ``name`` in JupyterLab, run all cells, and return the summary of RUN_JS (its
    ``state`` is ``done`` unless the kernel failed, the JavaScript failed or time ran out)."""
    driver.execute_script(RUN_JS, name, NOTEBOOK_TIMEOUT * 1000)
    deadline = time.monotonic() + NOTEBOOK_TIMEOUT + 10
    state = {}
    while time.monotonic() < deadline:
        state = driver.execute_script(POLL_JS) or {}
        if state.get("state") in ("done", "failed", "kernel failed"):
            return state
        time.sleep(1)
    state["state"] = f"timed out after {NOTEBOOK_TIMEOUT} s while {state.get('state', '?')}"
    return state


def problems(state: dict) -> list[str]:
    """What is wrong with a run: a kernel that did not start, cells left unexecuted, errors."""
    if state.get("state") != "done":
        return [f"{state.get('state')}: kernel {state.get('kernel', '?')} "
                f"{state.get('error', '')}".strip()]
    found = []
    if not state.get("ran"):
        found.append("Run All Cells reported a failure")
    for k, cell in enumerate(state.get("cells", []), start=1):
        if cell["count"] is None:
            found.append(f"code cell {k} was not executed")
        for out in cell["outputs"]:
            if out["type"] == "error":
                found.append(f"code cell {k}: {out['ename']}: {out['evalue']}")
    return found


def opposition_view(driver):
    from selenium.webdriver.common.by import By

    views = driver.find_elements(By.CSS_SELECTOR, '.standpoint-explore-view[data-view="opposition"]')
    return views[0] if views else None


def drive_explorer(driver) -> tuple[str, str, float]:
    """Choose the Left Opposition in the explorer's opposition dropdown; wait for the view to
    follow. Returns the view's text before and after, and the seconds it took."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    view = opposition_view(driver)
    assert view is not None, "the explorer shows no opposition view"
    assert view.get_attribute("data-selection") == "workers-opposition"
    assert not view.find_elements(By.CSS_SELECTOR, ".static-note"), \
        "JupyterLab got the static view: the explorer did not see an interactive frontend"
    before = view.text
    dropdowns = [d for d in driver.find_elements(By.CSS_SELECTOR, ".widget-dropdown")
                 if d.find_element(By.TAG_NAME, "label").text.strip() == "opposition"]
    assert dropdowns, "no 'opposition' dropdown: the widgets did not render"
    select = dropdowns[0].find_element(By.TAG_NAME, "select")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", select)
    start = time.monotonic()
    Select(select).select_by_visible_text("Left Opposition")

    def followed(d):
        v = opposition_view(d)
        try:
            return v is not None and v.get_attribute("data-selection") == "left-opposition"
        except Exception:  # the output is being replaced: look again
            return False

    WebDriverWait(driver, WIDGET_TIMEOUT, poll_frequency=0.5).until(followed)
    return before, opposition_view(driver).text, time.monotonic() - start


def test_every_notebook_runs_in_jupyterlab(lab, browser, record_property):
    assert [p.name for p in NOTEBOOKS][:1] == [EXPLORER] and len(NOTEBOOKS) >= 2
    failures, timings = {}, {}
    for nb in NOTEBOOKS:
        state = run_in_lab(browser, lab, nb.name)
        timings[nb.name] = state.get("seconds")
        found = problems(state)
        if not found:
            assert state["kernelName"] == "python3"
            assert state["rendered"] > 0, f"{nb.name}: no output rendered in the page"
        if nb.name == EXPLORER and not found:
            before, after, seconds = drive_explorer(browser)
            assert after != before and "Left Opposition" in after and "Left Opposition" not in before
            timings["00-explore: dropdown -> new view"] = round(seconds, 1)
        browser.execute_async_script(CLOSE_JS)  # shut its kernel down before the next one
        if found:
            failures[nb.name] = found
    for name, seconds in timings.items():
        record_property(f"seconds {name}", seconds)
        print(f"{name}: {seconds} s")
    assert failures == {}, f"{failures}\n--- server log ---\n{lab.log_tail()}"


def test_the_checks_catch_an_error_and_a_dead_kernel():
    """The checks can fail: an error output, an unexecuted cell, a kernel that did not start."""
    ok = {"state": "done", "ran": True, "cells": [{"count": 1, "outputs": []}]}
    assert problems(ok) == []
    bad = {"state": "done", "ran": False, "cells": [
        {"count": 1, "outputs": [{"type": "error", "ename": "ValueError", "evalue": "boom"}]},
        {"count": None, "outputs": []}]}
    assert problems(bad) == ["Run All Cells reported a failure", "code cell 1: ValueError: boom",
                             "code cell 2 was not executed"]
    assert problems({"state": "kernel failed", "kernel": "dead"}) == ["kernel failed: kernel dead"]
