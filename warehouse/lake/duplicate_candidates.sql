-- The stored stories a chunk's duplicate check needs (`tasks.dedup.index_candidates`): those
-- sharing a band key (an LSH band of the MinHash signature, or the content hash) with a new
-- story and published within {window} days of it. {lo} and {hi} (date literals: the chunk's
-- dated stories' range widened by the window) bound the dates outright, so DuckLake reads
-- only the files and row groups (the table is sorted by date) that can match; undated stories
-- are filed under {undated}, read by equality. A new story without a date is compared with
-- every story in that range. The content-hash row (band -1) of each match carries what the
-- check compares, so nothing else is read; the window's rows are read once (`window_rows`,
-- materialized) for both the matching and the carried columns.
with window_rows as materialized (
    select band, key, story_id, published_date, commit_id, content_hash, minhash, duplicate_of
    from stored.story_bands
    where published_date between {lo} and {hi}
    union all
    select band, key, story_id, published_date, commit_id, content_hash, minhash, duplicate_of
    from stored.story_bands
    where published_date = {undated}
),

matched as (
    select distinct b.story_id
    from window_rows as b
    inner join storywire_keys as k on b.band = k.band and b.key = k.key
    where b.published_date = {undated}
       or k.published_date is null
       or abs(b.published_date - k.published_date) <= {window}
)

select c.story_id, c.commit_id, c.content_hash, c.minhash, c.duplicate_of
from window_rows as c
semi join matched using (story_id)
where c.band = -1
