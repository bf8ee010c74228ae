-- The stored stories a chunk's duplicate check needs (`tasks.dedup.index_candidates`): those
-- sharing a band key (an LSH band of the MinHash signature, or the content hash) with a new
-- story and published within the window (days) of it. The band rows and carried rows are
-- `band_rows.sql` and `carried_rows.sql` once per date range (each dated new story's date
-- widened by the window, overlapping ranges merged, four at most) and once for the undated
-- stories (filed under the undated date), joined by `union all`: a range given to a scan as
-- literals lets DuckLake read only the files and row groups (the table is sorted by date)
-- that can match, where an OR of ranges in one scan read the whole index. A new story
-- without a date is compared with every story in those ranges. The join reads the narrow
-- integer columns only (a story by `story_num`, not its id); the content-hash row (band -1)
-- of each match carries what the check compares. Nothing is materialized: a chunk whose
-- dates span years streams the index (a materialized read of every column held 2.5 GB at a
-- million stories).
with matched as (
    select b.story_num
    from {band_rows} as b
    inner join storywire_keys as k on b.band = k.band and b.key = k.key
    where b.published_date = {undated}
       or k.published_date is null
       or abs(b.published_date - k.published_date) <= {window}
)

select c.story_id, c.commit_id, c.content_hash, c.minhash, c.duplicate_of
from {carried_rows} as c
semi join matched using (story_num)
