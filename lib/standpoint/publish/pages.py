"""The notebooks' pages: run the planned notebooks, a few at a time, and write each as a
standalone HTML page.

:func:`run_jobs` executes each :class:`~standpoint.publish.notebooks.Job`
(:func:`~standpoint.publish.execution.execute_notebook`) in a worker thread and writes its page
(:func:`export_html`, through :func:`~standpoint.publish.files.write_file`). A failure stops the
queue; ``KeyboardInterrupt`` (Ctrl-C) cancels everything at once (queued notebooks are not
started, running kernels are killed) and is raised again.

Pages look like JupyterLab's, with all CSS inline, no script and nothing fetched from the
network, so they work offline; code cells are hidden unless asked for.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

from standpoint.publish.execution import Cancelled, RunControl, execute_notebook
from standpoint.publish.files import write_file
from standpoint.publish.notebooks import Job, notebook_title

#: The nbconvert template: JupyterLab's, without the scripts it would fetch from the network
#: (require.js, MathJax, mermaid), so a page is self-contained and works offline.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
#: After Ctrl-C: how long to wait for the notebook runs to end once their kernels are killed.
CANCEL_WAIT = 15  # seconds


def export_html(nb: Any, name: str, show_code: bool = False) -> str:
    """Export a notebook to a standalone HTML page (code cells hidden unless ``show_code``):
    JupyterLab's look, all CSS inline, no script and nothing fetched from the network.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("secret_code = 1")])
        >>> "secret_code" in export_html(nb, "demo")
        False
        >>> "secret_code" in export_html(nb, "demo", show_code=True)
        True
        >>> "<script" in export_html(nb, "demo")
        False
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"standpoint.html.j2": TEMPLATE})],
        template_file="standpoint.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


def run_jobs(jobs: list[Job], out: Path, show_code: bool = False, progress=None,
             n_jobs: int = 1, env: dict[str, str] | None = None, *,
             failed_dir: Path | None = None,
             control: RunControl | None = None) -> list[tuple[str, str]]:
    """Run the jobs (``n_jobs`` at a time, each in a worker thread) and write each page,
    ``<out>/<job.stem>.html``; return ``(file name, title)`` in job order.

    ``progress`` receives ``"[3/9] executing <job.label>"`` as each run starts; ``env`` is the
    kernels' environment (default :func:`~standpoint.publish.execution.kernel_env`). A failure
    stops the queue: the jobs not started are not run, and the first failure (in job order) is
    raised once the running ones have finished. ``KeyboardInterrupt`` (in the calling, main
    thread) cancels everything at once (:meth:`RunControl.cancel`) and is raised again. Partial
    notebooks of failed runs go to ``failed_dir`` (a new temporary folder if ``None``).

    Example (no jobs, so no kernel is started):

        >>> run_jobs([], Path("reports"))
        []
    """
    control = control or RunControl()
    lock = threading.Lock()
    counter = {"started": 0}
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for item in enumerate(jobs):
        todo.put(item)
    results: list = [None] * len(jobs)
    errors: dict[int, BaseException] = {}

    def run(job: Job) -> tuple[str, str]:
        with lock:
            counter["started"] += 1
            number = counter["started"]
            if progress is not None:
                progress(f"[{number}/{len(jobs)}] executing {job.label}")
        nb = execute_notebook(job.notebook, failed_dir, parameters=job.parameters or None,
                              stem=job.stem, env=env, control=control)
        control.check()
        page = write_file(out / f"{job.stem}.html", export_html(nb, job.stem, show_code))
        return page.name, notebook_title(nb, job.stem)

    def worker(done: threading.Event) -> None:
        try:
            work()
        finally:
            done.set()

    def work() -> None:
        while not control.cancelled:
            with lock:  # no new job once one has failed
                if errors:
                    return
                try:
                    i, job = todo.get_nowait()
                except queue.Empty:
                    return
            try:
                results[i] = run(job)
            except Cancelled:
                return
            except BaseException as exc:  # noqa: BLE001 - re-raised below, in job order
                with lock:
                    errors[i] = exc

    # Daemon threads, each setting its own event when it ends: the main thread waits on the
    # events, never with Thread.join (on Python 3.11 a join interrupted by Ctrl-C marks a
    # running thread as stopped), and an interrupted build never waits for them to exit.
    done = [threading.Event() for _ in range(max(1, min(n_jobs, len(jobs))))]
    try:
        for k, event in enumerate(done):
            threading.Thread(target=worker, args=(event,), name=f"standpoint-report-{k}",
                             daemon=True).start()
        for event in done:
            while not event.wait(0.2):
                pass
    except BaseException:
        control.cancel()
        _wait_for(done, CANCEL_WAIT)
        raise
    if errors:
        raise errors[min(errors)]
    if control.cancelled:
        raise KeyboardInterrupt
    return results


def _wait_for(done: list[threading.Event], seconds: float) -> None:
    """Wait up to ``seconds`` in all for every event of ``done`` (the notebook runs ending);
    another Ctrl-C here is ignored: the build is already stopping."""
    import time

    deadline = time.monotonic() + seconds
    for event in done:
        while not event.is_set() and time.monotonic() < deadline:
            try:
                event.wait(min(0.2, max(0.0, deadline - time.monotonic())))
            except KeyboardInterrupt:
                continue


