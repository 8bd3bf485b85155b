"""The reviewer's page (``qualcode export review``) as plain data, one concept per module.

:mod:`.service` gathers the page from the project (:class:`~.service.ReviewService`);
:mod:`.view` is the view model the template reads; :mod:`.guideline` the categories with their
frequencies, :mod:`.histories` the audit trail as a reviewer reads it, :mod:`.agreement` the
pairs of coders compared, :mod:`.settlements` the settled disagreements, :mod:`.facts` the
method facts, and :mod:`.material` what the browser draws lazily (transcripts, codings).
:mod:`qualcode.exporters.review` renders it.
"""
