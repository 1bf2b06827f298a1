-- _fy_label(first, last): fiscal years as people write them, '2019/20', or '2018/19-2019/20'
-- for a span; null when the first year is not known.
create or replace macro _fy_label(first, last) as
case when first is null then null
     when last is null or last = first then printf('%d/%02d', first, (first + 1) % 100)
     else printf('%d/%02d', first, (first + 1) % 100) || '-'
          || printf('%d/%02d', last, (last + 1) % 100) end;
