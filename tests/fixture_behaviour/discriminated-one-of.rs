//! The `discriminated-one-of` fixture's crate, used as a downstream crate
//! would use it: a tagged union decodes by its tag, keeps what it cannot
//! read as it came, and says which of the two that was.

use discriminated_one_of::types::Pet;
use serde_json::json;

#[test]
fn the_tag_picks_the_variant_and_anything_else_is_kept_as_it_came() {
    let cat: Pet = serde_json::from_value(json!({"pet_type": "cat", "lives": 9})).unwrap();
    assert_eq!(cat, Pet::Cat { lives: 9 });
    assert_eq!(cat.pet_type(), Some("cat"));
    assert_eq!(serde_json::to_value(&cat).unwrap(), json!({"pet_type": "cat", "lives": 9}));
    let dog: Pet = serde_json::from_value(json!({"pet_type": "dog"})).unwrap();
    assert_eq!(dog, Pet::Dog { good: None });
    // A tag this version does not know.
    let bird = json!({"pet_type": "bird", "wings": 2});
    let decoded: Pet = serde_json::from_value(bird.clone()).unwrap();
    assert!(matches!(&decoded, Pet::Unknown(raw) if *raw == bird));
    assert!(!decoded.is_malformed());
    assert_eq!(decoded.pet_type(), Some("bird"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), bird);
    // A known tag whose body does not fit: `lives` is not an integer.
    let odd = json!({"pet_type": "cat", "lives": "many"});
    let decoded: Pet = serde_json::from_value(odd.clone()).unwrap();
    assert!(matches!(&decoded, Pet::Unknown(raw) if *raw == odd));
    assert!(decoded.is_malformed());
}
