-- The document frequency of each query term (`bm25.sql`'s df): how many stories of the
-- term's language hold it, whatever the dates asked. $languages, $terms: the query's
-- (language, term) pairs; {buckets}: their buckets as literals (the partitions read).
with query_terms as (
    select
        unnest($languages::varchar []) as language,
        unnest($terms::varchar []) as term
)

select t.language, t.term, count(*) as df
from stored.search_terms as t
inner join query_terms as q on t.term = q.term and t.language = q.language
where t.bucket in ({buckets})
group by t.language, t.term
