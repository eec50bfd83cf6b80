"""The suite's addons, found in addons/: a new addon needs no change of the scripts.

Standard library only: the suite-level tests import it too.
"""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def installable_addons(root=REPO / "addons"):
    """The names of the installable addons under ``root``, each after the addons it depends on.

    An addon is a folder with a ``__manifest__.py`` whose ``installable`` is not False.
    Dependencies outside ``root`` (Odoo's own apps) are Odoo's to resolve; among the
    addons of ``root`` the order is alphabetical where dependencies leave it free.

    :raise ValueError: on a dependency cycle between the addons of ``root``
    """
    depends = {}
    for manifest_path in sorted(Path(root).glob("*/__manifest__.py")):
        manifest = ast.literal_eval(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("installable", True) is not False:
            depends[manifest_path.parent.name] = manifest.get("depends", [])
    ordered, done = [], set()

    def visit(name, path):
        if name in done:
            return
        if name in path:
            raise ValueError(f"addons/ has a dependency cycle: {' -> '.join((*path, name))}")
        for dependency in depends[name]:
            if dependency in depends:
                visit(dependency, (*path, name))
        done.add(name)
        ordered.append(name)

    for name in depends:
        visit(name, ())
    return tuple(ordered)
