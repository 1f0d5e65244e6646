"""A newcomer's machine (issue 8): without Chromium, and the system packages' set-up.

Reproduction: on a fresh Debian without Chromium, ``make test`` failed because
``standpoint handout workers-oppositoin`` printed the "no Chromium found" note before the usage
error (two lines). Here the suite's bad-input cases of the report and handout commands run in
a subprocess whose ``PATH`` holds every tool of this machine except Chromium and its driver:
each must be one line on stderr, exit 2, whatever is installed.

``.ci/system-deps`` (called by ``make report``, ``make test`` and ``.ci/run``) is run with fake
``id``, ``sudo`` and ``apt-get`` on a ``PATH`` of their own: it installs what is missing when it
can (root, or sudo without a password) and says so, else says what is skipped and succeeds;
``required`` (CI) fails instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / ".ci" / "system-deps"
BASH = "/bin/bash"
PACKAGES = ["chromium", "chromium-driver", "poppler-utils", "fonts-dejavu-core"]


def path_without_chromium(shim: Path) -> str:
    """A ``PATH`` (one folder, ``shim``) with a link to every program on this ``PATH`` except
    ``chromium``, ``chromium-browser`` and ``chromedriver``."""
    shim.mkdir(parents=True, exist_ok=True)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not folder or not Path(folder).is_dir():
            continue
        for program in Path(folder).iterdir():
            name = program.name
            if name.startswith("chrom") or (shim / name).exists():
                continue
            if program.is_file() and os.access(program, os.X_OK):
                (shim / name).symlink_to(program)
    return str(shim)


@pytest.fixture(scope="module")
def no_chromium_env(tmp_path_factory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STANDPOINT_CHROMIUM"}
    env["PATH"] = path_without_chromium(tmp_path_factory.mktemp("no-chromium") / "bin")
    return env


def test_the_stripped_path_has_no_chromium_but_everything_else(no_chromium_env):
    probe = subprocess.run(
        [sys.executable, "-c", "import shutil; from standpoint.publish.chromium import find_chromium;"
                               "print(find_chromium(), shutil.which('sh') is not None)"],
        env=no_chromium_env, capture_output=True, text=True, timeout=120, check=True)
    assert probe.stdout.split() == ["None", "True"]


#: The suite's bad-input cases of the commands that print with Chromium (tests/test_handouts.py,
#: tests/test_report.py, tests/test_report_safety.py): (arguments, a fragment of the error).
BAD_INPUT = [
    (["handout", "workers-oppositoin"], "unknown opposition 'workers-oppositoin' (valid: "),
    (["handout", "military-opposition"], "'military-opposition' is discussed by fewer than two"),
    (["handout", "workers-truth", "--out", ""], "--out is empty"),
    (["report", "--opposition", "workers-oppositoin"], "unknown opposition 'workers-oppositoin'"),
    (["report", "--opposition", "military-opposition"], "fewer than two traditions"),
    (["report", "--notebook", "99-nothing"], "unknown notebook '99-nothing' (valid: 01-corpus, "),
    (["report", "--jobs", "0"], "--jobs must be 1 or more"),
    (["report", "--out", ""], "--out is empty"),
    (["report", "--out", "{blocker}"], "exists and is not a folder"),
    (["report", "--out", "{foreign}"], "not empty and not a standpoint report folder"),
]


@pytest.mark.parametrize("argv,fragment", BAD_INPUT, ids=[" ".join(a) or "-" for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_without_chromium(no_chromium_env, tmp_path, argv, fragment):
    blocker = tmp_path / "a-file"
    blocker.write_text("keep")
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.tex").write_text("keep")
    argv = [a.format(blocker=blocker, foreign=foreign) for a in argv]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "out")]
    proc = subprocess.run([sys.executable, "-m", "standpoint", *argv], env=no_chromium_env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("standpoint: error: "), proc.stderr
    assert fragment in proc.stderr and "note:" not in proc.stderr
    assert not (tmp_path / "out").exists()
    assert blocker.read_text() == "keep" and (foreign / "chapter1.tex").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "thesis"]


def test_without_chromium_the_handouts_are_html_with_one_note_first(no_chromium_env, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "standpoint", "handout", "workers-truth",
                           "--out", str(tmp_path / "h")], env=no_chromium_env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "note: no Chromium found: handouts are written as HTML only (install the Debian "
        "package chromium for the PDFs)",
        "[1/1] handout workers-truth (HTML)"]
    assert proc.stdout == f"{tmp_path / 'h' / 'workers-truth.html'}\n"


# ------------------------------------------------------------------ .ci/system-deps ----
FAKE_APT = """#!/bin/sh
echo "apt-get $*" >> "{log}"
[ -e "{fail}" ] && exit 100
if [ "$1" = install ]; then
  for p in "$@"; do
    case "$p" in
      chromium) printf '#!/bin/sh\\n' > "{bin}/chromium"; chmod +x "{bin}/chromium" ;;
      chromium-driver) printf '#!/bin/sh\\n' > "{bin}/chromedriver"; chmod +x "{bin}/chromedriver" ;;
      poppler-utils) for t in pdfinfo pdffonts pdftotext; do printf '#!/bin/sh\\n' > "{bin}/$t"; chmod +x "{bin}/$t"; done ;;
      fonts-dejavu-core) : > "{fonts}/DejaVuSerif.ttf"; : > "{fonts}/DejaVuSans.ttf" ;;
    esac
  done
fi
exit 0
"""
FAKE_SUDO = """#!/bin/sh
echo "sudo $*" >> "{log}"
[ "$1" = -n ] && shift
[ "$1" = true ] && exit {sudo_rc}
exec "$@"
"""


def system_deps(tmp_path: Path, *args: str, uid: int = 1000, sudo_rc: int = 1,
                apt_fails: bool = False, present: tuple[str, ...] = ()):
    """Run .ci/system-deps with fakes; return (exit code, stderr, the fakes' log lines)."""
    bin_dir, fonts, log = tmp_path / "bin", tmp_path / "fonts", tmp_path / "log"
    bin_dir.mkdir(parents=True)
    fonts.mkdir()
    log.write_text("")
    fakes = {
        "id": f"#!/bin/sh\necho {uid}\n",
        "sudo": FAKE_SUDO.format(log=log, sudo_rc=sudo_rc),
        "apt-get": FAKE_APT.format(log=log, bin=bin_dir, fonts=fonts, fail=tmp_path / "apt-fails"),
        "make": "#!/bin/sh\n",
    }
    for name, text in fakes.items():
        (bin_dir / name).write_text(text)
    for tool in ("env", "chmod"):
        (bin_dir / tool).symlink_to(next(p for p in (Path("/usr/bin") / tool, Path("/bin") / tool)
                                         if p.exists()))
    for name in fakes:
        (bin_dir / name).chmod(0o755)
    for package in present:  # already installed
        subprocess.run([str(bin_dir / "apt-get"), "install", package], check=True,
                       env={"PATH": str(bin_dir)})
    log.write_text("")
    if apt_fails:
        (tmp_path / "apt-fails").write_text("")
    env = {"PATH": str(bin_dir), "STANDPOINT_DEJAVU_DIR": str(fonts), "HOME": str(tmp_path)}
    proc = subprocess.run([BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True,
                          timeout=60)
    return proc.returncode, proc.stderr, log.read_text().splitlines()


def test_as_root_it_installs_what_is_missing_and_says_so(tmp_path):
    code, err, calls = system_deps(tmp_path, uid=0, present=("fonts-dejavu-core",))
    assert code == 0, err
    assert err.splitlines() == ["installing the missing system packages with apt-get: "
                                "chromium chromium-driver poppler-utils"]
    assert calls == ["apt-get update -qq",
                     "apt-get install -y -qq chromium chromium-driver poppler-utils"]


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path):
    code, err, calls = system_deps(tmp_path, "auto", sudo_rc=0)
    assert code == 0, err
    assert "installing the missing system packages with sudo -n apt-get: " in err
    assert calls[0] == "sudo -n true"
    assert "apt-get install -y -qq " + " ".join(PACKAGES) in calls


def test_without_rights_it_says_what_is_skipped_and_goes_on(tmp_path):
    code, err, calls = system_deps(tmp_path, sudo_rc=1, present=("poppler-utils", "fonts-dejavu-core"))
    assert code == 0
    assert err.splitlines() == [
        "note: missing system packages: chromium chromium-driver (not root, and sudo needs a "
        "password); going on without them",
        "note: skipped without them: the PDF handouts (HTML only), the browser test, the PDF tests",
        "note: to install them: sudo apt-get install chromium chromium-driver"]
    assert calls == ["sudo -n true"]  # nothing installed


def test_in_ci_anything_missing_is_an_error(tmp_path):
    code, err, calls = system_deps(tmp_path, "required", sudo_rc=1)
    assert code == 1
    assert err.splitlines() == ["system-deps: error: missing system packages: "
                                f"{' '.join(PACKAGES)} (not root, and sudo needs a password)"]
    code, err, _ = system_deps(tmp_path / "apt", "required", uid=0, apt_fails=True)
    assert code == 1 and "(apt-get failed)" in err


def test_a_failed_install_is_a_note_outside_ci(tmp_path):
    code, err, calls = system_deps(tmp_path, uid=0, apt_fails=True, present=("chromium",
                                                                             "chromium-driver"))
    assert code == 0
    assert "note: missing system packages: poppler-utils fonts-dejavu-core (apt-get failed)" in err
    assert "note: skipped without them: the PDF tests" in err


def test_no_means_no_install_and_nothing_missing_means_silence(tmp_path):
    code, err, calls = system_deps(tmp_path / "no", "no", uid=0)
    assert code == 0 and calls == [] and "asked not to (SYSTEM_DEPS=no)" in err
    code, err, calls = system_deps(tmp_path / "all", "required", present=tuple(PACKAGES))
    assert (code, err, calls) == (0, "", [])
    code, err, _ = system_deps(tmp_path / "bad", "sometimes")
    assert code == 2 and "unknown mode 'sometimes'" in err


def test_make_report_make_test_and_ci_use_the_one_script():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get" not in makefile and "apt-get install" not in ci  # no second copy
    assert "bash .ci/system-deps required" in ci
    assert ci.index("bash .ci/system-deps") < ci.index("\nmake test\n")
    for target, last in (("test", "-m pytest"), ("report", "standpoint report --out reports")):
        dry = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(REPO), target,
                              "SYSTEM_DEPS=no"],
                             capture_output=True, text=True, timeout=60)
        if dry.returncode != 0 and "No rule" in dry.stderr:
            pytest.fail(dry.stderr)
        lines = dry.stdout.splitlines()
        assert lines[0] == "bash .ci/system-deps no", dry.stdout
        assert last in lines[-1]
    default = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(REPO), "test"], capture_output=True,
                             text=True, timeout=60,
                             env={k: v for k, v in os.environ.items()
                                  if k != "STANDPOINT_SYSTEM_DEPS"})
    assert default.stdout.splitlines()[0] == "bash .ci/system-deps auto"
