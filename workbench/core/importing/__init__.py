"""Importing documents: one parser per format, one writer for all.

Parsers turn a file into a ``ParsedDocument`` (pure data, no database);
``store.write_document`` puts it into the project in one transaction.
"""
