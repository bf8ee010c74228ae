-- The $limit stories ranked best by BM25 over their headline and body (`storywire search`;
-- `hits.sql` then reads their text), from the index
-- `warehouse.search` keeps: `stored.search_terms` (story_id, term, tf, bucket, and the story's
-- language, length and published_date) and `stored.search_docs` (one row per story).
-- $languages, $terms and $dfs (lists of one length): the query's terms, one pair per language
-- the warehouse holds (a query word is stemmed by each language's stemmer; a story matches
-- through its own language's stem only), and each pair's document frequency
-- (`frequencies.sql`, counted first so the postings are read in one pass here). {buckets}: the buckets of those terms as literals, so
-- DuckLake reads only those partitions of the index. $since, $until: publication dates
-- (NULL: no bound; a bound leaves out stories without a date); $limit: rows returned.
-- BM25 as DuckDB fts computes it (k1 = 1.2, b = 0.75; ln, not log10, which orders alike):
-- score = sum over terms of ln((N - df + 0.5) / (df + 0.5) + 1)
--         * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))
-- N, avgdl and df count every story, whatever the dates asked.
with query_terms as (
    select
        unnest($languages::varchar []) as language,
        unnest($terms::varchar []) as term,
        unnest($dfs::bigint []) as df
),

stats as (
    select count(*) as docs, avg(length) as avgdl
    from stored.search_docs
),

postings as (
    select t.story_id, t.tf, t.length, t.published_date, q.df
    from stored.search_terms as t
    inner join query_terms as q on t.term = q.term and t.language = q.language
    where t.bucket in ({buckets})
      and ($since::date is null or t.published_date >= $since::date)
      and ($until::date is null or t.published_date <= $until::date)
)

select
    p.story_id,
    any_value(p.published_date) as published_date,
    sum(
        ln((st.docs - p.df + 0.5) / (p.df + 0.5) + 1)
        * p.tf * (1.2 + 1) / (p.tf + 1.2 * (1 - 0.75 + 0.75 * p.length / st.avgdl))
    ) as score
from postings as p
cross join stats as st
group by p.story_id
order by score desc, p.story_id
limit $limit
