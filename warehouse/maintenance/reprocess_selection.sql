-- The stories `storywire reprocess` re-enriches: the current version's full row (with the
-- minhash column the stories view leaves out), chosen by publication date range and by the
-- pipeline or model version that produced it. A filter whose parameter is null is off;
-- $stale picks every story not produced by $current_pipeline and one of $current_model (the
-- versions of today's pipelines, one per language; a story no pipeline read, in a language
-- storywire does not enrich, has no model and is current while the pipeline version is).
select v.*
from stored.stories as v
join stories as s using (story_id)
where ($since::date is null or s.published_date >= $since::date)
  and ($until::date is null or s.published_date <= $until::date)
  and ($pipeline::varchar is null or s.pipeline_version = $pipeline::varchar)
  and ($model::varchar is null or s.model = $model::varchar)
  and (not $stale::boolean
       or s.pipeline_version is distinct from $current_pipeline::varchar
       or not list_contains($current_model::varchar [], s.model))
order by v.story_id
