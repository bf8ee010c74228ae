-- The $limit stories ranked best by BM25 over their headline and body (`storywire search`;
-- `hits.sql` then reads their text), from the index
-- `warehouse.search` keeps: `stored.search_terms` (story_id, term, tf, and the story's
-- language, length and published_date) and `stored.search_docs` (one row per story).
-- $languages, $terms and $dfs (lists of one length): the query's terms, one pair per language
-- the warehouse holds (a query word is stemmed by each language's stemmer; a story matches
-- through its own language's stem only), and each pair's document frequency
-- (`frequencies.sql`, counted first so the postings are read in one pass here). {terms}:
-- the terms as literals, so the scan reads only the row groups of the index (sorted by term)
-- that hold them. $since, $until: publication dates
-- (NULL: no bound; a bound leaves out stories without a date); $limit: rows returned.
-- BM25 as DuckDB fts computes it (k1 = 1.2, b = 0.75; ln, not log10, which orders alike):
-- score = sum over terms of ln((N - df + 0.5) / (df + 0.5) + 1)
--         * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))
-- N, avgdl and df count every story, whatever the dates asked.
with stats as (
    select count(*)::double as docs, avg(length)::double as avgdl
    from stored.search_docs
),

-- each term's weight and the length norm's two parts, once per term and as doubles: what is
-- left per posting is one division (a common word has a posting in most stories)
query_terms as (
    select
        q.language,
        q.term,
        ln((st.docs - q.df + 0.5) / (q.df + 0.5) + 1) * (1.2 + 1) as weight,
        1.2 * (1 - 0.75) as norm_base,
        1.2 * 0.75 / st.avgdl as norm_per_word
    from (
        select
            unnest($languages::varchar []) as language,
            unnest($terms::varchar []) as term,
            unnest($dfs::bigint []) as df
    ) as q
    cross join stats as st
),

postings as (
    select
        t.story_id,
        t.published_date,
        q.weight * t.tf / (t.tf + q.norm_base + q.norm_per_word * t.length) as score
    from stored.search_terms as t
    inner join query_terms as q on t.term = q.term and t.language = q.language
    where t.term in ({terms})
      and ($since::date is null or t.published_date >= $since::date)
      and ($until::date is null or t.published_date <= $until::date)
)

select
    story_id,
    any_value(published_date) as published_date,
    sum(score) as score
from postings
group by story_id
order by score desc, story_id
limit $limit
