//! The load profile's fields: named peak windows (multiplier on the base rate, plateau and
//! ramp in minutes) and the lag threshold, on the design (every writer) or on one producer or
//! source connector (its own windows instead of the design's). The peak simulation in the
//! Analysis tab reads them.

use design::{LoadProfile, PeakWindow};
use leptos::prelude::*;

use super::fields::{no_hint, problem, NumberInput, Row, TextInput};
use super::state::Editor;

/// Whose profile the fields edit.
#[derive(Clone, Debug, PartialEq)]
pub enum ProfileOwner {
    Design,
    /// A writer (producer or source connector), by id.
    Writer(String),
}

impl ProfileOwner {
    fn get(&self, editor: Editor) -> Option<LoadProfile> {
        match self {
            ProfileOwner::Design => editor.meta().with(|m| m.load_profile.clone()),
            ProfileOwner::Writer(id) => editor
                .slot(id)
                .and_then(|slot| slot.node().with(|n| n.load_profile.clone())),
        }
    }

    /// Changes the profile; consecutive changes of the same `field` are one undo step.
    fn update(&self, editor: Editor, field: &str, change: impl FnOnce(&mut Option<LoadProfile>)) {
        match self {
            ProfileOwner::Design => {
                editor.update_meta(&format!("load_profile/{field}"), |m| change(&mut m.load_profile))
            }
            ProfileOwner::Writer(id) => editor.update_node(id, &format!("load_profile/{field}"), |n| {
                change(&mut n.load_profile)
            }),
        }
    }

    fn node_id(&self) -> Option<&str> {
        match self {
            ProfileOwner::Design => None,
            ProfileOwner::Writer(id) => Some(id),
        }
    }

    fn prefix(&self) -> &'static str {
        match self {
            ProfileOwner::Design => "design",
            ProfileOwner::Writer(_) => "node",
        }
    }
}

/// A new window: twice the base rate for an hour, ramping over a quarter of an hour.
fn new_window(n: usize) -> PeakWindow {
    PeakWindow {
        name: if n == 0 {
            "Peak".into()
        } else {
            format!("Peak {}", n + 1)
        },
        multiplier: 2.0,
        duration_minutes: 60,
        ramp_minutes: 15,
        extra: Default::default(),
    }
}

/// The profile's fields for `owner`.
#[component]
pub fn LoadProfileFields(editor: Editor, owner: ProfileOwner) -> impl IntoView {
    let ro = Signal::derive(move || editor.read_only().get());
    let owner = StoredValue::new(owner);
    let profile = Memo::new(move |_| owner.with_value(|o| o.get(editor)));
    let count = Memo::new(move |_| profile.with(|p| p.as_ref().map_or(0, |p| p.peaks.len())));
    let prefix = owner.with_value(ProfileOwner::prefix);
    let err = move |field: String| {
        Signal::derive(move || {
            editor
                .problems()
                .with(|p| owner.with_value(|o| problem(p, o.node_id(), &field)))
        })
    };
    let add = move |_| {
        owner.with_value(|o| {
            o.update(editor, "add", |p| {
                let p = p.get_or_insert_with(|| LoadProfile {
                    peaks: Vec::new(),
                    lag_threshold_seconds: None,
                    extra: Default::default(),
                });
                let n = p.peaks.len();
                p.peaks.push(new_window(n));
            })
        })
    };
    let remove = move |i: usize| {
        owner.with_value(|o| {
            o.update(editor, "remove", |p| {
                if let Some(profile) = p {
                    if i < profile.peaks.len() {
                        profile.peaks.remove(i);
                    }
                    if profile.peaks.is_empty()
                        && profile.lag_threshold_seconds.is_none()
                        && profile.extra.is_empty()
                    {
                        *p = None;
                    }
                }
            })
        })
    };
    let window = move |i: usize| {
        let set = move |field: &'static str, change: Box<dyn FnOnce(&mut PeakWindow)>| {
            owner.with_value(|o| {
                o.update(editor, &format!("{i}/{field}"), |p| {
                    if let Some(w) = p.as_mut().and_then(|p| p.peaks.get_mut(i)) {
                        change(w);
                    }
                })
            })
        };
        let get = move |read: fn(&PeakWindow) -> f64| {
            Signal::derive(move || profile.with(|p| p.as_ref().and_then(|p| p.peaks.get(i)).map(read)))
        };
        let id = move |field: &str| format!("{prefix}-peak-{i}-{field}");
        let path = move |field: &str| format!("load_profile.peaks[{i}].{field}");
        view! {
            <fieldset class="peak-window" data-testid=format!("peak-window-{i}")>
                <Row label="Window".into() input_id=id("name") hint=no_hint() error=err(path("name"))>
                    <TextInput
                        id=id("name")
                        testid=format!("peak-{i}-name")
                        value=Signal::derive(move || profile.with(|p| p.as_ref().and_then(|p| p.peaks.get(i)).map(|w| w.name.clone()).unwrap_or_default()))
                        disabled=ro
                        on_change=move |v| set("name", Box::new(move |w| w.name = v))
                    />
                </Row>
                <Row label="Rate at the peak".into() input_id=id("multiplier") unit="× base" hint=no_hint() error=err(path("multiplier"))>
                    <NumberInput id=id("multiplier") testid=format!("peak-{i}-multiplier") value=get(|w| w.multiplier) disabled=ro
                        on_change=move |x| if let Some(x) = x { set("multiplier", Box::new(move |w| w.multiplier = x)) } />
                </Row>
                <Row label="Plateau".into() input_id=id("duration") unit="min" hint=no_hint() error=err(path("duration_minutes"))>
                    <NumberInput id=id("duration") testid=format!("peak-{i}-duration") step="1" value=get(|w| f64::from(w.duration_minutes)) disabled=ro
                        on_change=move |x| if let Some(x) = x { set("duration", Box::new(move |w| w.duration_minutes = minutes(x))) } />
                </Row>
                <Row label="Ramp up and down".into() input_id=id("ramp") unit="min" hint=no_hint() error=err(path("ramp_minutes"))>
                    <NumberInput id=id("ramp") testid=format!("peak-{i}-ramp") step="1" value=get(|w| f64::from(w.ramp_minutes)) disabled=ro
                        on_change=move |x| set("ramp", Box::new(move |w| w.ramp_minutes = x.map_or(0, minutes))) />
                </Row>
                <button class="link-button" data-testid=format!("peak-{i}-remove") disabled=move || ro.get() on:click=move |_| remove(i)>
                    "Remove this window"
                </button>
            </fieldset>
        }
    };
    let threshold_id = format!("{prefix}-lag-threshold");
    view! {
        <div class="load-profile" data-testid=format!("{prefix}-load-profile")>
            {move || (0..count.get()).map(window).collect_view()}
            <button class="button" data-testid=format!("{prefix}-add-peak") disabled=move || ro.get() on:click=add>
                "Add a peak window"
            </button>
            {move || (count.get() > 0).then(|| { let threshold_id = threshold_id.clone(); view! {
                <Row label="Lag alert threshold".into() input_id=threshold_id.clone() unit="s"
                    hint=Signal::derive(|| Some("empty: one minute".to_owned()))
                    error=err("load_profile.lag_threshold_seconds".into())>
                    <NumberInput id=threshold_id.clone() testid=format!("{prefix}-lag-threshold") placeholder="60"
                        value=Signal::derive(move || profile.with(|p| p.as_ref().and_then(|p| p.lag_threshold_seconds)))
                        disabled=ro
                        on_change=move |x| owner.with_value(|o| o.update(editor, "threshold", |p| {
                            if let Some(p) = p { p.lag_threshold_seconds = x; }
                        })) />
                </Row>
            }})}
        </div>
    }
}

/// A typed number of minutes, held to what a `u32` holds (the validator says when too long).
fn minutes(x: f64) -> u32 {
    if x.is_finite() {
        x.round().clamp(0.0, f64::from(u32::MAX)) as u32
    } else {
        0
    }
}
