-- rag_mix: Schemes by RAG rating in each paper (tables with a RAG column only): counts,
-- shares, and the planned savings they carry (the first planned column, by position).
--
-- Worked out per paper at load and kept in _rag_mix (see _rag_mix.sql); this view adds
-- the council and paper year from `_documents`, and sorts the few rows it has.
create or replace view rag_mix as
with papers as (
    select document_id, authority, authority_code, first_fy as paper_first_fy,
           _fy_label(first_fy, first_fy) as paper_year
    from _documents)
select d.authority, d.authority_code, d.paper_year, d.paper_first_fy, m.document_id, m.rag,
       m.schemes, m.share_of_rated, m.planned_gbp, m.share_of_planned
from _rag_mix m join papers d on d.document_id = m.document_id
order by d.authority, d.paper_first_fy nulls last, m.document_id,
         case m.rag when 'Red' then 0 when 'Amber' then 1 when 'Green' then 2 when 'Blue' then 3
                    when 'unrated' then 9 else 5 end, m.rag;
