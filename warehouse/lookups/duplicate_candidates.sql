-- Current stories that a new story may copy: the same content hash (an exact copy) or, in at
-- least one LSH band, the same MinHash values (a near-copy candidate). These are the
-- candidates datasketch's MinHashLSH would return if it held every current story, found
-- where the signatures live: the flow keeps no in-memory index of every story ever seen, so
-- its memory does not grow with the warehouse. The flow scores the candidates itself.
--
-- new_stories: registered relation (story_id, content_hash, minhash) of the stories to check.
-- $bands, $band_bytes: LSH bands, bytes of one band (rows per band x 4-byte hash values).
with

new_bands as (
    select distinct
        band,
        minhash[band * $band_bytes + 1 : (band + 1) * $band_bytes] as band_key
    from new_stories, range($bands) as b (band)
    where minhash is not null
),

-- Only a story's newest version counts (a superseded signature is not in the index).
current_stories as (
    select story_id, content_hash, minhash, duplicate_of, commit_id
    from story_versions
    qualify row_number() over (partition by story_id order by commit_id desc) = 1
),

band_hits as (
    select current_stories.story_id
    from current_stories, range($bands) as b (band)
    semi join new_bands
        on new_bands.band = b.band
        and new_bands.band_key
        = current_stories.minhash[b.band * $band_bytes + 1 : (b.band + 1) * $band_bytes]
)

select story_id, content_hash, minhash, duplicate_of
from current_stories
where
    story_id in (select story_id from band_hits)
    or content_hash in (select content_hash from new_stories)
order by commit_id, story_id
