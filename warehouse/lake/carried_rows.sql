-- What the duplicate check compares, from the content-hash rows of one date range
-- (literals), for `duplicate_candidates.sql`.
select story_num, story_id, commit_id, content_hash, minhash, duplicate_of
from stored.story_bands
where band = -1 and {dates}
