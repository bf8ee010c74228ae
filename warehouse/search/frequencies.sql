-- The document frequency of each query term (`bm25.sql`'s df): how many stories of the
-- term's language hold it, whatever the dates asked. $languages, $terms: the query's
-- (language, term) pairs; {terms}: their terms as literals (the row groups read).
with query_terms as (
    select
        unnest($languages::varchar []) as language,
        unnest($terms::varchar []) as term
)

select t.language, t.term, count(*) as df
from stored.search_terms as t
inner join query_terms as q on t.term = q.term and t.language = q.language
where t.term in ({terms})
group by t.language, t.term
