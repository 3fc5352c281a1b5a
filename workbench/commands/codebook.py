"""Codebooks: show one as a tree, validate a file, load it into the project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rich.markup import escape

from ._common import DbOption, JsonOption, console, err_console, open_project, print_json, project, user_errors

codebook_app = typer.Typer(help="Codebooks: trees of codes with definitions.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(codebook_app, name="codebook")


def _as_tree_data(nodes) -> list[dict]:
    children: dict[int | None, list] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(node) -> dict:
        return {
            "path": node.path,
            "name": node.name,
            "description": node.description,
            "colour": node.colour,
            "examples": list(node.examples),
            "children": [build(c) for c in sorted(children.get(node.id, []), key=lambda n: n.seq)],
        }

    return [build(n) for n in sorted(children.get(None, []), key=lambda n: n.seq)]


def _load(source: str, db: str | None):
    """(name, title, nodes) of a codebook file, or of an installed codebook by name."""
    from workbench.core.codebooks import list_codes, load_codebook_file, nodes_from_spec

    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        spec = load_codebook_file(path)
        return spec.name, spec.title, nodes_from_spec(spec)
    store = open_project(db, create=False)
    try:
        with store.reading() as conn:
            return source, source, list_codes(conn, source)
    finally:
        store.close()


@codebook_app.command("show")
def show(
    source: Annotated[str, typer.Argument(help="A codebook YAML file, or the name of a codebook loaded in the project.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show a codebook as a tree with each code's definition."""
    from rich.markup import escape
    from rich.tree import Tree

    with user_errors():
        name, title, nodes = _load(source, db)
    data = _as_tree_data(nodes)
    if json:
        print_json({"name": name, "title": title, "codes": data})
        return
    root = Tree(f"[bold]{escape(title)}[/] [dim]({escape(name)}, {len(nodes)} codes)[/]")

    def add(branch, item, inherited: str | None) -> None:
        colour = item["colour"] or inherited
        swatch = f"[{colour}]■[/] " if colour else ""
        label = f"{swatch}[bold]{escape(item['name'])}[/]"
        if item["description"]:
            label += f"\n[dim]{escape(item['description'])}[/]"
        sub = branch.add(label)
        for child in item["children"]:
            add(sub, child, colour)

    for item in data:
        add(root, item, None)
    console.print(root)


@codebook_app.command("validate")
def validate(file: Annotated[Path, typer.Argument(help="The codebook YAML file to check.")]) -> None:
    """Check a codebook file: exit 0 with a summary, or exit 2 listing every error as file:line: message."""
    from workbench.core.codebooks import load_codebook_file
    from workbench.core.errors import WorkbenchError
    from workbench.core.yamlsource import SourceErrors

    try:
        spec = load_codebook_file(file)
    except SourceErrors as err:
        for line in err.errors:
            err_console.print(line, highlight=False, markup=False, soft_wrap=True)
        err_console.print(f"[bold red]{len(err.errors)} error{'s' if len(err.errors) != 1 else ''}[/] in {escape(str(file))}", highlight=False)
        raise typer.Exit(2) from None
    except WorkbenchError as err:
        err_console.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    codes = list(spec.walk())
    leaves = sum(1 for code, _d, _p in codes if not code.children)
    depth = max((d for _c, d, _p in codes), default=-1) + 1
    console.print(escape(f"OK {file}: codebook '{spec.name}', {len(codes)} codes ({len(spec.codes)} top-level, {leaves} leaves, {depth} levels)"), highlight=False, soft_wrap=True)


@codebook_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="The codebook YAML file to install into the project.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Install a codebook into the project (again after editing: codes are matched by path, codings kept)."""
    from workbench.core.cases import ensure_case_sets
    from workbench.core.codebooks import install_codebook, list_codes, load_codebook_file

    with user_errors():
        spec = load_codebook_file(file)
        store = open_project(db)
        try:
            with store.transaction() as conn:
                ensure_case_sets(conn)
                install_codebook(conn, spec)
                count = len(list_codes(conn, spec.name))
        finally:
            store.close()
    if json:
        print_json({"name": spec.name, "codes": count})
        return
    console.print(f"Loaded codebook [bold]{escape(spec.name)}[/]: {count} codes.", highlight=False)


codebook_app.command("install", hidden=True, help="Same as 'load'.")(load)


@codebook_app.command("list")
def list_(
    codebook: Annotated[Optional[str], typer.Argument(help="Only this codebook's codes.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List the codes loaded in the project, one path a line."""
    from collections import Counter

    from workbench.core.codebooks import list_codes

    with project(db) as store:
        with store.reading() as conn:
            codes = list_codes(conn, codebook)
    if json:
        print_json([{"id": c.id, "path": c.path, "codebook": c.codebook, "case_set": c.case_set, "description": c.description}
                    for c in codes])
        return
    usual = Counter(c.case_set for c in codes).most_common(1)[0][0] if codes else None
    for code in codes:  # a code that counts another case set than most says so
        other = f"  [cyan]({escape(code.case_set)})[/]" if code.case_set != usual else ""
        console.print(f"[dim]{code.id:>5}[/]  {escape(code.path)}{other}", highlight=False)
