"""Tables the research views read instead of working everything out at each query.

At a million figures, matching every row label against the taxonomy's patterns and
joining text labels made each research query take seconds. The per-figure part of the
views (``_savings_base``) and what each paper adds up to (``_category_sums``,
``_planned_delivered``, ``_rag_mix``: every step of those stays inside one paper) are
therefore worked out when papers are loaded, by statements this module stores in the warehouse's
``_refresh`` table: `pipeline.load` runs them for the papers of each load inside the
load's transaction (`pipeline.load.refresh_derived`), so a derived row never outlives,
or misses, the figure it comes from, whichever command loads it. When what they are
made from changes as a whole (the taxonomy, these statements, the research version),
`make_tables` makes them again from every paper.

Nothing here belongs to the paper as such (council, paper year, when it was loaded):
the views join ``_documents`` for that, so attributing a paper to a council changes no
derived row.
"""

from __future__ import annotations

from typing import Any

#: Each derived table, made from the ``sql/`` file of the same name (a select reading the
#: papers to refresh as ``$ids``), in the order they are made: a later one may read an
#: earlier one.
DERIVED = ("_savings_base", "_category_sums", "_planned_delivered", "_rag_mix")

#: Who owns the rows of ``_refresh`` written here (another layer may add its own).
OWNER = "research"


def _new_labels(figure_category: str) -> str:
    """The statement giving the category and scheme key of these papers' labels not yet
    in ``_figure_categories`` (the same rows `views.refresh_categories` would add)."""
    return f"""
        insert into _figure_categories
        select n.section_key, n.label_key, {figure_category}, _scheme_key(n.label_key)
        from (select distinct coalesce(section, '') as section_key,
                              coalesce(row_label, '') as label_key
              from _figures
              where $ids::varchar[] is null or list_contains($ids::varchar[], document_id)) n
        anti join _figure_categories k
               on k.section_key = n.section_key and k.label_key = n.label_key
        """


#: A number for each scheme key, so that scheme_history groups and joins on integers,
#: not on long text: the key's hash, so the same papers get the same numbers whatever
#: order they are loaded in. Two keys with one hash would break the table's unique
#: constraint and stop the load, rather than merge two schemes.
_NEW_SCHEME_IDS = """
    insert into _scheme_ids
    select n.scheme_key, hash(n.scheme_key)
    from (select distinct _scheme_key(label) as scheme_key
          from (select distinct row_label as label from _figures
                where row_label is not null
                  and ($ids::varchar[] is null or list_contains($ids::varchar[], document_id)))
         ) n
    anti join _scheme_ids s on s.scheme_key = n.scheme_key
    """


def statements(selects: dict[str, str], figure_category: str) -> list[str]:
    """The refresh statements, in order, from each derived table's select (``sql/``) and
    the taxonomy CASE over ``n.label_key`` / ``n.section_key``."""
    out = [_new_labels(figure_category), _NEW_SCHEME_IDS]
    for table in DERIVED:
        out.append(
            f"delete from {table} where $ids::varchar[] is null"
            " or list_contains($ids::varchar[], document_id)"
        )
        out.append(f"insert into {table} {selects[table]}")
    return out


def make_tables(con: Any, selects: dict[str, str], refresh: list[str], *, again: bool) -> None:
    """Create the derived tables (empty, typed by their selects) and store `refresh`.

    With `again` (the taxonomy or these statements changed, or the tables are new) the
    tables are dropped and made again from every paper loaded; otherwise they are kept
    as they are. Opens no transaction of its own: inside the caller's it is atomic.
    """
    make = "create or replace table" if again else "create table if not exists"
    con.execute(f"{make} _scheme_ids (scheme_key varchar primary key, scheme_id ubigint unique)")
    for table in DERIVED:
        con.execute(f"{make} {table} as {selects[table]} limit 0", {"ids": []})
    con.execute("delete from _refresh where owner = ?", [OWNER])
    con.executemany(
        "insert into _refresh values (?, ?, ?)", [(i, OWNER, s) for i, s in enumerate(refresh)]
    )
    # every derived row comes from a figure: with none yet (a new warehouse), nothing to make
    if again and con.execute("select exists (from _figures)").fetchone()[0]:
        for sql in refresh:
            con.execute(sql, {"ids": None})
