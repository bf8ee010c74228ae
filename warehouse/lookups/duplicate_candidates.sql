-- What the duplicate check of a chunk of new stories needs from the stored stories: for each
-- new story, its most similar current stored story among those sharing an LSH band with it
-- (the near copy it would be matched to), the first current story carrying each new content
-- hash (the exact copy), and the current versions the chunk replaces (same story id). The
-- flow's in-memory index (tasks.dedup.DuplicateIndex) built from these rows finds the same
-- originals as one holding every stored story, with about one row per new story: returning
-- every band match instead made a chunk's rows, and the flow's memory, grow with the number
-- of stored copies of a story (a wire story syndicated a thousand times; the benchmark's
-- repeats).
--
-- Two stages. The first finds the candidates, the current stories sharing a band or the
-- content hash with a new story, written so that no step holds the stored stories in memory:
-- they stream past the (small) set of new band keys and content hashes, and only matching
-- ids are kept. Two shapes that read well do not: `from story_versions, range(...)` is a
-- LATERAL join in DuckDB, planned by materializing every column of every stored story (the
-- bodies too) for the length of the lookup; and finding each story's newest version first
-- sorts every signature it carries. The second stage pairs the few candidates with the new
-- stories and keeps what the index needs.
--
-- new_stories: registered relation (story_id, content_hash, minhash) of the stories to check.
-- $bands, $band_bytes: LSH bands, bytes of one band (rows per band x 4-byte hash values).
-- $values: hash values per signature; $min_matches: equal values that make a near copy.
with

bands as (
    select range as band from range($bands)
),

-- Each new story's band keys.
new_bands as (
    select
        new_stories.story_id as new_id,
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
),

candidates as materialized (
    select story_versions.story_id, story_versions.commit_id, content_hash, minhash, duplicate_of
    from story_versions
    semi join newest_versions using (story_id, commit_id)
    semi join matching_versions using (story_id, commit_id)
),

-- (new story, candidate) pairs sharing a band.
pairs as (
    select distinct new_bands.new_id, candidate_keys.story_id, candidate_keys.commit_id
    from new_bands
    inner join (
        select
            candidates.story_id,
            candidates.commit_id,
            bands.band,
            candidates.minhash[bands.band * $band_bytes + 1 : (bands.band + 1) * $band_bytes] as band_key
        from candidates
        cross join bands
        where candidates.minhash is not null
    ) as candidate_keys using (band, band_key)
),

-- Equal hash values per pair: the similarity the index computes (equal / $values), counted
-- one value per row and summed by a grouping, so no list of $values is built per pair.
-- Versions the chunk replaces are left out here: a story later in the chunk compares with
-- the new version, so its best match among the others must be at hand.
scored as (
    select pairs.new_id, pairs.story_id, pairs.commit_id, count(*) as matches
    from pairs
    inner join candidates using (story_id, commit_id)
    inner join new_stories on new_stories.story_id = pairs.new_id
    cross join range($values) as value_index (i)
    where pairs.story_id not in (select story_id from new_stories)
        and candidates.minhash[i * 4 + 1 : i * 4 + 4] = new_stories.minhash[i * 4 + 1 : i * 4 + 4]
    group by pairs.new_id, pairs.story_id, pairs.commit_id
),

-- The index keeps the best (similarity, story id); ties go to the greater id, as there.
best_near as (
    select story_id, commit_id
    from scored
    where matches >= $min_matches
    qualify row_number() over (partition by new_id order by matches desc, story_id desc) = 1
),

-- The index remembers the first story (in commit, story id order) carrying a content hash.
first_exact as (
    select min_by(story_id, (commit_id, story_id)) as story_id, min(commit_id) as commit_id
    from candidates
    where content_hash in (select content_hash from new_stories)
    group by content_hash
),

wanted as (
    select story_id, commit_id from best_near
    union
    select story_id, commit_id from first_exact
    union
    select story_id, commit_id from candidates  -- versions the chunk replaces
    where story_id in (select story_id from new_stories)
)

select story_id, content_hash, minhash, duplicate_of
from candidates
semi join wanted using (story_id, commit_id)
order by commit_id, story_id
