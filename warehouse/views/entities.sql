-- Named-entity mentions of the current version of each story (a new version of a story
-- replaces its mentions in the same transaction).
create or replace view entities as
select *
from stored.entities
