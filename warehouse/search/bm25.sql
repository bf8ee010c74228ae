-- Stories ranked by BM25 over their headline and body (`storywire search`), from the index
-- `warehouse.search` keeps: `stored.search_terms` (story_id, term, tf, bucket) and
-- `stored.search_docs` (story_id, language, length, published_date).
-- $languages and $terms (lists of one length): the query's terms, one pair per language the
-- warehouse holds (a query word is stemmed by each language's stemmer; a story matches through
-- its own language's stem only). {buckets}: the buckets of those terms as literals, so
-- DuckLake reads only those partitions of the index. $since, $until: publication dates
-- (NULL: no bound; a bound leaves out stories without a date); $limit: rows returned.
-- BM25 as DuckDB fts computes it (k1 = 1.2, b = 0.75; ln, not log10, which orders alike):
-- score = sum over terms of ln((N - df + 0.5) / (df + 0.5) + 1)
--         * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))
-- N, avgdl and df count every story, whatever the dates asked.
with query_terms as (
    select
        unnest($languages::varchar []) as language,
        unnest($terms::varchar []) as term
),

stats as (
    select count(*) as docs, avg(length) as avgdl
    from stored.search_docs
),

postings as (
    select story_id, term, tf
    from stored.search_terms
    where bucket in ({buckets})
      and term in (select term from query_terms)
),

matched as (
    select p.story_id, q.language, q.term, p.tf, d.length, d.published_date
    from postings as p
    inner join stored.search_docs as d on p.story_id = d.story_id
    inner join query_terms as q on p.term = q.term and d.language = q.language
),

weighted as (
    select *, count(*) over (partition by language, term) as df
    from matched
),

scored as (
    select
        w.story_id,
        sum(
            ln((st.docs - w.df + 0.5) / (w.df + 0.5) + 1)
            * w.tf * (1.2 + 1) / (w.tf + 1.2 * (1 - 0.75 + 0.75 * w.length / st.avgdl))
        ) as score
    from weighted as w
    cross join stats as st
    where ($since::date is null or w.published_date >= $since::date)
      and ($until::date is null or w.published_date <= $until::date)
    group by w.story_id
    order by score desc, w.story_id
    limit $limit
),

found as (
    select
        sc.story_id,
        sc.score,
        s.published_date,
        s.agency,
        s.headline,
        s.body,
        -- where the first query term is in the body (folded like the index; 0: nowhere)
        coalesce(list_min(list_filter(
            list_transform($terms::varchar [], t -> instr(lower(strip_accents(coalesce(s.body, ''))), t)),
            p -> p > 0
        )), 1) as first_hit
    from scored as sc
    inner join stored.stories as s on sc.story_id = s.story_id
)

select
    story_id,
    round(score, 4) as score,
    published_date,
    agency,
    headline,
    -- about 200 characters of the body around the first match, cut at spaces
    trim(regexp_replace(
        case when first_hit > 80 then regexp_replace(substr(body, first_hit - 80, 200), '^\S*\s', '')
             else substr(body, 1, 200) end,
        '\s+', ' ', 'g'
    )) as snippet
from found
order by score desc, story_id
