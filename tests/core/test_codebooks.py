from pathlib import Path
from textwrap import dedent

import pytest
from sqlalchemy import text

from workbench.core.codebooks import CodeResolver, install_codebook, list_codes, load_codebook_file
from workbench.core.errors import InvalidInput, NotFound

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "codebook-small.yaml"
ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, body: str, name: str = "book.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def errors_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        load_codebook_file(path)
    return str(err.value).splitlines()


def test_load_small_codebook():
    spec = load_codebook_file(SMALL)
    assert (spec.name, spec.title, spec.case_set) == ("test-tillvaxt", "Test codebook", "regioner")
    paths = [code.path for code, _depth, _parent in spec.walk()]
    assert paths == [
        "kompetensförsörjning",
        "kompetensförsörjning/validering",
        "kompetensförsörjning/validering/utmaningar",
        "kompetensförsörjning/yrkesvux",
        "kompetensförsörjning/yrkesvux/utmaningar",  # the same leaf name under two parents
        "hållbarhet",
        "hållbarhet/jämställdhet",
        "hållbarhet/Agenda 2030",
    ]
    top = spec.codes[0]
    assert top.colour == "#e9c46a" and top.line == 6  # line 6 of the fixture: "  - name: kompetensförsörjning"
    assert top.children[0].examples == ("13 regioner lyfter utmaningar i arbetet med validering",)


def test_the_shipped_codebook_validates():
    path = ROOT / "codebooks" / "regional-tillvaxt-2020.yaml"
    if not path.exists():  # pragma: no cover - written by another part of the project
        pytest.skip("codebooks/regional-tillvaxt-2020.yaml not written yet")
    spec = load_codebook_file(path)
    paths = [c.path for c, _d, _p in spec.walk()]
    assert "kompetensförsörjning/validering" in paths and len(paths) == len(set(paths))


def test_every_error_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, """
        name: broken
        titel: Typo in a key
        codes:
          - name: a
            colour: teal
            children:
              - name: b
                description: [not, text]
              - description: no name here
              - name: b
          - name: a
            colour: #2a9d8f
            examples: just one string
          - name: c/d
          - name: e
            color: "#000000"
        """)
    lines = errors_of(path)
    assert lines == [
        f"{path}:2: unknown key 'titel' in the codebook - did you mean 'title'? (allowed: name, title, description, case_set, codes)",
        f"{path}:5: colour 'teal' is not a #rrggbb colour - write e.g. \"#2a9d8f\"",
        f"{path}:8: 'description' must be text, not a list",
        f"{path}:9: a code has no 'name' - every code needs one",
        f"{path}:10: duplicate code path 'a/b' (first on line 7) - rename one of them",
        f"{path}:11: duplicate code path 'a' (first on line 4) - rename one of them",
        f"{path}:12: 'colour' is empty - in YAML '#' starts a comment, so quote it: colour: \"#2a9d8f\"",
        f"{path}:13: 'examples' must be a list ('- ' items), not the value 'just one string'",
        f"{path}:14: code name 'c/d' contains '/' - nest it under 'children' instead",
        f"{path}:16: unknown key 'color' in a code - did you mean 'colour'? (allowed: name, description, colour, examples, case_set, children)",
    ]


def test_tabs_are_reported_per_line(tmp_path):
    path = tmp_path / "tabs.yaml"
    path.write_text("name: t\ncodes:\n  - name: a\n\tdescription: x\n  - name: b\n", encoding="utf-8")
    lines = errors_of(path)
    assert lines[0] == f"{path}:4: tab character - YAML must be indented with spaces"


def test_yaml_syntax_error_has_its_line(tmp_path):
    path = write(tmp_path, """
        name: t
        codes:
          - name: "unclosed
          - name: b
        """)
    lines = errors_of(path)
    assert len(lines) == 1 and lines[0].startswith(f"{path}:5: YAML syntax error")


@pytest.mark.parametrize(
    "body, message",
    [
        ("codes:\n  - name: a\n", ":1: the codebook has no 'name'"),
        ("name: t\n", ":1: the codebook has no 'codes' list"),
        ("name: t\ncodes: []\n", ":2: 'codes' is empty"),
        ("name: t\ncodes: a, b\n", ":2: 'codes' must be a list"),
        ("- a\n- b\n", ":1: the codebook must be a mapping"),
        ("name: t\nname: u\ncodes:\n  - name: a\n", ":2: the codebook has 'name' twice (first on line 1)"),
        ("name: t\ncodes:\n  - name:\n", ":3: a code's 'name' is empty"),
        ("name: t\ncodes:\n  - just a string\n", ":3: a code must be a mapping"),
        ("", ":1: the file is empty"),
    ],
)
def test_bad_codebooks(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    lines = errors_of(path)
    assert any(message in line and line.startswith(str(path)) for line in lines), lines


def test_unreadable_files(tmp_path):
    with pytest.raises(InvalidInput, match="no such file"):
        load_codebook_file(tmp_path / "missing.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        load_codebook_file(binary)


def closure(conn) -> set[tuple[str, str, int]]:
    return set(
        conn.execute(
            text(
                "SELECT a.path, d.path, cc.depth FROM code_closure cc JOIN code a ON a.id = cc.ancestor_id JOIN code d ON d.id = cc.descendant_id"
            )
        ).all()
    )


def test_install_writes_codes_and_closure(store):
    spec = load_codebook_file(SMALL)
    with store.transaction() as conn:
        book = install_codebook(conn, spec)
    with store.reading() as conn:
        codes = list_codes(conn)
        pairs = closure(conn)
    assert [c.path for c in codes] == [c.path for c, _d, _p in spec.walk()]
    by_path = {c.path: c for c in codes}
    leaf = by_path["kompetensförsörjning/validering/utmaningar"]
    assert leaf.depth == 2 and leaf.parent_id == by_path["kompetensförsörjning/validering"].id and leaf.codebook == "test-tillvaxt"
    assert by_path["kompetensförsörjning"].parent_id is None and by_path["kompetensförsörjning"].colour == "#e9c46a"
    assert by_path["kompetensförsörjning/validering"].examples == ("13 regioner lyfter utmaningar i arbetet med validering",)
    assert ("kompetensförsörjning", "kompetensförsörjning/validering/utmaningar", 2) in pairs
    assert ("kompetensförsörjning/validering", "kompetensförsörjning/validering/utmaningar", 1) in pairs
    assert ("hållbarhet", "hållbarhet", 0) in pairs
    assert len(pairs) == 8 + 6 + 2  # self pairs + parent pairs + grandparent pairs
    with store.transaction() as conn:
        assert install_codebook(conn, spec) == book  # same content: a no-op
    with store.reading() as conn:
        assert [c.id for c in list_codes(conn)] == [c.id for c in codes]


def _add_coding(store, code_path: str) -> None:
    with store.transaction() as conn:
        conn.execute(text("INSERT INTO document (title, path, format, content_hash, text, imported_at) VALUES ('d', 'd', 'txt', 'h', 't', 'now')"))
        conn.execute(text("INSERT INTO passage (document_id, seq, kind, text, start_offset, end_offset) VALUES (1, 0, 'paragraph', 't', 0, 1)"))
        conn.execute(text("INSERT INTO coder (name) VALUES ('anna')"))
        code_id = conn.execute(text("SELECT id FROM code WHERE path = :p"), {"p": code_path}).scalar_one()
        conn.execute(
            text("INSERT INTO coding (passage_id, code_id, coder_id, created_at, updated_at) VALUES (1, :c, 1, 'now', 'now')"), {"c": code_id}
        )


def test_reinstall_changed_content_keeps_codings_of_unchanged_paths(store, tmp_path):
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(SMALL))
    _add_coding(store, "kompetensförsörjning/validering/utmaningar")
    changed = SMALL.read_text(encoding="utf-8").replace("Utmaningar i arbetet med validering.", "Utmaningar (ny definition).")
    changed = changed.replace("      - name: jämställdhet\n        description: \"Jämställdhet.\"\n", "      - name: klimat\n        description: \"Klimat och miljö.\"\n")
    spec2 = load_codebook_file(write(tmp_path, changed))
    with store.transaction() as conn:
        install_codebook(conn, spec2)
    with store.reading() as conn:
        codes = {c.path: c for c in list_codes(conn)}
        assert codes["kompetensförsörjning/validering/utmaningar"].description == "Utmaningar (ny definition)."
        assert "hållbarhet/klimat" in codes and "hållbarhet/jämställdhet" not in codes
        assert conn.execute(text("SELECT count(*) FROM coding")).scalar() == 1
        assert ("hållbarhet", "hållbarhet/klimat", 1) in closure(conn)
    # Removing a code that has codings is refused, and nothing is written.
    removed = changed.replace("          - name: utmaningar\n            description: \"Utmaningar (ny definition).\"\n", "")
    spec3 = load_codebook_file(write(tmp_path, removed, "v3.yaml"))
    with pytest.raises(InvalidInput, match="code 'kompetensförsörjning/validering/utmaningar' is not in the file but has 1 codings"):
        with store.transaction() as conn:
            install_codebook(conn, spec3)
    with store.reading() as conn:
        assert "kompetensförsörjning/validering/utmaningar" in {c.path for c in list_codes(conn)}


def test_list_codes_of_an_unknown_codebook(store):
    with store.reading() as conn:
        with pytest.raises(NotFound, match="no codebook 'nope' in this project"):
            list_codes(conn, "nope")


@pytest.fixture
def resolver(store):
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(SMALL))
        return CodeResolver(list_codes(conn))


def test_code_resolver(resolver):
    assert resolver.resolve("kompetensförsörjning/validering").path == "kompetensförsörjning/validering"
    assert resolver.resolve(" Kompetensförsörjning / Validering ").path == "kompetensförsörjning/validering"
    assert resolver.resolve("validering/utmaningar").path == "kompetensförsörjning/validering/utmaningar"
    assert resolver.resolve("jämställdhet").path == "hållbarhet/jämställdhet"
    assert resolver.resolve("agenda 2030").path == "hållbarhet/Agenda 2030"
    with pytest.raises(NotFound, match="code 'utmaningar' is ambiguous - did you mean kompetensförsörjning/validering/utmaningar or kompetensförsörjning/yrkesvux/utmaningar"):
        resolver.resolve("utmaningar")
    with pytest.raises(NotFound, match="unknown code 'kompetensförsörjning/valdering' - did you mean kompetensförsörjning/validering"):
        resolver.resolve("kompetensförsörjning/valdering")
    with pytest.raises(InvalidInput):
        resolver.resolve("  ")


def test_code_search(resolver):
    assert resolver.search("validering", limit=3)[0].path == "kompetensförsörjning/validering"
    assert resolver.search("globala målen", limit=1)[0].path == "hållbarhet/Agenda 2030"  # found by description
    assert resolver.search("zzzz qqqq") == []


def test_same_errors_with_the_pure_python_yaml_loader(tmp_path, monkeypatch):
    """CI may have PyYAML without libyaml; the messages must not depend on it."""
    import yaml

    import workbench.core.yamlsource as yamlsource

    monkeypatch.setattr(yamlsource, "_LOADER", yaml.SafeLoader)
    test_every_error_is_reported_with_its_line(tmp_path)
    test_tabs_are_reported_per_line(tmp_path)
    test_yaml_syntax_error_has_its_line(tmp_path)


def test_a_code_counts_its_own_case_set_and_children_inherit_it(tmp_path, store):
    path = write(tmp_path, """
        name: mixed
        title: Mixed
        case_set: regioner
        codes:
          - name: anslag
            children:
              - name: regionerna
              - name: länsstyrelserna
                case_set: länsstyrelser
                children:
                  - name: utvecklingsstrategin
        """)
    spec = load_codebook_file(path)
    assert spec.case_sets() == {
        "anslag": "regioner",
        "anslag/regionerna": "regioner",
        "anslag/länsstyrelserna": "länsstyrelser",
        "anslag/länsstyrelserna/utvecklingsstrategin": "länsstyrelser",
    }
    with store.transaction() as conn:
        install_codebook(conn, spec)
        assert {c.path: c.case_set for c in list_codes(conn)} == spec.case_sets()
        assert conn.execute(text("SELECT title, case_set FROM codebook")).all() == [("Mixed", "regioner")]


def test_an_unknown_case_set_stops_the_install_naming_the_line(tmp_path, store):
    path = write(tmp_path, """
        name: typo
        codes:
          - name: anslag
            case_set: länstyrelser
        """)
    spec = load_codebook_file(path)
    with pytest.raises(InvalidInput) as err:
        with store.transaction() as conn:
            install_codebook(conn, spec)
    message = str(err.value)
    assert message == f"{path}:3: code 'anslag' counts case set 'länstyrelser', which this project does not have - did you mean länsstyrelser?"
    with store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM code")).scalar() == 0
