"""Ships the report notebooks inside the package; everything else is in pyproject.toml.

``notebooks/*.ipynb`` at the top of the checkout stays the one copy that
authors edit (and that nbval's regression copies come from). Every build
copies them into the package as ``perfkit/notebooks/*.ipynb``, so that an
installed perfkit finds its notebooks from any folder
(:mod:`perfkit.run.notebook_source`); an sdist carries ``notebooks/`` so that
a wheel built from it does too. An editable install copies nothing: the
package reads the checkout's ``notebooks/`` in place.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: The authors' notebooks, relative to the checkout (setuptools builds from it).
SOURCE = "notebooks"
#: Where they go in the package.
TARGET = Path("perfkit", "notebooks")


def _notebooks() -> list[str]:
    return sorted(path.as_posix() for path in Path(SOURCE).glob("*.ipynb"))


class BuildWithNotebooks(build_py):
    """build_py, plus a copy of each notebook in the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for source in _notebooks():
            target = Path(self.build_lib, TARGET, Path(source).name)
            self.mkpath(str(target.parent))
            self.copy_file(source, str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        built = [str(Path(self.build_lib, TARGET, Path(source).name)) for source in _notebooks()]
        return [*super().get_outputs(include_bytecode), *built]

    def get_source_files(self) -> list[str]:
        """What an sdist must carry: the package's files and the notebooks."""
        return [*super().get_source_files(), *_notebooks()]


setup(cmdclass={"build_py": BuildWithNotebooks})
