"""The fact-check as an editor reads it: the view model of the HTML report, from the Result only.

Articles with their verdict overview (:mod:`~factlint.reporters.factcheck.articles`), one card per claim
(statement, verdict, explanation, evidence, review state, waivers, findings;
:mod:`~factlint.reporters.factcheck.cards`), the status timeline per body and the board compositions with
their shared members (:mod:`~factlint.reporters.factcheck.boards`); what they share (display text, links,
rating symbols, the names and findings by id) is in :mod:`~factlint.reporters.factcheck.view`. Every text is
passed through :func:`~factlint.reporters.factcheck.view.text` (control and bidi-override characters shown as
``\\uXXXX``); Jinja2 escapes it when the template renders. A URL is kept only when it is http(s): a
``javascript:`` URL is shown as text, never linked.

Size bounds (a 100k-claim corpus must still open; see docs/reports.md), each with its section: above
``cards.CARD_LIMIT`` claims only the claims that need an editor (with findings, waived findings, or not yet
published) get a card; at most ``articles.ARTICLE_LIMIT`` article sections, ``boards.TIMELINE_SUBJECTS``
subjects and ``boards.TIMELINE_DATES`` dates per body, and ``boards.BOARD_LIMIT`` board overlaps are drawn;
every count still covers the whole corpus.
"""
