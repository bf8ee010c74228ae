-- Every version of every story ever stored, newest and superseded: which commit, run,
-- pipeline and model wrote it. The full rows of an old version are read by time travel
-- (`stories AT (VERSION => n)`, see README) until `storywire compact` expires them.
create or replace view story_versions as
select *
from stored.story_versions
