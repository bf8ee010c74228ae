-- The stored stories a chunk's duplicate check needs (`tasks.dedup.index_candidates`): those
-- sharing a band key (an LSH band of the MinHash signature, or the content hash) with a new
-- story and published within {window} days of it. {in_window} (date literals: each dated
-- new story's date widened by the window, overlapping ranges merged) bounds the dates
-- outright, so DuckLake reads only the files and row groups (the table is sorted by date)
-- that can match; undated stories are filed under {undated}, read by equality. A new story
-- without a date is compared with every story in those ranges. The content-hash row (band
-- -1) of each match carries what the check compares. The join reads the narrow key columns
-- only and nothing is materialized: a chunk whose dates span years streams the whole index
-- (a materialized read of every column held 2.5 GB at a million stories).
with matched as (
    select b.story_id
    from stored.story_bands as b
    inner join storywire_keys as k on b.band = k.band and b.key = k.key
    where {in_window}
      and (k.published_date is null or abs(b.published_date - k.published_date) <= {window})
    union
    select b.story_id
    from stored.story_bands as b
    inner join storywire_keys as k on b.band = k.band and b.key = k.key
    where b.published_date = {undated}
),

carried as (
    select b.story_id, b.commit_id, b.content_hash, b.minhash, b.duplicate_of
    from stored.story_bands as b
    where b.band = -1 and {in_window}
    union all
    select b.story_id, b.commit_id, b.content_hash, b.minhash, b.duplicate_of
    from stored.story_bands as b
    where b.band = -1 and b.published_date = {undated}
)

select c.story_id, c.commit_id, c.content_hash, c.minhash, c.duplicate_of
from carried as c
semi join matched using (story_id)
