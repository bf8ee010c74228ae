-- The integer story key on each band row of a lake made before the rows carried it
-- (`bands.story_num`; run once, when a writer brings such a lake up to date). The rewritten
-- rows are sorted by date again at the next `storywire compact`.
update {lake}.stored.story_bands
set story_num = md5_number_upper(story_id)
where story_num is null
