"""Hostile text: HTML, script, Markdown, LaTeX and very long words in the data
and the run file are shown as text in every report and never run; paths in a
run file cannot make the runner write outside outputs/; YAML is loaded safely;
nothing touches the network while a pack is made.

One real pack (legal duties and overview, two indicators, for the analyst) is
made by ``perfkit run`` in its own process, from a copy of data/ with hostile
strings in indicator titles, officer commentary, Trafford's name and a peer
group's name, and in the run file's title, theme and peer group. Every
process of the run (the command, its workers and the notebook kernels) loads
a guard that records and refuses any connection or name lookup beyond this
machine.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
import yaml

from perfkit.periods import PeriodError
from perfkit.run import cli, runner
from perfkit.run.cli import main
from perfkit.run.mappers import serial_mapper
from perfkit.run.parameters import read_parameters
from tests.paths import CORPUS, FIXTURES, ROOT

NOTEBOOKS = ROOT / "notebooks"
COUNCIL, SLUG = "E08000009", "2025-26-Q3"
RUN = "run"  # the run files here are all run.yaml: reports go to <council>/<period>/run
INDICATORS = ["ehcp_20_weeks", "assessments_45_working_days"]
#: The cache of validated data folders (perfkit.data.cache), when there is one.
CACHE_VARIABLE = "PERFKIT_CACHE"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
LINK = "[click](javascript:alert(1))"
BOLD = "**bold**"
LATEX = "$\\LaTeX$"
LONG = "Pneumonoultramicroscopic" * 208 + "sis!"  # one word of 5,000 characters
PAYLOADS = {"script": SCRIPT, "img": IMG, "svg": SVG, "link": LINK, "bold": BOLD,
            "latex": LATEX, "long word": LONG}
#: What each report must show as text (the index shows the run's title and the council).
SHOWN = {"index.html": ("script", "svg", "link"), "glossary.html": (),
         "legal_duties.html": tuple(PAYLOADS),
         "overview.html": ("script", "img", "link", "bold", "latex", "long word")}

GUARD = '''"""Test guard: record and refuse network use in every process of a run."""
import os
import socket
import sys
import warnings

_LOG = os.environ.get("PERFKIT_TEST_NETWORK_LOG")
_LOCAL = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "")


def _note(kind, detail):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{kind}\\t{os.getpid()}\\t{detail}\\n")


def _local(host):
    return host is None or str(host) in _LOCAL or str(host).startswith("127.")


def _guarded(method):
    def guarded(self, address, *rest):
        if isinstance(address, tuple) and not _local(address[0]):
            _note("connect", repr(address))
            raise OSError("network use refused by the test guard")
        return method(self, address, *rest)
    return guarded


def _lookup(getaddrinfo):
    def guarded(host, *rest, **named):
        if not _local(host):
            _note("lookup", repr(host))
            raise socket.gaierror("network use refused by the test guard")
        return getaddrinfo(host, *rest, **named)
    return guarded


if _LOG:
    _note("guard", " ".join(getattr(sys, "orig_argv", sys.argv)))
    socket.socket.connect = _guarded(socket.socket.connect)
    socket.socket.connect_ex = _guarded(socket.socket.connect_ex)
    socket.socket.sendto = _guarded(socket.socket.sendto)
    socket.getaddrinfo = _lookup(socket.getaddrinfo)
'''


# -- the hostile pack -------------------------------------------------------------------
def _edit(path: Path, edit) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False)


def hostile_data(data: Path, injection: str) -> None:
    """Hostile strings in the places a report shows text from data."""

    def indicators(frame):
        ehcp = frame["indicator_id"] == "ehcp_20_weeks"
        assessments = frame["indicator_id"] == "assessments_45_working_days"
        frame.loc[ehcp, "title"] = f"EHC plans in 20 weeks {SCRIPT} {BOLD} {LATEX}"
        frame.loc[ehcp, "short_title"] = f"EHCP {IMG} {LINK}"
        frame.loc[assessments, "title"] = f"Assessments {SVG} {LONG}"
        frame.loc[assessments, "short_title"] = f"Assessments {LONG}"
        frame.loc[ehcp | assessments, "service"] = "Children " + injection  # the theme

    def commentary(frame):
        mine = (frame["area_code"] == COUNCIL) & frame["indicator_id"].isin(INDICATORS)
        frame.loc[mine, "commentary"] = (f"First {SCRIPT} {IMG}\n\n{BOLD} {LINK} {LATEX} "
                                         f"{LONG}")
        frame.loc[mine, "author"] = SVG

    def areas(frame):
        # a short name: longer council names upset the peer chart's layout (see the report)
        frame.loc[frame["area_code"] == COUNCIL, "area_name"] = SCRIPT

    def peers(frame):  # every group: an indicator may name its publisher's own
        frame["group_name"] = f"Neighbours {IMG} {BOLD} {LATEX} {LINK} {LONG}"

    for name, edit in (("indicators", indicators), ("commentary", commentary),
                       ("areas", areas), ("peer_groups", peers)):
        _edit(data / f"{name}.csv", edit)


class Page(HTMLParser):
    """Elements, attributes, style sheets and visible text of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._in.append(tag)
        if dict(attrs).get("style"):
            self.styles.append(dict(attrs)["style"])

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        (self.styles if self._in else self.text).append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> dict:
    """The hostile pack, made by ``perfkit run`` in a guarded process."""
    tmp = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data", tmp / "data")
    markers = {name: tmp / f"pwned-{name}" for name in ("theme", "peer_group")}
    theme = f'"; __import__("pathlib").Path(r"{markers["theme"]}").touch() #'
    hostile_data(tmp / "data", theme)
    peer_group = f"ons\\'; __import__('pathlib').Path(r'{markers['peer_group']}').touch(); '''"

    def rename(frame):
        frame["group_id"] = frame["group_id"].replace("ons_global_neighbours", peer_group)

    _edit(tmp / "data" / "peer_groups.csv", rename)
    run_file = tmp / "run.yaml"
    run_file.write_text(yaml.safe_dump({
        "title": f"Pack {SCRIPT} {SVG} {LINK}", "council": COUNCIL, "period": "2025-26 Q3",
        "notebooks": ["legal_duties", "overview"], "indicators": INDICATORS,
        "audience": "analyst", "theme": theme, "peer_group": peer_group,
        "data_dir": str(tmp / "data")}), encoding="utf-8")
    guard = tmp / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp / "network.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT)]),
           "PERFKIT_TEST_NETWORK_LOG": str(log), CACHE_VARIABLE: str(tmp / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "perfkit.run.cli", "run", str(run_file), "--outputs",
         str(tmp / "outputs"), "--notebooks-dir", str(NOTEBOOKS), "--workers", "2"],
        capture_output=True, text=True, cwd=tmp, env=env, timeout=600)
    folder = tmp / "outputs" / COUNCIL / SLUG / RUN
    pages = {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.html"))}
    return {"done": done, "folder": folder, "pages": pages, "markers": markers,
            "log": log.read_text("utf-8").splitlines() if log.exists() else []}


def test_the_hostile_pack_is_made(pack):
    assert pack["done"].returncode == 0, pack["done"].stderr
    assert sorted(pack["pages"]) == sorted(SHOWN)


@pytest.mark.parametrize("page", sorted(SHOWN))
def test_nothing_from_the_data_runs(pack, page):
    """No script element, no event handler, no javascript: link, no SVG or
    image built from the data: the page has none at all."""
    parsed = Page(pack["pages"][page])
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names and "svg" not in names and "iframe" not in names
    for tag, attrs in parsed.tags:
        handlers = [a for a in attrs if a.lower().startswith("on")]
        assert not handlers, (tag, attrs)
        for value in attrs.values():
            assert not re.match(r"\s*(javascript|vbscript):", unquote(value or ""), re.I), (
                tag, attrs)
        if tag == "img":
            assert attrs["src"].startswith("data:image/"), attrs


@pytest.mark.parametrize("page", sorted(SHOWN))
def test_hostile_text_is_shown_as_typed(pack, page):
    source = pack["pages"][page]
    visible = Page(source).visible
    for name in SHOWN[page]:
        assert PAYLOADS[name] in visible, f"{name} is not shown as text in {page}"
    for raw in (SCRIPT, IMG, "<svg onload", "<strong>bold</strong>", 'href="javascript:'):
        assert raw not in source, f"{raw!r} is in {page} unescaped"
    if SHOWN[page]:  # the glossary shows none of the data, so none of the payloads
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source


def test_commentary_keeps_its_paragraphs_and_escapes_the_rest(pack):
    source = pack["pages"]["legal_duties.html"]
    assert f"<p>First {SCRIPT.replace('<', '&lt;').replace('>', '&gt;')} " in source
    assert f"Officer commentary: {SVG}, 2024" in Page(source).visible  # the author


def test_charts_carry_the_text_escaped(pack):
    """Chart images are data: URIs shown by <img>, which never runs scripts; even
    so, their SVG holds the hostile names as escaped text, nothing more."""
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"',
                        pack["pages"]["legal_duties.html"])
    assert charts
    svgs = [base64.b64decode(chart).decode("utf-8") for chart in charts]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in svg for svg in svgs)
    for svg in svgs:
        assert "<script" not in svg and not re.search(r"\son\w+\s*=", svg)
        assert "javascript:" not in svg.replace("(javascript:alert(1))", "")


def test_parameter_values_are_never_run_as_code(pack):
    assert pack["done"].returncode == 0
    for name, marker in pack["markers"].items():
        assert not marker.exists(), f"the {name} parameter ran as code"


_PYTHON_TALK = re.compile(r"Traceback \(most recent call last\)|\b[A-Z]\w*(Warning|Error|"
                          r"Exception): |site-packages|" + re.escape(str(ROOT)))


def test_reports_show_no_python_warnings_or_tracebacks(pack):
    for page, source in pack["pages"].items():
        found = _PYTHON_TALK.search(Page(source).visible)
        assert not found, f"{found.group(0)!r} in {page}"


# -- the network ------------------------------------------------------------------------
_RESOURCE_ATTRIBUTES = ("src", "href", "srcset", "poster", "data", "action", "formaction",
                        "background", "xlink:href", "manifest", "cite", "longdesc")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+['\"]?([^'\";\s]*)", re.I)


def _external(reference: str) -> bool:
    reference = reference.strip()
    return not (reference.startswith(("data:", "#")) or reference == ""
                or re.match(r"^[\w.-]+(\.html|\.ipynb|\.csv|\.xlsx|\.json)(#.*)?$", reference))


@pytest.mark.parametrize("page", sorted(SHOWN))
def test_reports_reference_nothing_outside_the_folder(pack, page):
    parsed = Page(pack["pages"][page])
    references = [value for _, attrs in parsed.tags for key, value in attrs.items()
                  if key in _RESOURCE_ATTRIBUTES and value]
    references += [m.group(1) or m.group(2) for css in parsed.styles
                   for m in _CSS_URL.finditer(css)]
    assert references, "the check found nothing to check"
    outside = [r for r in references if _external(r)]
    assert not outside, outside


def test_no_process_of_the_run_touched_the_network(pack):
    guards = [line for line in pack["log"] if line.startswith("guard")]
    assert any("ipykernel_launcher" in line for line in guards), (
        "the guard did not load in the notebook kernels: the check would prove nothing",
        pack["log"])
    assert len(guards) >= 4  # the command, a worker or two, a kernel per notebook
    used = [line for line in pack["log"] if not line.startswith("guard")]
    assert not used, used


def test_the_guard_would_catch_a_connection(tmp_path):
    """The guard itself works: a lookup and a connection are refused and logged."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    code = ("import socket, urllib.request\n"
            "try: urllib.request.urlopen('https://example.org', timeout=5)\n"
            "except OSError: pass\n"
            "s = socket.socket()\n"
            "try: s.connect(('93.184.216.34', 80))\n"
            "except OSError: pass\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60,
                   env={**os.environ, "PYTHONPATH": str(guard),
                        "PERFKIT_TEST_NETWORK_LOG": str(log)})
    kinds = [line.split("\t")[0] for line in log.read_text("utf-8").splitlines()]
    assert kinds.count("guard") == 1 and "lookup" in kinds and "connect" in kinds


_NETWORK_MODULES = ("socket", "ssl", "http", "urllib.request", "urllib3", "requests", "httpx",
                    "aiohttp", "ftplib", "smtplib", "telnetlib", "xmlrpc", "websocket",
                    "websockets")


def test_perfkit_imports_no_networking_module():
    for path in sorted((ROOT / "perfkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                assert not any(name == m or name.startswith(m + ".") for m in
                               _NETWORK_MODULES), f"{path.name} imports {name}"


# -- paths and YAML ---------------------------------------------------------------------
@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder (small valid data, outputs/ with an earlier report, a
    folder beside outputs/ that must stay empty) and a runner that fails the
    test if it is reached."""
    shutil.copytree(CORPUS / "_base", tmp_path / "data")
    (tmp_path / "outputs" / COUNCIL / SLUG / RUN).mkdir(parents=True)
    (tmp_path / "outputs" / COUNCIL / SLUG / RUN / "index.html").write_text("earlier", "utf-8")
    (tmp_path / "etc").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(CACHE_VARIABLE, "off")  # perfkit run would turn it on for the session

    def no_run(*args, **kwargs):
        raise AssertionError("the runner was reached")

    monkeypatch.setattr(cli, "run_reports", no_run)
    return tmp_path


def tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def refuse(project: Path, text: str) -> str:
    run_file = project / "run.yaml"
    run_file.write_text(f"data_dir: {project / 'data'}\nnotebooks: [legal_duties]\n{text}",
                        encoding="utf-8")
    before = tree(project)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", str(run_file), "--outputs", str(project / "outputs"),
                     "--notebooks-dir", str(NOTEBOOKS)])
    assert code == 1, err.getvalue()
    assert tree(project) == before, "something was written"
    return err.getvalue()


@pytest.mark.parametrize("text", [
    "council: ../../etc\nperiod: 2025-26 Q3\n",
    "council: E08000009/../../../etc\nperiod: 2025-26 Q3\n",
    "councils: [E08000009, ../etc]\nperiod: 2025-26 Q3\n",
    "council: E08000009\nperiod: ../../etc\n",
    "council: E08000009\nperiod: 2025-26 Q3/../../../etc\n",
    "council: E08000009\nperiod: /etc\n",
], ids=["council", "council-with-a-path", "councils", "period", "period-with-a-path",
        "absolute-period"])
def test_paths_in_a_run_file_are_refused_before_anything_runs(project, text):
    err = refuse(project, text)
    assert "Nothing was run and nothing was written to outputs" in err


def test_the_runner_refuses_a_folder_outside_outputs_itself(tmp_path):
    """Even a plan that skipped the checks cannot write outside outputs/."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "ok.ipynb", notebooks / "overview.ipynb")
    run_file = tmp_path / "run.yaml"
    run_file.write_text(f"council: {COUNCIL}\nperiod: 2025-26 Q3\nnotebooks: [overview]\n"
                        f"data_dir: {CORPUS / '_base'}\n",
                        encoding="utf-8")
    plan = read_parameters(run_file, notebooks)
    outputs = tmp_path / "outputs"
    with pytest.raises(ValueError, match="is not inside"):
        runner.run_reports([dataclasses.replace(plan, councils=("../../escaped",))], outputs,
                           mapper=serial_mapper, log=io.StringIO())
    with pytest.raises(PeriodError):
        runner.run_reports([dataclasses.replace(plan, period="../../escaped")], outputs,
                           mapper=serial_mapper, log=io.StringIO())
    assert not outputs.exists() and not (tmp_path / "escaped").exists()
    assert not any(p.name == "escaped" for p in tmp_path.parent.iterdir())


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
], ids=["apply-os.system", "new-Popen", "name", "module", "nested-check_call"])
def test_yaml_tags_are_refused_and_never_run(project, tag):
    marker = project / "pwned"
    value = tag.format(marker=marker)
    text = (f"council: E08000009\nperiod: 2025-26 Q3\nindicators: [{value}]\n"
            if "check_call" in tag else f"council: {value}\nperiod: 2025-26 Q3\n")
    err = refuse(project, text)
    assert "remove any !!python or other !! tag" in err
    assert not marker.exists()


def test_a_long_real_council_name_does_not_break_the_peer_chart():
    from perfkit.charts.compare import peer_chart

    values = pd.DataFrame({
        "area_code": ["E06000058", "E06000022", "E06000045", "E06000044", "E06000043"],
        "area_name": ["Bournemouth, Christchurch and Poole", "Bath and North East Somerset",
                      "Southampton", "Portsmouth", "Brighton and Hove"],
        "value": [71.5, 55.0, 62.1, 48.3, 70.2]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        peer_chart(values, focal_code="E06000058", title="EHC plans in 20 weeks",
                   unit="percent", decimal_places=1, period="2024")
