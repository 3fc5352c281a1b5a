"""Case sets: list them, import a user's set from YAML, and show how a name resolves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rich.markup import escape

from ._common import DbOption, JsonOption, console, open_project, print_json, user_errors

cases_app = typer.Typer(help="Case sets (regions, länsstyrelser, your own) and case names.", no_args_is_help=True)


def _project_store(db: str | None):
    """The project's store with the built-in sets installed, or None when there is no project yet."""
    from workbench.core.cases import ensure_case_sets
    from workbench.core.db import resolve_url
    from workbench.core.errors import WorkbenchError

    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    store = open_project(db, create=False)
    try:
        with store.transaction() as conn:
            ensure_case_sets(conn)
    except WorkbenchError:
        store.close()
        raise
    return store


def _sets(db: str | None, name: str | None):
    """CaseSetInfo(s) and a resolver-maker, from the project when there is one, else from the package."""
    from workbench.core.cases import BUILTIN_SETS, CaseResolver, builtin_case_set, get_case_set, info_from_spec, list_case_sets, resolver_for

    store = _project_store(db)
    if store is None:
        if name is not None:
            spec = builtin_case_set(name)
            return [info_from_spec(spec)], CaseResolver.from_spec(spec)
        return [info_from_spec(builtin_case_set(n)) for n in BUILTIN_SETS], None
    try:
        with store.reading() as conn:
            if name is None:
                return list_case_sets(conn), None
            return [get_case_set(conn, name)], resolver_for(conn, name)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")


@cases_app.command("list")
def list_(
    case_set: Annotated[Optional[str], typer.Argument(help="A case set to list the cases of, e.g. regioner.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List the case sets, or the cases of one set in Swedish alphabetical order."""
    from rich.table import Table

    with user_errors():
        infos, resolver = _sets(db, case_set)
    if case_set is None:
        if json:
            print_json([{"name": i.name, "noun_plural": i.noun_plural, "noun_plural_en": i.noun_plural_en, "cases": len(i.cases)} for i in infos])
            return
        table = Table("Case set", "Noun (sv)", "Noun (en)", "Cases", title="Case sets")
        for info in infos:
            table.add_row(*(escape(x) for x in (info.name, f"{info.noun_singular} / {info.noun_plural}", f"{info.noun_singular_en} / {info.noun_plural_en}")), str(len(info.cases)))
        console.print(table)
        return
    info = infos[0]
    rows = [{"name": c.name, "code": c.code, "aliases": list(resolver.aliases.get(c.name, ()))} for c in info.cases]
    if json:
        print_json({"name": info.name, "noun_plural": info.noun_plural, "cases": rows})
        return
    table = Table("Name", "Code", "Aliases", title=f"{info.name}: {len(rows)} {info.noun_plural}")
    for row in rows:
        table.add_row(escape(row["name"]), escape(row["code"] or ""), escape(", ".join(row["aliases"])))
    console.print(table)


@cases_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A case set YAML file (name, nouns, cases with name, code, aliases).")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Add (or update) a case set from a YAML file, e.g. municipalities."""
    from workbench.core.cases import ensure_case_sets, install_case_set, load_case_set_file

    with user_errors():
        spec = load_case_set_file(file)
        store = open_project(db)
        try:
            with store.transaction() as conn:
                ensure_case_sets(conn)
                info = install_case_set(conn, spec)
        finally:
            store.close()
    if json:
        print_json({"name": info.name, "cases": [c.name for c in info.cases]})
        return
    console.print(escape(f"Case set {info.name}: {len(info.cases)} {info.noun_plural} ({', '.join(c.name for c in info.cases[:5])}{', …' if len(info.cases) > 5 else ''})."), highlight=False)


@cases_app.command("resolve")
def resolve(
    names: Annotated[list[str], typer.Argument(help="Names to resolve, e.g. 'Region Skåne' Västermanland.")],
    case_set: Annotated[str, typer.Option("--set", help="The case set to resolve in.")] = "regioner",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show how names resolve: exact, alias, fuzzy (with its score), or the did-you-mean error."""
    from workbench.core.errors import WorkbenchError

    with user_errors():
        _infos, resolver = _sets(db, case_set)
    results, failed = [], False
    for name in names:
        try:
            got = resolver.resolve(name)
            results.append({"name": name, "case": got.case.name, "code": got.case.code, "how": got.how, "score": got.score, "error": None})
        except WorkbenchError as err:
            failed = True
            results.append({"name": name, "case": None, "code": None, "how": None, "score": None, "error": str(err)})
    if json:
        print_json(results)
    else:
        for r in results:
            if r["error"]:
                console.print(f"[bold red]{escape(r['name'])}[/]: {escape(r['error'])}", highlight=False, soft_wrap=True)
            else:
                score = f" ({r['score']:.1f})" if r["how"] == "fuzzy" else ""
                console.print(f"{escape(r['name'])} -> [bold]{escape(r['case'])}[/] [dim]{r['how']}{score}[/]", highlight=False)
    if failed:
        raise typer.Exit(2)
