"""Checking a report's count claims against its footnotes and the coded data.

``claims`` finds the claims in prose, ``verdicts`` judges each one against its
footnote (read with ``workbench.core.caselists``) and, with a project, against
the codings, and ``report`` runs both over a file parsed by the importer.
"""
