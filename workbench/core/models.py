"""SQLModel tables mirroring ``schema.sql``.

``schema.sql`` is canonical (it is what creates a database); these classes exist
so that code can name tables and columns with the type checker's help, and
``tests/core/test_schema.py`` proves that both agree. Core modules use the
tables through SQLAlchemy Core (``Model.__table__``) and return plain
dataclasses: ORM objects never leave the core.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _fk(target: str, ondelete: str | None = None, nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable)


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(sa_column=Column(Text, primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))


class CaseSet(SQLModel, table=True):
    __tablename__ = "case_set"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    noun_singular: str = Field(sa_column=Column(Text, nullable=False))
    noun_plural: str = Field(sa_column=Column(Text, nullable=False))
    noun_definite_plural: str = Field(sa_column=Column(Text, nullable=False))
    noun_singular_en: str = Field(sa_column=Column(Text, nullable=False))
    noun_plural_en: str = Field(sa_column=Column(Text, nullable=False))
    builtin: int = Field(sa_column=Column(Integer, nullable=False, server_default="0"))


class CaseItem(SQLModel, table=True):
    __tablename__ = "case_item"
    __table_args__ = (UniqueConstraint("case_set_id", "name"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    case_set_id: int = Field(sa_column=_fk("case_set.id", "CASCADE"))
    name: str = Field(sa_column=Column(Text, nullable=False))
    code: Optional[str] = Field(default=None, sa_column=Column(Text))


class CaseAlias(SQLModel, table=True):
    __tablename__ = "case_alias"
    __table_args__ = (UniqueConstraint("case_id", "alias"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("case_item.id", "CASCADE"))
    alias: str = Field(sa_column=Column(Text, nullable=False))


class Document(SQLModel, table=True):
    __tablename__ = "document"
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    path: str = Field(sa_column=Column(Text, nullable=False))
    format: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    case_id: Optional[int] = Field(default=None, sa_column=_fk("case_item.id", nullable=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: str = Field(sa_column=Column(Text, nullable=False))


class Page(SQLModel, table=True):
    __tablename__ = "page"
    __table_args__ = (UniqueConstraint("document_id", "seq"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=_fk("document.id", "CASCADE"))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    label: Optional[str] = Field(default=None, sa_column=Column(Text))
    start_offset: int = Field(sa_column=Column(Integer, nullable=False))
    end_offset: int = Field(sa_column=Column(Integer, nullable=False))


class Section(SQLModel, table=True):
    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("document_id", "seq"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=_fk("document.id", "CASCADE"))
    parent_id: Optional[int] = Field(default=None, sa_column=_fk("section.id", "CASCADE", nullable=True))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    number: Optional[str] = Field(default=None, sa_column=Column(Text))
    title: str = Field(sa_column=Column(Text, nullable=False))
    level: int = Field(sa_column=Column(Integer, nullable=False))
    page_id: Optional[int] = Field(default=None, sa_column=_fk("page.id", nullable=True))
    start_offset: int = Field(sa_column=Column(Integer, nullable=False))


class Passage(SQLModel, table=True):
    __tablename__ = "passage"
    __table_args__ = (
        UniqueConstraint("document_id", "seq"),
        Index("ix_passage_section", "section_id"),
        Index("ix_passage_page", "page_id"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=_fk("document.id", "CASCADE"))
    section_id: Optional[int] = Field(default=None, sa_column=_fk("section.id", nullable=True))
    page_id: Optional[int] = Field(default=None, sa_column=_fk("page.id", nullable=True))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    start_offset: int = Field(sa_column=Column(Integer, nullable=False))
    end_offset: int = Field(sa_column=Column(Integer, nullable=False))


class Footnote(SQLModel, table=True):
    __tablename__ = "footnote"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=_fk("document.id", "CASCADE"))
    number: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    page_id: Optional[int] = Field(default=None, sa_column=_fk("page.id", nullable=True))
    status: str = Field(sa_column=Column(Text, nullable=False, server_default="ok"))


class FootnoteRef(SQLModel, table=True):
    __tablename__ = "footnote_ref"
    __table_args__ = (
        UniqueConstraint("passage_id", "footnote_id", "char_offset"),
        Index("ix_footnote_ref_footnote", "footnote_id"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    passage_id: int = Field(sa_column=_fk("passage.id", "CASCADE"))
    footnote_id: int = Field(sa_column=_fk("footnote.id", "CASCADE"))
    char_offset: int = Field(sa_column=Column(Integer, nullable=False))


class CaseSuggestion(SQLModel, table=True):
    __tablename__ = "case_suggestion"
    __table_args__ = (
        UniqueConstraint("passage_id", "case_id", "footnote_id"),
        Index("ix_case_suggestion_case", "case_id"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    passage_id: int = Field(sa_column=_fk("passage.id", "CASCADE"))
    case_id: int = Field(sa_column=_fk("case_item.id", "CASCADE"))
    footnote_id: Optional[int] = Field(default=None, sa_column=_fk("footnote.id", "CASCADE", nullable=True))
    matched_text: str = Field(sa_column=Column(Text, nullable=False))


class Codebook(SQLModel, table=True):
    __tablename__ = "codebook"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    source_path: Optional[str] = Field(default=None, sa_column=Column(Text))
    content_hash: str = Field(sa_column=Column(Text, nullable=False))
    title: str = Field(sa_column=Column(Text, nullable=False, server_default=""))
    case_set: str = Field(sa_column=Column(Text, nullable=False, server_default="regioner"))


class Code(SQLModel, table=True):
    __tablename__ = "code"
    __table_args__ = (UniqueConstraint("codebook_id", "path"), Index("ix_code_parent", "parent_id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    codebook_id: int = Field(sa_column=_fk("codebook.id", "CASCADE"))
    parent_id: Optional[int] = Field(default=None, sa_column=_fk("code.id", "CASCADE", nullable=True))
    path: str = Field(sa_column=Column(Text, nullable=False))
    name: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False, server_default=""))
    colour: Optional[str] = Field(default=None, sa_column=Column(Text))
    examples: str = Field(sa_column=Column(Text, nullable=False, server_default="[]"))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    depth: int = Field(sa_column=Column(Integer, nullable=False))
    case_set: str = Field(sa_column=Column(Text, nullable=False, server_default="regioner"))


class CodeClosure(SQLModel, table=True):
    __tablename__ = "code_closure"
    __table_args__ = (Index("ix_code_closure_descendant", "descendant_id"),)
    ancestor_id: int = Field(sa_column=Column(Integer, ForeignKey("code.id", ondelete="CASCADE"), primary_key=True))
    descendant_id: int = Field(sa_column=Column(Integer, ForeignKey("code.id", ondelete="CASCADE"), primary_key=True))
    depth: int = Field(sa_column=Column(Integer, nullable=False))


class Coder(SQLModel, table=True):
    __tablename__ = "coder"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    role: str = Field(sa_column=Column(Text, nullable=False, server_default="coder"))


class Coding(SQLModel, table=True):
    __tablename__ = "coding"
    __table_args__ = (
        Index("ix_coding_passage", "passage_id"),
        Index("ix_coding_code_coder", "code_id", "coder_id"),
        Index("ix_coding_coder", "coder_id"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    passage_id: int = Field(sa_column=_fk("passage.id", "CASCADE"))
    code_id: int = Field(sa_column=_fk("code.id", "CASCADE"))
    coder_id: int = Field(sa_column=_fk("coder.id"))
    span_start: Optional[int] = Field(default=None, sa_column=Column(Integer))
    span_end: Optional[int] = Field(default=None, sa_column=Column(Integer))
    memo: str = Field(sa_column=Column(Text, nullable=False, server_default=""))
    created_at: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: str = Field(sa_column=Column(Text, nullable=False))


class CodingCase(SQLModel, table=True):
    __tablename__ = "coding_case"
    __table_args__ = (Index("ix_coding_case_case", "case_id"),)
    coding_id: int = Field(sa_column=Column(Integer, ForeignKey("coding.id", ondelete="CASCADE"), primary_key=True))
    case_id: int = Field(sa_column=Column(Integer, ForeignKey("case_item.id"), primary_key=True))


class CodeCaseCount(SQLModel, table=True):
    __tablename__ = "code_case_count"
    __table_args__ = (
        Index("ix_code_case_count_case", "case_id"),
        Index("ix_code_case_count_code_case", "code_id", "case_id", "coder_id", "n"),
    )
    code_id: int = Field(sa_column=Column(Integer, ForeignKey("code.id", ondelete="CASCADE"), primary_key=True))
    coder_id: int = Field(sa_column=Column(Integer, ForeignKey("coder.id"), primary_key=True))
    case_id: int = Field(sa_column=Column(Integer, ForeignKey("case_item.id"), primary_key=True))
    n: int = Field(sa_column=Column(Integer, nullable=False))


class Audit(SQLModel, table=True):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_coder", "coder_id", "id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    at: str = Field(sa_column=Column(Text, nullable=False))
    coder_id: int = Field(sa_column=_fk("coder.id"))
    action: str = Field(sa_column=Column(Text, nullable=False))
    coding_id: Optional[int] = Field(default=None, sa_column=Column(Integer))
    before_json: Optional[str] = Field(default=None, sa_column=Column(Text))
    after_json: Optional[str] = Field(default=None, sa_column=Column(Text))
    undone: int = Field(sa_column=Column(Integer, nullable=False, server_default="0"))
    reverts_id: Optional[int] = Field(default=None, sa_column=_fk("audit.id", nullable=True))
