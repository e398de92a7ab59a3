"""A notebook's kernel shuts down quietly: no ``KeyboardInterrupt caught in
kernel`` on the terminal after a run that went well, and the kernel's real
errors still show. Kernels write to the terminal themselves, so what they say
is read from the stderr of a run in a process of its own."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat

import perfkit
from perfkit.run.jobs import Job, run_job
from tests.run.process_support import python, write_notebook

RUN_ONE_JOB = """
import sys
from pathlib import Path
from perfkit.run.jobs import Job, run_job
from perfkit.run.kernels import running_kernels

notebook, folder = Path(sys.argv[1]), Path(sys.argv[2])
print(run_job(Job("E08000009", "quiet", notebook, folder, {}, folder, "Quiet")).status)
print(running_kernels())  # none left: the job's kernel was recorded, then let go
"""
#: A kernel error that must still reach the terminal.
REAL_ERROR = "a real error in the kernel"
#: The notebook logs an error, then makes the kernel slow to finish answering
#: papermill's closing kernel_info request, as a busy machine can: the answer
#: is sent, then the kernel takes a moment to return from the request.
CELL = f"""import time
kernel = get_ipython().kernel
kernel.log.error("{REAL_ERROR}")
answer = kernel.shell_handlers["kernel_info_request"]

async def answer_then_pause(*request):
    await answer(*request)
    time.sleep(1)

kernel.shell_handlers["kernel_info_request"] = answer_then_pause"""
SPURIOUS = "KeyboardInterrupt caught in kernel"


def test_a_kernel_that_is_still_finishing_a_request_shuts_down_quietly(tmp_path):
    notebook = write_notebook(tmp_path / "quiet.ipynb", CELL)
    run = python(RUN_ONE_JOB, str(notebook), str(tmp_path / "job"),
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = run.communicate(timeout=120)
    assert out.split() == ["succeeded", "{}"], err
    assert REAL_ERROR in err  # the kernel's errors still show...
    assert SPURIOUS not in err  # ...but not a Ctrl-C that no one pressed



#: A package named perfkit in a kernel's working folder: a clone of the project, say.
DECOY = 'raise ImportError("the perfkit folder in the working folder was imported")\n'


def test_a_kernel_imports_the_installed_perfkit_not_one_in_its_working_folder(tmp_path):
    """IPython puts a kernel's working folder on sys.path ahead of the installed
    packages; the report kernels leave it off (ignore_cwd, PYTHONSAFEPATH)."""
    (tmp_path / "perfkit").mkdir()
    (tmp_path / "perfkit" / "__init__.py").write_text(DECOY, encoding="utf-8")
    notebook = write_notebook(tmp_path / "which.ipynb", "import perfkit\nprint(perfkit.__file__)")
    job = Job("E08000009", "which", notebook, tmp_path / "job", {}, tmp_path, "Which")
    result = run_job(job)
    assert result.ok, result.message
    executed = nbformat.read(tmp_path / "job" / "which.ipynb", as_version=4)
    printed = executed.cells[0].outputs[0]["text"].strip()
    assert Path(printed).resolve() == Path(perfkit.__file__).resolve()
