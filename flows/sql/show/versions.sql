-- Every stored version of a story, newest first: which commit, run and pipeline wrote it.
select commit_id, run_id, ingested_at, pipeline_version, model, content_hash
from story_versions
where story_id = $story_id
order by commit_id desc
