"""Papers that name no council take the council the other papers of their folder name.

A council's appendices often print no council name at all ("Appendix E - 2025-26
Budget by Directorate"), while the covering report filed beside them does. A
folder of one meeting's papers is one council's papers: when every paper of a
folder that names a council names the same one, a paper of that folder that names
none is attributed to it. The documents table says so (``authority_source`` is
``folder``), so the attribution is never taken for something the paper printed;
papers of a folder whose papers name two councils stay unattributed. A folder whose
papers name an NHS body (a CCG's list of payments, ``pipeline.nhsauthor``) attributes
nothing: an NHS body's papers are not a council meeting's, and its other papers are
its own lists, each naming its author or none.

The pass runs over the whole warehouse after every ingest and rebuild, undoing
earlier folder attributions first, so a paper added later that names another
council withdraws them.

Such a paper was tagged before its folder was known (papers are tagged one by one,
in parallel), so what the tagger reads from the paper's council was not read: its own
council's name ("KCC") was tagged as a partner, and "the Integrated Care Board" of a
paper naming no ICB stayed generic. The pass gives those mentions the role ``author``
and the ICB of the council's area (pipeline.tagging.register.area_icb), as the tagger
does for a paper whose council it knows, and takes both back with the attribution.
The rebuild runs the same pass over the same artefacts, so both paths agree.
"""

from __future__ import annotations

from typing import Any

from pipeline.tagging.register import GENERIC_ICB_FORMS, area_icb

#: mentions of "the ICB" in a paper that names no ICB of its own
_GENERIC_ICB = f"""
    m.label = 'PARTNER' and regexp_matches(lower(m.text), '{GENERIC_ICB_FORMS}')
    and not exists (
        select 1 from _mentions n
        where n.document_id = m.document_id and n.label = 'PARTNER'
            and n.kind = 'icb_ccg_pct'
            and not regexp_matches(lower(n.text), '{GENERIC_ICB_FORMS}')
    )
"""


#: a council's ONS GSS code; an NHS body's ODS code ("07L") is not one
_GSS = "[EWSN][0-9]{8}"


def _folder(column: str) -> str:
    """SQL for the folder of a stored source path: the path up to its last separator."""
    return f"regexp_replace({column}, '[/\\\\][^/\\\\]*$', '')"


def attribute_by_folder(con: Any) -> int:
    """Attribute unattributed papers to the one council their folder names; returns how many."""
    folder_docs = "select document_id from _documents where authority_source = 'folder'"
    con.execute(
        f"update _mentions set role = 'partner' where role = 'author' and label = 'PARTNER' "
        f"and document_id in ({folder_docs})"
    )
    con.execute(
        f"""
        update _mentions as m set canonical = 'Integrated Care Board', kind = 'generic',
            code = null
        where m.document_id in ({folder_docs}) and m.kind = 'icb_ccg_pct' and {_GENERIC_ICB}
        """
    )
    con.execute(
        "update _documents set authority = null, authority_code = null, authority_source = null "
        "where authority_source = 'folder'"
    )
    con.execute(
        f"""
        update _documents as d set authority = f.authority, authority_code = f.code,
            authority_source = 'folder'
        from (
            select {_folder("source_file")} as folder, min(authority) as authority,
                min(authority_code) as code
            from _documents
            where authority_code is not null and duplicate_of is null
            group by 1
            having count(distinct authority_code) = 1
                and regexp_full_match(min(authority_code), '{_GSS}')
        ) as f
        where d.authority is null and d.authority_code is null
            and d.status in ('ok', 'partial') and d.duplicate_of is null
            and {_folder("d.source_file")} = f.folder
        """
    )
    con.execute(
        """
        update _mentions as m set role = 'author'
        from _documents as d
        where d.document_id = m.document_id and d.authority_source = 'folder'
            and m.label = 'PARTNER' and m.role = 'partner' and m.code = d.authority_code
        """
    )
    _area_icbs(con)
    row = con.execute(
        "select count(*) from _documents where authority_source = 'folder'"
    ).fetchone()
    return int(row[0]) if row else 0


def _area_icbs(con: Any) -> None:
    """ "The Integrated Care Board" of a folder-attributed paper naming no ICB: its council's."""
    codes = con.execute(
        "select distinct authority_code from _documents where authority_source = 'folder'"
    ).fetchall()
    for (code,) in codes:
        area = area_icb(code)
        if area is None:
            continue
        con.execute(
            f"""
            update _mentions as m set canonical = ?, kind = ?, code = ?
            where m.document_id in (
                select document_id from _documents
                where authority_source = 'folder' and authority_code = ?
            ) and m.kind = 'generic' and {_GENERIC_ICB}
            """,
            [*area, code],
        )
