-- Every stored version of every story, including superseded ones and the MinHash column.
-- Most users want `stories`; this view exists for lineage and re-enrichment questions.
create or replace view story_versions as
select *
from read_parquet({{ files.stories }}, union_by_name = true)
