-- Current stories that a new story may copy: the same content hash (an exact copy) or, in at
-- least one LSH band, the same MinHash values (a near-copy candidate). These are the
-- candidates datasketch's MinHashLSH would return if it held every current story, found
-- where the signatures live: the flow keeps no in-memory index of every story ever seen, so
-- its memory does not grow with the warehouse. The flow scores the candidates itself.
--
-- Written so that no step holds the stored stories in memory; they stream past the (small)
-- set of new band keys and content hashes, and only matching ids are kept. Two shapes that
-- read well do not: `from story_versions, range(...)` is a LATERAL join in DuckDB, planned by
-- materializing every column of every stored story (the bodies too) for the length of the
-- lookup; and finding each story's newest version first sorts every signature it carries.
--
-- new_stories: registered relation (story_id, content_hash, minhash) of the stories to check.
-- $bands, $band_bytes: LSH bands, bytes of one band (rows per band x 4-byte hash values).
with

bands as (
    select range as band from range($bands)
),

new_bands as (
    select distinct
        bands.band,
        new_stories.minhash[bands.band * $band_bytes + 1 : (bands.band + 1) * $band_bytes] as band_key
    from new_stories
    cross join bands
    where new_stories.minhash is not null
),

signatures as (
    select story_id, commit_id, minhash
    from story_versions
    where minhash is not null
),

-- Stored versions (current or superseded) that share a band or the content hash.
matching_versions as (
    select signatures.story_id, signatures.commit_id
    from signatures
    cross join bands
    semi join new_bands
        on new_bands.band = bands.band
        and new_bands.band_key
        = signatures.minhash[bands.band * $band_bytes + 1 : (bands.band + 1) * $band_bytes]
    union
    select story_id, commit_id
    from story_versions
    where content_hash in (select content_hash from new_stories)
),

-- Only a story's newest version counts (a superseded signature is not in the index).
newest_versions as (
    select story_id, max(commit_id) as commit_id
    from story_versions
    where story_id in (select story_id from matching_versions)
    group by story_id
)

select story_versions.story_id, content_hash, minhash, duplicate_of
from story_versions
semi join newest_versions using (story_id, commit_id)
semi join matching_versions using (story_id, commit_id)
order by story_versions.commit_id, story_versions.story_id
