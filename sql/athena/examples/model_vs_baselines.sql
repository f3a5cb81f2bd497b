-- The model against the popularity baselines, day by day: pooled hit rate@3, NDCG@5 and MRR of
-- each run's own backtest (docs/evaluation.md), with the run's quality gate outcome.
-- grain: one row per (dt, model_or_baseline)
-- Parameters: the date range.
select
  e.dt,
  e.model_or_baseline,
  max(case when e.metric = 'hit_rate' and e.k = 3 then e.value end) as hit_rate_at_3,
  max(case when e.metric = 'ndcg' and e.k = 5 then e.value end) as ndcg_at_5,
  max(case when e.metric = 'mrr' then e.value end) as mrr,
  max(case when e.metric = 'hit_rate' and e.k = 3 then e.n end) as n_units,
  max(r.gate_status) as gate_status
from evaluation as e
left join runs as r on r.dt = e.dt
where e.item_type = 'all'
  and e.alert_group = 'all'
  and e.model_or_baseline <> 'observed'
  and e.dt between '2026-10-01' and '2026-11-25'
group by e.dt, e.model_or_baseline
order by e.dt, e.model_or_baseline
