-- A story id must appear once per commit (the `stories` view then holds one row per story).
select story_id, commit_id, count(*) as copies
from story_versions
group by story_id, commit_id
having count(*) > 1
