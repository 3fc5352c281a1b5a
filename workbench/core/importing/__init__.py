"""Importing documents: one parser per format, one writer for all.

Parsers turn a file into a ``ParsedDocument`` (pure data, no database);
``writer.write_document`` puts it into the project in one transaction.
"""
