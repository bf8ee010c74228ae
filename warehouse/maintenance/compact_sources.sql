-- Manifest rows in the commits being merged that are still each source's newest entry.
select f.*
from read_parquet($files, union_by_name = true) as f
where exists (
    select 1 from sources as c
    where f.source_uri = c.source_uri and f.commit_id = c.commit_id
)
