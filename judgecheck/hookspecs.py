"""Hook specifications: everything a plugin may add to judgecheck.

A plugin is a module (or object) with functions marked ``@judgecheck.hookimpl``
and registered under the ``judgecheck`` entry point group. Each hook below returns
records; the host collects them from every plugin, sorts them and checks that
their names do not clash. The built-in readers and output formats are plugins
of the same kind, as are the built-in inspection frameworks and rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from judgecheck.framework import Framework
    from judgecheck.output import OutputFormat
    from judgecheck.read import Reader
    from judgecheck.readslike import ReadsLikeProvider
    from judgecheck.rules import Rule

hookspec = pluggy.HookspecMarker("judgecheck")


# -- reading ------------------------------------------------------------------


@hookspec
def judgecheck_readers() -> list[Reader]:
    """Return the input readers this plugin provides.

    A reader turns a file of one kind (chosen by file suffix) into a
    :class:`judgecheck.model.Source`: lines of text with pages, cleaned of
    running headers, page numbers and footnotes.

    :returns: readers; two plugins may not claim the same suffix.
    """


# -- structure ----------------------------------------------------------------


@hookspec
def judgecheck_frameworks() -> list[Framework]:
    """Return the inspection frameworks this plugin defines.

    A framework is data: how to recognise a report of its kind, its grade
    scale, the names of its judgements and the headings of its sections. The
    structure stage uses the best-matching framework to recover the judgement
    table and the graded sections.

    :returns: frameworks, each with an id unique across all plugins.
    """


@hookspec
def judgecheck_reads_like() -> list[ReadsLikeProvider]:
    """Return the reads-like models this plugin provides for its frameworks.

    A reads-like model judges which grade a unit of prose reads like, from the
    prose alone (headings, tables and sentences naming a grade withheld): each
    graded section of a report (unit ``section``) or the whole report (unit
    ``document``), with a probability for each grade of the framework's scale.
    The runner reads every document with the providers that cover its framework
    before the rules run and puts the readings on ``Document.readings``; rules
    and output formats take them from there: the JSON ``sections`` and
    ``reads_like``, the text output's line per section, and the HTML report's
    probability bar and percentile strips (where the unit sits among the
    published units of its grade and area, from the model's ``placement``). The
    core counts no evaluative language of its own: a framework's plugin says
    how its sections read by the model it supplies here. A provider usually
    wraps a :class:`judgecheck.readslike.ReadsLikeModel` the plugin trained and
    ships as package data.

    :returns: providers, each with a name unique across all plugins.

    .. versionadded:: 0.2
    """


# -- rules --------------------------------------------------------------------


@hookspec
def judgecheck_rules() -> list[type[Rule]]:
    """Return the rule classes this plugin adds.

    Each rule declares its id (a prefix of capital letters naming the plugin,
    then three digits), its name (the defect, in kebab case), its default
    severity and its documentation, and yields hits from ``check``.

    :returns: rule classes; ids must be unique across all plugins.
    """


# -- output -------------------------------------------------------------------


@hookspec
def judgecheck_formats() -> list[OutputFormat]:
    """Return the output formats this plugin adds, selectable with ``--format``.

    :returns: formats, each with a name unique across all plugins.
    """
