"""budget-papers: UK council budget papers (PDF or text) into queryable DuckDB tables.

The stages are modules a researcher can import on their own:
``parse`` → ``layout`` → ``tables`` → ``normalise`` → ``tagging`` → ``load``;
``extract.extract_file`` runs one paper through all but the load.
"""

__version__ = "0.1.0"
