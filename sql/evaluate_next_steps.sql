-- grain: one row per (ranker, item type) with the next-step hit rate at 3 and the steps scored
-- input: backtest_steps (extract_investigation_steps of the date's computation),
--        query_family_map, backtest_navigation (find_navigation_items), next_step_candidates
--        (rank_next_steps built before the date), backtest_model_lists (rank_recommendations built
--        before the date), backtest_transition_evidence (the evidence days before the date);
-- params: :run_date
-- A unit is one step of a resolved investigation that started on :run_date, after its first
-- item: the item used next (the target), with the item before it and the items already used.
-- Query variants count as their family; consecutive uses of one family are one step. Steps back
-- to an item already used, and steps to a navigation item (no help), are not scored. Each ranker
-- offers its items of the target's type, drops those already used, and hits when the target is
-- among its first 3:
--   model         the next steps of (alert, item before), then the alert's list: what an
--                 application shows after the item before
--   alert_list    the alert's list (what the user saw when the alert opened)
--   account_next  what the account's investigations, any alert, most often opened next after the
--                 item before
with mapped as (
  select
    s.account_id,
    s.alert_id,
    s.investigation_id,
    s.step,
    s.item_type,
    coalesce(f.family_id, s.item_id) as item_id
  from backtest_steps as s
  left join query_family_map as f
    on s.item_type = 'query' and f.account_id = s.account_id and f.item_id = s.item_id
  where s.started_on = :run_date and s.is_resolved
),

collapsed as (
  select *
  from (
    select
      *,
      lag(item_type) over investigation_order as prev_type,
      lag(item_id) over investigation_order as prev_id
    from mapped
    window investigation_order as (partition by investigation_id order by step)
  )
  where prev_id is null or prev_id != item_id or prev_type != item_type
),

sequenced as (
  select
    *,
    collect_list(named_struct('item_type', item_type, 'item_id', item_id)) over (
      partition by investigation_id order by step
      rows between unbounded preceding and 1 preceding
    ) as used
  from collapsed
),

units as (
  select
    s.account_id,
    s.alert_id,
    s.investigation_id,
    s.step,
    s.prev_type as after_item_type,
    s.prev_id as after_item_id,
    s.item_type,
    s.item_id as target_id,
    s.used
  from sequenced as s
  left anti join backtest_navigation as n
    on n.account_id = s.account_id and n.item_type = s.item_type and n.item_id = s.item_id
  where s.prev_id is not null
    and not array_contains(s.used, named_struct('item_type', s.item_type, 'item_id', s.item_id))
),

list_offers as (
  select u.investigation_id, u.step, l.item_id, l.rank as position
  from units as u
  join backtest_model_lists as l
    on l.account_id = u.account_id and l.alert_id = u.alert_id and l.item_type = u.item_type
  where not array_contains(u.used, named_struct('item_type', l.item_type, 'item_id', l.item_id))
),

-- what an application shows after an item: its next steps, then the alert's list for the rest;
-- an item in both keeps its place among the next steps
model_offers as (
  select investigation_id, step, item_id, min(position) as position
  from (
    select u.investigation_id, u.step, c.item_id, c.type_rank as position
    from units as u
    join next_step_candidates as c
      on c.account_id = u.account_id and c.alert_id = u.alert_id
      and c.after_item_type = u.after_item_type and c.after_item_id = u.after_item_id
      and c.item_type = u.item_type
    where not array_contains(u.used, named_struct('item_type', c.item_type, 'item_id', c.item_id))
    union all
    select investigation_id, step, item_id, 1000000 + position as position from list_offers
  )
  group by investigation_id, step, item_id
),

account_transitions as (
  select
    e.account_id,
    e.after_item_type,
    coalesce(fa.family_id, e.after_item_id) as after_item_id,
    e.item_type,
    coalesce(fb.family_id, e.item_id) as item_id,
    sum(e.n_investigations) as n_investigations
  from backtest_transition_evidence as e
  left join query_family_map as fa
    on e.after_item_type = 'query' and fa.account_id = e.account_id
    and fa.item_id = e.after_item_id
  left join query_family_map as fb
    on e.item_type = 'query' and fb.account_id = e.account_id and fb.item_id = e.item_id
  group by 1, 2, 3, 4, 5
),

account_offers as (
  select u.investigation_id, u.step, a.item_id, -a.n_investigations as position
  from units as u
  join account_transitions as a
    on a.account_id = u.account_id and a.after_item_type = u.after_item_type
    and a.after_item_id = u.after_item_id and a.item_type = u.item_type
  where not (a.item_type = u.after_item_type and a.item_id = u.after_item_id)
    and not array_contains(u.used, named_struct('item_type', a.item_type, 'item_id', a.item_id))
),

offers as (
  select 'model' as ranker, * from model_offers
  union all
  select 'alert_list' as ranker, * from list_offers
  union all
  select 'account_next' as ranker, * from account_offers
),

top3 as (
  select *
  from (
    select
      *,
      row_number() over (partition by ranker, investigation_id, step order by position, item_id)
        as offered_rank
    from offers
  )
  where offered_rank <= 3
),

rankers as (
  select explode(array('model', 'alert_list', 'account_next')) as ranker
),

hits as (
  select r.ranker, u.item_type, u.investigation_id, u.step, t.item_id is not null as hit
  from units as u
  cross join rankers as r
  left join top3 as t
    on t.ranker = r.ranker and t.investigation_id = u.investigation_id and t.step = u.step
    and t.item_id = u.target_id
),

final as (
  select
    ranker,
    coalesce(item_type, 'all') as item_type,
    avg(if(hit, 1.0, 0.0)) as value,
    count(*) as n
  from hits
  group by grouping sets ((ranker, item_type), (ranker))
)

select * from final
