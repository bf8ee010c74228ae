-- The band index's key columns in one date range (literals), for `duplicate_candidates.sql`.
select band, key, story_num, published_date
from stored.story_bands
where {dates}
