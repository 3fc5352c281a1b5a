-- workbench: the canonical database schema.
--
-- Portable between SQLite and PostgreSQL. The only dialect difference is how
-- surrogate keys are generated: on PostgreSQL the store rewrites
-- "id INTEGER PRIMARY KEY" to an identity column before running this file
-- (see workbench/core/db.py). SQLModel models in workbench/core/models.py mirror
-- this file; tests/core/test_schema.py proves both describe the same tables,
-- columns, keys and indexes.
--
-- "case" is an SQL keyword, so cases live in table case_item.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Documents and their structure -------------------------------------------

CREATE TABLE case_set (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    noun_singular TEXT NOT NULL,
    noun_plural TEXT NOT NULL,
    noun_definite_plural TEXT NOT NULL,
    noun_singular_en TEXT NOT NULL,
    noun_plural_en TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE case_item (
    id INTEGER PRIMARY KEY,
    case_set_id INTEGER NOT NULL REFERENCES case_set(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    code TEXT,
    UNIQUE (case_set_id, name)
);

CREATE TABLE case_alias (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES case_item(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    UNIQUE (case_id, alias)
);

CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    case_id INTEGER REFERENCES case_item(id),
    text TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE page (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    label TEXT,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    UNIQUE (document_id, seq)
);

CREATE TABLE section (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES section(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    page_id INTEGER REFERENCES page(id),
    start_offset INTEGER NOT NULL,
    UNIQUE (document_id, seq)
);

CREATE TABLE passage (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES section(id),
    page_id INTEGER REFERENCES page(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    UNIQUE (document_id, seq)
);
CREATE INDEX ix_passage_section ON passage (section_id);
CREATE INDEX ix_passage_page ON passage (page_id);

CREATE TABLE footnote (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    page_id INTEGER REFERENCES page(id),
    status TEXT NOT NULL DEFAULT 'ok',
    UNIQUE (document_id, number)
);

CREATE TABLE footnote_ref (
    id INTEGER PRIMARY KEY,
    passage_id INTEGER NOT NULL REFERENCES passage(id) ON DELETE CASCADE,
    footnote_id INTEGER NOT NULL REFERENCES footnote(id) ON DELETE CASCADE,
    char_offset INTEGER NOT NULL,
    UNIQUE (passage_id, footnote_id, char_offset)
);
CREATE INDEX ix_footnote_ref_footnote ON footnote_ref (footnote_id);

-- A recognised case name in a passage or in one of its footnotes: offered to
-- coders, never applied by itself.
CREATE TABLE case_suggestion (
    id INTEGER PRIMARY KEY,
    passage_id INTEGER NOT NULL REFERENCES passage(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES case_item(id) ON DELETE CASCADE,
    footnote_id INTEGER REFERENCES footnote(id) ON DELETE CASCADE,
    matched_text TEXT NOT NULL,
    UNIQUE (passage_id, case_id, footnote_id)
);
CREATE INDEX ix_case_suggestion_case ON case_suggestion (case_id);

-- Codebooks ---------------------------------------------------------------

-- title and case_set came with schema version 2 (hence after content_hash:
-- a migrated database adds them at the end). case_set names the case set the
-- codebook's codes count by default; a code may name another (code.case_set).
CREATE TABLE codebook (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source_path TEXT,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    case_set TEXT NOT NULL DEFAULT 'regioner'
);

CREATE TABLE code (
    id INTEGER PRIMARY KEY,
    codebook_id INTEGER NOT NULL REFERENCES codebook(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES code(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colour TEXT,
    examples TEXT NOT NULL DEFAULT '[]',
    seq INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    -- the case set this code counts (its own, inherited, or the codebook's): version 2
    case_set TEXT NOT NULL DEFAULT 'regioner',
    UNIQUE (codebook_id, path)
);
CREATE INDEX ix_code_parent ON code (parent_id);

-- Every (ancestor, descendant) pair including (c, c) at depth 0, so that a
-- subtree query is one indexed join rather than a recursive walk.
CREATE TABLE code_closure (
    ancestor_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
    descendant_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
    depth INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX ix_code_closure_descendant ON code_closure (descendant_id);

-- Coding ------------------------------------------------------------------

-- role: 'coder', 'reviewer', or 'consensus' (the adjudicated coding set is
-- stored under one coder row of that role).
CREATE TABLE coder (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL DEFAULT 'coder'
);

CREATE TABLE coding (
    id INTEGER PRIMARY KEY,
    passage_id INTEGER NOT NULL REFERENCES passage(id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES coder(id),
    span_start INTEGER,
    span_end INTEGER,
    memo TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_coding_passage ON coding (passage_id);
CREATE INDEX ix_coding_code_coder ON coding (code_id, coder_id);
CREATE INDEX ix_coding_coder ON coding (coder_id);

CREATE TABLE coding_case (
    coding_id INTEGER NOT NULL REFERENCES coding(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES case_item(id),
    PRIMARY KEY (coding_id, case_id)
);
CREATE INDEX ix_coding_case_case ON coding_case (case_id);

-- How many codings of one coder give one case one code. Maintained in the
-- same transaction as every coding write, so that the code x case matrix and
-- a code's distinct cases are read from a few thousand rows instead of a
-- GROUP BY over a million codings.
CREATE TABLE code_case_count (
    code_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES coder(id),
    case_id INTEGER NOT NULL REFERENCES case_item(id),
    n INTEGER NOT NULL,
    PRIMARY KEY (code_id, coder_id, case_id)
);
CREATE INDEX ix_code_case_count_case ON code_case_count (case_id);
-- Covers the matrix's grouped read (code, case, n) so SQLite need not sort,
-- also when it counts only some coders ("all coders" leaves the consensus
-- set out): with coder_id in the index that filter is read from the index
-- too (1M codings: 64 ms -> 23 ms). Version 2.
CREATE INDEX ix_code_case_count_code_case ON code_case_count (code_id, case_id, coder_id, n);

-- The audit trail: every coding change with coder and time. Nothing deletes
-- from it; undo and redo are themselves recorded.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    coder_id INTEGER NOT NULL REFERENCES coder(id),
    action TEXT NOT NULL,
    coding_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    undone INTEGER NOT NULL DEFAULT 0,
    reverts_id INTEGER REFERENCES audit(id)
);
CREATE INDEX ix_audit_coder ON audit (coder_id, id);
