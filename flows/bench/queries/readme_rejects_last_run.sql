-- Why inputs were rejected in the last run
select reason, count(*) from rejects
where run_id = (select max(run_id) from runs) group by 1
