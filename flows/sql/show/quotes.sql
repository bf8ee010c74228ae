-- One story's quotations in text order, with the speaker as written and as resolved.
select paragraph, start_char, text, speaker, speaker_canonical, speaker_key, verb
from quotes
where story_id = $story_id
order by start_char
