//! The `nullable-required-matrix` fixture's crate, used as a downstream
//! crate would use it: what absent and `null` decode to for each kind of
//! property, and what a request sends for `None`.

use nullable_required_matrix::types::{things, Thing};
use serde_json::json;

#[test]
fn absent_and_null_decode_by_the_tolerance_rules() {
    // Everything absent: required plain values take their defaults (rule
    // 1), a required nullable one is `None` (rule 7), optional ones `None`.
    let thing: Thing = serde_json::from_value(json!({})).unwrap();
    assert_eq!(thing.required_plain, "");
    assert_eq!(thing.required_nullable, None);
    assert!(thing.required_list.is_empty() && thing.required_map.is_empty());
    assert_eq!(thing.optional_plain, None);
    assert_eq!(thing.optional_nullable, None);
    assert_eq!(thing.nullable_ref, None);
    // Everything `null`: an optional nullable property keeps the `null`
    // apart from absence.
    let thing: Thing = serde_json::from_value(json!({
        "required_plain": null, "required_nullable": null, "required_list": null, "required_map": null,
        "optional_plain": null, "optional_nullable": null, "nullable_ref": null, "nullable_all_of": null,
        "nullable_items": ["a", null]
    }))
    .unwrap();
    assert_eq!(thing.required_plain, "");
    assert_eq!(thing.required_nullable, None);
    assert_eq!(thing.optional_plain, None);
    assert_eq!(thing.optional_nullable, Some(None));
    assert_eq!(thing.nullable_ref, Some(None));
    assert_eq!(thing.nullable_all_of, Some(None));
    assert_eq!(thing.nullable_items, Some(vec![Some("a".to_owned()), None]));
    // Values.
    let thing: Thing = serde_json::from_value(json!({"optional_nullable": 1.5, "nullable_ref": {"name": "n"}})).unwrap();
    assert_eq!(thing.optional_nullable, Some(Some(1.5)));
    assert_eq!(thing.nullable_ref.flatten().map(|owner| owner.name), Some("n".to_owned()));
}

#[test]
fn a_required_nullable_property_is_written_as_null_and_an_unset_optional_is_left_out() {
    let thing = Thing { required_plain: "p".to_owned(), ..Thing::default() };
    let written = serde_json::to_value(&thing).unwrap();
    assert_eq!(written, json!({"required_plain": "p", "required_nullable": null, "required_list": [], "required_map": {}}));
    let request = things::UpdateRequest::new("t1");
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"thing_id": "t1"}));
    assert_eq!(serde_json::to_value(request.clone().name(None)).unwrap(), json!({"thing_id": "t1", "name": null}));
    assert_eq!(serde_json::to_value(request.name(Some("x".to_owned()))).unwrap(), json!({"thing_id": "t1", "name": "x"}));
}
