-- Temporal expressions (TIMEX3) of the current version of each story (a new version of a
-- story replaces them in the same transaction).
create or replace view timexes as
select *
from stored.timexes
