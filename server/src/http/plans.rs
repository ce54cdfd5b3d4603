//! The change plan: `POST /api/v1/plan` between two designs sent in the body, and
//! `GET /api/v1/designs/{id}/plan?from=&to=` / `GET /api/v1/shared/{token}/plan?from=&to=`
//! between two revisions of a saved design (its owner's, or through a review link).
//!
//! Both designs are checked against the rules and the engine's limits before planning (a
//! stored revision was checked when it was saved); the plan and its runbook are made on the
//! heavy compute pool: a plan hashes keys to count the ones that move, and renders the
//! Strimzi and Terraform files of both designs.

use api::{urls, DesignId, PlanAnswer, PlanQuery, PlanRequest, Revision, ShareToken};
use axum::extract::{Query, State};
use axum::response::Response;

use super::analysis::json_bytes;
use super::body::JsonBody;
use super::designs::parse_stored;
use super::path::no_revision;
use super::AppState;
use crate::auth::{token, CurrentUser};
use crate::compute::Compute;
use crate::db::{designs, shares};
use crate::error::Error;

/// `POST /api/v1/plan`: `{"from": <design>, "to": <design>}` → the ordered steps, each with
/// its risk, reason and commands, and the runbook in Markdown.
#[utoipa::path(post, path = urls::PLAN, tag = "plan",
    request_body(content = PlanRequest, description = "The design running now (`from`) and the one to move to (`to`)"),
    responses((status = 200, body = PlanAnswer,
               description = "Ordered steps (kind, element, risk, message, commands, changes, keys moved, reassignment), whether Kafka refuses any, and the runbook"),
              (status = 400), (status = 413), (status = 415),
              (status = 422, description = "`from` or `to` is not a valid design: every problem, its field prefixed with the side"),
              (status = 503)))]
pub async fn plan(
    State(compute): State<Compute>,
    JsonBody(req): JsonBody<PlanRequest>,
) -> Result<Response, Error> {
    answer(&compute, req.from, req.to, None, true).await
}

/// `GET /api/v1/designs/{id}/plan?from=n&to=m`: the plan from revision `n` to revision `m`.
#[utoipa::path(get, path = urls::DESIGN_PLAN, tag = "plan",
    params(("id" = uuid::Uuid, Path), PlanQuery),
    responses((status = 200, body = PlanAnswer), (status = 404)))]
pub async fn design_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    Query(q): Query<PlanQuery>,
) -> Result<Response, Error> {
    let from = designs::revision(&state.pool, user.id, id.0, q.from.0).await?;
    let from = from.ok_or_else(|| no_revision(&q.from.to_string()))?;
    let to = designs::revision(&state.pool, user.id, id.0, q.to.0).await?;
    let to = to.ok_or_else(|| no_revision(&q.to.to_string()))?;
    between_revisions(&state.compute, q, from.document, to.document).await
}

/// `GET /api/v1/shared/{token}/plan?from=n&to=m`: the same, through a review link.
#[utoipa::path(get, path = urls::SHARED_PLAN, tag = "sharing",
    params(("token" = String, Path), PlanQuery),
    responses((status = 200, body = PlanAnswer), (status = 404, description = "Unknown or revoked link, or no such revision")))]
pub async fn shared_plan(
    State(state): State<AppState>,
    value: ShareToken,
    Query(q): Query<PlanQuery>,
) -> Result<Response, Error> {
    // The link must be live whatever the revisions asked (an unknown link is the same 404 as
    // a revoked one); it shows the revision it was made on and later ones, never older ones.
    let hash = token::hash(value.as_str());
    let first = shares::first_shared_revision(&state.pool, &hash)
        .await?
        .ok_or_else(super::path::no_share)?;
    if let Some(older) = [q.from, q.to].into_iter().find(|n| n.0 < first) {
        return Err(Error::NotFound(format!(
            "revision {older} is older than this review link: a link shows revision {first} and later ones"
        )));
    }
    let found = shares::shared_revisions(&state.pool, &hash, &[q.from.0, q.to.0]).await?;
    let document = |n: Revision| {
        found
            .iter()
            .find(|r| r.revision == n.0)
            .map(|r| r.document.clone())
            .ok_or_else(|| no_revision(&n.to_string()))
    };
    let (from, to) = (document(q.from)?, document(q.to)?);
    between_revisions(&state.compute, q, from, to).await
}

async fn between_revisions(
    compute: &Compute,
    q: PlanQuery,
    from: String,
    to: String,
) -> Result<Response, Error> {
    let (from, to) = compute
        .light
        .run("reading the revisions", move || {
            Ok::<_, Error>((parse_stored(&from)?, parse_stored(&to)?))
        })
        .await??;
    answer(compute, from, to, Some(q), false).await
}

/// Plans on the heavy pool; `check` for designs not yet checked against the rules.
async fn answer(
    compute: &Compute,
    from: design::Design,
    to: design::Design,
    revisions: Option<PlanQuery>,
    check: bool,
) -> Result<Response, Error> {
    let body = compute
        .heavy
        .run("the change plan", move || {
            if check {
                for (side, design) in [("from", &from), ("to", &to)] {
                    let problems = analysis::check(design);
                    if !problems.is_empty() {
                        return Err(Error::InvalidIn { side, problems });
                    }
                }
            }
            let plan = plan::plan(&from, &to);
            let title = title(&from, &to, revisions);
            let runbook_markdown = report::runbook::markdown(&plan, &from, &to, &title);
            serde_json::to_vec(&PlanAnswer {
                from_revision: revisions.map(|q| q.from),
                to_revision: revisions.map(|q| q.to),
                plan,
                runbook_markdown,
            })
            .map_err(|e| Error::Internal(format!("the plan could not be written: {e}")))
        })
        .await??;
    Ok(json_bytes(body))
}

/// The runbook's title: which revisions, or which designs.
fn title(from: &design::Design, to: &design::Design, revisions: Option<PlanQuery>) -> String {
    match revisions {
        Some(q) => format!("{}: plan from revision {} to {}", to.name, q.from, q.to),
        None if from.name == to.name => format!("{}: change plan", to.name),
        None => format!("Change plan from {} to {}", from.name, to.name),
    }
}
