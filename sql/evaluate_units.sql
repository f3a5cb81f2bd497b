-- grain: one row per (model_or_baseline, investigation_id, item_type): every evaluation unit under
--        every ranker
-- input: evaluate_relevance, evaluate_lists, evaluate_history_segments
-- An evaluation unit is one resolved investigation and one item type it used a helpful item of
-- (evaluate_relevance); its list is the one the ranker gives its alert for that type (no list:
-- every figure is 0). Per unit and cutoff k (1, 3, 5):
--   hit        1 if a relevant item is in the top k
--   precision  relevant items in the top k / k (an empty or short list still divides by k)
--   recall     relevant items in the top k / the unit's relevant items
--   ndcg       DCG / ideal DCG, gain 2^gain - 1 at position p discounted by log2(p + 1)
--   reciprocal_rank  1 / position of the first relevant item of the whole list, 0 without one
-- The relevant items are joined with the (small, broadcast) lists: only listed ones produce rows,
-- summed per (ranker, unit); every unit then gets a row per ranker, 0 where nothing was listed.
-- The rows feed the means (evaluate_metrics) and the bootstrap of the quality gate.
with relevant as (
  select r.*, s.alert_group, s.history_segment
  from evaluate_relevance as r
  join evaluate_history_segments as s on s.account_id = r.account_id and s.alert_id = r.alert_id
),

list_positions as (
  -- each listed item with its 1-based position in its list
  select
    model_or_baseline,
    account_id,
    alert_id,
    item_type,
    item_id,
    row_number() over (
      partition by model_or_baseline, account_id, alert_id, item_type order by rank
    ) as position
  from evaluate_lists
),

rankers as (
  select explode(array('model', 'account_popular', 'alert_popular')) as model_or_baseline
),

relevant_units as (
  -- each relevant item with its unit's size and ideal DCG (they do not depend on the ranker); the
  -- window keys are the ones the relevance is already partitioned and sorted by
  select
    *,
    (pow(2, gain) - 1) as gain_value,
    count(*) over unit as n_relevant,
    sum(case when ideal_rank <= 1 then (pow(2, gain) - 1) / log2(ideal_rank + 1) else 0D end)
      over unit as idcg_1,
    sum(case when ideal_rank <= 3 then (pow(2, gain) - 1) / log2(ideal_rank + 1) else 0D end)
      over unit as idcg_3,
    sum(case when ideal_rank <= 5 then (pow(2, gain) - 1) / log2(ideal_rank + 1) else 0D end)
      over unit as idcg_5
  from relevant
  window unit as (partition by investigation_id, item_type)
),

units as (
  -- ideal_rank 1 marks exactly one row per unit
  select
    account_id,
    alert_id,
    investigation_id,
    item_type,
    alert_group,
    history_segment,
    n_relevant,
    idcg_1,
    idcg_3,
    idcg_5
  from relevant_units
  where ideal_rank = 1
),

unit_hits as (
  select
    l.model_or_baseline,
    r.investigation_id,
    r.item_type,
    count_if(l.position <= 1) as hits_1,
    count_if(l.position <= 3) as hits_3,
    count_if(l.position <= 5) as hits_5,
    sum(case when l.position <= 1 then r.gain_value / log2(l.position + 1) else 0D end) as dcg_1,
    sum(case when l.position <= 3 then r.gain_value / log2(l.position + 1) else 0D end) as dcg_3,
    sum(case when l.position <= 5 then r.gain_value / log2(l.position + 1) else 0D end) as dcg_5,
    min(l.position) as first_hit_position
  from relevant_units as r
  join list_positions as l
    on l.account_id = r.account_id
    and l.alert_id = r.alert_id
    and l.item_type = r.item_type
    and l.item_id = r.item_id
  group by l.model_or_baseline, r.investigation_id, r.item_type
),

final as (
  select
    m.model_or_baseline,
    u.account_id,
    u.alert_id,
    u.investigation_id,
    u.item_type,
    u.alert_group,
    u.history_segment,
    u.n_relevant,
    case when coalesce(h.hits_1, 0) > 0 then 1D else 0D end as hit_1,
    case when coalesce(h.hits_3, 0) > 0 then 1D else 0D end as hit_3,
    case when coalesce(h.hits_5, 0) > 0 then 1D else 0D end as hit_5,
    coalesce(h.hits_1, 0) / 1D as precision_1,
    coalesce(h.hits_3, 0) / 3D as precision_3,
    coalesce(h.hits_5, 0) / 5D as precision_5,
    coalesce(h.hits_1, 0) / u.n_relevant as recall_1,
    coalesce(h.hits_3, 0) / u.n_relevant as recall_3,
    coalesce(h.hits_5, 0) / u.n_relevant as recall_5,
    coalesce(h.dcg_1, 0D) / u.idcg_1 as ndcg_1,
    coalesce(h.dcg_3, 0D) / u.idcg_3 as ndcg_3,
    coalesce(h.dcg_5, 0D) / u.idcg_5 as ndcg_5,
    coalesce(1D / h.first_hit_position, 0D) as reciprocal_rank
  from units as u
  cross join rankers as m
  left join unit_hits as h
    on h.model_or_baseline = m.model_or_baseline
    and h.investigation_id = u.investigation_id
    and h.item_type = u.item_type
)

select * from final
