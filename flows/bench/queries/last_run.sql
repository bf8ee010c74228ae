-- The counts and in-flow seconds of the newest run (the one the benchmark just measured).
select
    run_id, status, files_seen, stories_ingested, rejected, skipped, duplicates, entities,
    timexes, quotes, words, seconds
from runs
order by started_at desc
limit 1
