-- Every story field cut into overlapping windows of characters, for the checks that slice
-- many mentions out of one text: substring() counts characters from the start of the text it
-- is given, so slicing each mention straight out of a megabyte-long story costs a scan of the
-- story per mention. Window k holds characters [k * 8192, k * 8192 + 24576) of its field: a
-- span starting in window k and up to 16,384 characters long lies inside it.
create or replace view story_text_windows as
with sized as (
    select story_id, field, text, length(text) as n_chars
    from story_fields
),

numbered as (
    select story_id, field, text, n_chars, unnest(range(0, n_chars // 8192 + 1)) as k
    from sized
)

select story_id, field, n_chars, k, substring(text, k * 8192 + 1, 24576) as piece
from numbered
