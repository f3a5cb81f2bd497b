-- grain: one row per (investigation, item_type, item_id) that helped resolve an investigation
--        started on :run_date
-- input: extract_investigation_items (query items re-keyed by merged family),
--        summarize_investigations, find_navigation_items; params: :run_date
-- What counts as help:
--   * only investigations that ended with the user resolving the alert (stop_reason resolved):
--     an abandoned one (idle, max_duration), one left for another alert (next_alert) or one cut
--     by the end of the data says nothing about what solves the alert, and gives no label;
--   * not the account's navigation items (find_navigation_items): opened whatever the alert;
--   * graded by closeness to the resolution, among the investigation's remaining items of the
--     same type: gain 3 for the item used last before the resolve (items tied for last all get
--     3), 2 for the item(s) used just before those, 1 for any earlier one.
-- Grades by order rather than by time (the evidence's proximity) keep the figures readable and
-- do not depend on how long someone lingers on the page that answered the question.
-- A resolved investigation whose items of a type were all navigation has no row for that type:
-- it is no evaluation unit. ideal_rank orders an investigation's items by gain (then id) for the
-- ideal DCG.
with resolved as (
  select investigation_id
  from summarize_investigations
  where started_on = :run_date and stop_reason = 'resolved'
),

helpful as (
  select i.*
  from extract_investigation_items as i
  left semi join resolved as r on r.investigation_id = i.investigation_id
  left anti join find_navigation_items as n
    on n.account_id = i.account_id and n.item_type = i.item_type and n.item_id = i.item_id
  where i.started_on = :run_date
),

graded as (
  select
    *,
    cast(
      greatest(
        4 - dense_rank() over (partition by investigation_id, item_type order by s_before_stop),
        1
      ) as double
    ) as gain
  from helpful
),

final as (
  select
    account_id,
    alert_id,
    investigation_id,
    item_type,
    item_id,
    gain,
    s_before_stop,
    proximity,
    via_recommendation,
    row_number() over (
      partition by investigation_id, item_type order by gain desc, item_id
    ) as ideal_rank
  from graded
)

select * from final
