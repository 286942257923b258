"""``factlint new`` and ``factlint fix archive``: writing new records for a contributor.

* :mod:`~factlint.scaffold.textin` reads and checks an article's text and splits it into sentences;
* :mod:`~factlint.scaffold.emit` writes YAML with safely quoted scalars and comments, and proves
  each file loads back to the data it was written from;
* :mod:`~factlint.scaffold.files` writes a set of new files all or nothing, never over an existing
  one, never through a symbolic link out of the corpus;
* :mod:`~factlint.scaffold.records` builds the records (article source + coverage, source, claim,
  entity); :mod:`~factlint.scaffold.new_claim` and :mod:`~factlint.scaffold.new_entity` read what
  ``new claim`` / ``new entity`` need from the corpus and the command line;
* :mod:`~factlint.scaffold.known` checks the entity ids a new record names, or is, against the
  corpus (did you mean ...?, a near-duplicate entity);
* :mod:`~factlint.scaffold.commands` runs a command (:mod:`~factlint.scaffold.parsers` is its
  command line, :mod:`~factlint.scaffold.archive_fix` is ``fix archive``, and
  :mod:`~factlint.scaffold.common` what they share).

Values the contributor must replace are placeholders: strings starting with ``TODO`` and ids
starting with ``todo-``. They pass the schemas, so a new file validates, and the rules report
each one as a finding that says "fill this in".
"""
