//! The `enums` fixture's crate, used as a downstream crate would use it:
//! open integer and string enums decode values the spec does not list and
//! write them back unchanged.

use enums::types::{Holder, Negative, StatusCode, StringsThatCollide};
use serde_json::json;

#[test]
fn an_integer_the_spec_does_not_list_is_kept_and_written_back() {
    let known: StatusCode = serde_json::from_value(json!(404)).unwrap();
    assert_eq!(known, StatusCode::V404);
    let unknown: StatusCode = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(unknown, StatusCode::Unknown(7));
    assert_eq!(unknown.as_i64(), 7);
    assert_eq!(serde_json::to_value(unknown).unwrap(), json!(7));
    assert_eq!(StatusCode::KNOWN, [200, 404, 500]);
    assert_eq!(StatusCode::from(500), StatusCode::V500);
    assert_eq!(serde_json::from_value::<Negative>(json!(-1)).unwrap(), Negative::Minus1);
    // Not an integer at all is an error, not an unknown value.
    assert!(serde_json::from_value::<StatusCode>(json!("404")).is_err());
}

#[test]
fn a_string_the_spec_does_not_list_is_kept_and_written_back() {
    let value: StringsThatCollide = serde_json::from_value(json!("a_b")).unwrap();
    assert_eq!(value, StringsThatCollide::AB2);
    assert_eq!(value.as_str(), "a_b");
    let new: StringsThatCollide = serde_json::from_value(json!("tomorrow")).unwrap();
    assert_eq!(new.as_str(), "tomorrow");
    assert_eq!(serde_json::to_value(&new).unwrap(), json!("tomorrow"));
    // The listed value `unknown` is a variant of its own; the catch-all
    // takes another name.
    let listed: StringsThatCollide = serde_json::from_value(json!("unknown")).unwrap();
    assert_eq!(listed.as_str(), "unknown");
    assert!(StringsThatCollide::KNOWN.contains(&"unknown"));
}

#[test]
fn a_required_integer_enum_has_no_default_so_its_absence_is_an_error() {
    let err = serde_json::from_value::<Holder>(json!({})).unwrap_err();
    assert!(err.to_string().contains("missing field `code`"), "{err}");
    let holder: Holder = serde_json::from_value(json!({"code": 7, "inline_ints": 9, "mixed": null})).unwrap();
    assert_eq!(holder.code, StatusCode::Unknown(7));
    assert_eq!(holder.inline_ints.map(|value| value.as_i64()), Some(9));
    assert_eq!(holder.mixed, Some(None));
}
