-- The current versions of the stories a chunk may replace (`storywire_ids`: stories of
-- sources ingested before), for the duplicate check: a new version must not match its own
-- old one, and later stories of the chunk compare with the new version.
select s.story_id, s.commit_id, s.content_hash, s.minhash, s.duplicate_of
from stored.stories as s
semi join storywire_ids using (story_id)
